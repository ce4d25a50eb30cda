"""Rows of the version matrix: the module tests' fixtures, with the modules run on a row's own Python.

``make versions`` (mk/versions.mk) runs pytest from .venv, with the local endpoint, and sets
``ESMKIT_MODULE_PYTHON`` to the row's interpreter (tests/support/runner.py runs the modules with it) and
``ESMKIT_ROW`` to the row's name: its exact pins are in ``tests/versions/core-<row>.txt``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

# The module suite's endpoint and fixtures, imported to register them here.
from tests.module.conftest import _fresh, env, esm, esm_info, srv  # noqa: F401  # pylint: disable=unused-import
from tests.support.endpoint_fixtures import clients, fn, lam, queue  # noqa: F401  # pylint: disable=unused-import

HERE = Path(__file__).resolve().parent


def pins(row: str) -> dict[str, str]:
    """``name -> version`` of a row's requirements file (names lower-cased)."""
    found = {}
    for line in (HERE / f"core-{row}.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            found[name.strip().lower()] = version.strip()
    return found


@pytest.fixture(scope="session")
def row() -> str:
    name = os.environ.get("ESMKIT_ROW")
    assert name, "ESMKIT_ROW is not set: run these tests through `make versions`"
    assert os.environ.get("ESMKIT_MODULE_PYTHON"), "ESMKIT_MODULE_PYTHON is not set: run through `make versions`"
    return name


def module_python(code: str, *args: str) -> str:
    """Run ``code`` (with ``args``) on the interpreter the modules run on; its stdout."""
    proc = subprocess.run(
        [os.environ["ESMKIT_MODULE_PYTHON"], "-c", code, *args], capture_output=True, text=True, check=True, timeout=120
    )
    return proc.stdout


@pytest.fixture(scope="session")
def module_versions(row: str) -> dict[str, str]:
    """The versions the modules' interpreter imports: ansible-core, boto3, botocore."""
    code = (
        "import json, boto3, botocore; from ansible.release import __version__ as core; "
        "print(json.dumps({'ansible-core': core, 'boto3': boto3.__version__, 'botocore': botocore.__version__}))"
    )
    return json.loads(module_python(code))
