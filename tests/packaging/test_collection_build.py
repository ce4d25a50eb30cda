"""The built collection: what its tarball holds, and what ansible-builder finds in the installed copy.

The collection is built from a copy of the working tree with development leftovers added (as a developer's
checkout has them), so each build_ignore entry is really exercised.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from ansible_collections.esmkit.aws.plugins.module_utils._esm import sdk

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# Files a checkout has that users must not get, beyond the tracked development files.
LEFTOVERS = (
    "changelogs/.plugin-cache.yaml",
    ".venv-core2.17/pyvenv.cfg",
    "tests/output/junit/result.xml",
    "build/ansible-test/sanity.log",
)
# Tracked development files that stay out of the tarball.
DEVELOPMENT = (
    "Makefile",
    "mk/",
    "scripts/",
    "pyproject.toml",
    "requirements-dev.txt",
    "requirements-dev-constraints.txt",
    ".ci/",
    ".ansible-lint",
    ".gitignore",
)
# What users need.
SHIPPED = (
    "COPYING",
    "README.md",
    "requirements.txt",
    "meta/execution-environment.yml",
    "meta/runtime.yml",
    "plugins/modules/lambda_event_source_mapping.py",
    "plugins/module_utils/_esm/sdk.py",
    "docs/botocore-minimums.md",
    "MANIFEST.json",
    "FILES.json",
)


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, cwd=cwd, timeout=300)
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _tracked_and_new(root: Path) -> list[str]:
    """The files `make build` would see in a checkout: tracked and untracked, minus .gitignore'd ones."""
    out = _run("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return [name for name in out.split("\0") if name and (root / name).is_file()]


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("tree") / "esmkit.aws"
    for name in _tracked_and_new(ROOT):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    for name in LEFTOVERS:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text("leftover\n")
    out = tmp_path_factory.mktemp("dist")
    _run(BIN / "ansible-galaxy", "collection", "build", "--output-path", out, tree)
    (built,) = out.glob("esmkit-aws-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def members(tarball: Path) -> dict[str, bytes]:
    with tarfile.open(tarball) as archive:
        return {
            m.name: archive.extractfile(m).read()  # type: ignore[union-attr]
            for m in archive.getmembers()
            if m.isfile()
        }


@pytest.mark.parametrize("name", SHIPPED)
def test_the_tarball_ships_what_users_need(members: dict[str, bytes], name: str) -> None:
    assert name in members


@pytest.mark.parametrize("name", DEVELOPMENT + LEFTOVERS)
def test_the_tarball_leaves_development_files_out(members: dict[str, bytes], name: str) -> None:
    assert not [member for member in members if member == name or member.startswith(name.rstrip("/") + "/")]


def test_no_empty_sanity_ignore_file_is_shipped(members: dict[str, bytes]) -> None:
    assert not [name for name, data in members.items() if name.startswith("tests/sanity/ignore") and not data.strip()]


def test_the_license_is_the_gpl3_text_and_the_manifest_names_it(members: dict[str, bytes]) -> None:
    text = members["COPYING"].decode()
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE")
    assert "Version 3, 29 June 2007" in text
    assert "END OF TERMS AND CONDITIONS" in text
    manifest = json.loads(members["MANIFEST.json"])
    assert manifest["collection_info"]["license_file"] == "COPYING"


def test_requirements_txt_holds_the_runtime_minimums_only(members: dict[str, bytes]) -> None:
    lines = [line.strip() for line in members["requirements.txt"].decode().splitlines()]
    pins = sorted(line for line in lines if line and not line.startswith("#"))
    assert pins == [f"boto3>={sdk.MINIMUM_BOTO3}", f"botocore>={sdk.MINIMUM_BOTOCORE}"]


def test_the_execution_environment_file_points_at_requirements_txt(members: dict[str, bytes]) -> None:
    meta = yaml.safe_load(members["meta/execution-environment.yml"])
    assert meta["dependencies"]["python"] == "requirements.txt"


@pytest.fixture(scope="module")
def installed(tarball: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("collections")
    _run(BIN / "ansible-galaxy", "collection", "install", "--force", "--offline", "-p", path, tarball)
    assert (path / "ansible_collections" / "esmkit" / "aws" / "MANIFEST.json").is_file()
    yield path


def test_ansible_builder_introspection_finds_boto3_and_botocore(installed: Path) -> None:
    # What ansible-builder reads from every collection when it builds an execution environment.
    out = _run(BIN / "ansible-builder", "introspect", "--sanitize", installed)
    found = yaml.safe_load(out)
    python = [str(entry) for entry in found["python"]]
    assert f"boto3>={sdk.MINIMUM_BOTO3}  # from collection esmkit.aws" in python, out
    assert f"botocore>={sdk.MINIMUM_BOTOCORE}  # from collection esmkit.aws" in python, out
    assert len(python) == 2, out
