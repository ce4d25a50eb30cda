"""The row is what it says: the modules run on the row's ansible-core, boto3 and botocore."""

from __future__ import annotations

import sys

from tests.versions.conftest import pins


def test_the_modules_run_on_the_rows_pinned_versions(row: str, module_versions: dict[str, str]) -> None:
    expected = pins(row)
    for name in ("ansible-core", "boto3", "botocore"):
        assert module_versions[name] == expected[name], (name, module_versions, expected)
    assert module_versions["ansible-core"].startswith(row + ".")


def test_the_endpoint_side_is_another_python(module_versions: dict[str, str]) -> None:
    # The endpoint (moto) and pytest stay on .venv; only the module processes use the row's interpreter.
    import ansible.release

    assert ansible.release.__version__ != module_versions["ansible-core"], sys.executable
