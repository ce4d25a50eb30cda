"""Run a module of this collection the way Ansible does: a separate Python process fed ANSIBLE_MODULE_ARGS.

Faster than ansible-playbook (no controller start-up) and still the real module code end to end.
The ``ansible_collections`` package must be importable (PYTHONPATH pointing at a collections path).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

COLLECTION = "ansible_collections.esmkit.aws.plugins.modules."


def run_module(
    name: str,
    args: dict[str, Any],
    check_mode: bool = False,
    diff: bool = False,
    env: dict[str, str] | None = None,
    fork: bool = False,
) -> dict[str, Any]:
    """Run module ``name`` with ``args``; return its JSON result plus ``rc`` and ``stderr`` (failed runs have ``failed``).

    ``fork``: run it in a forked child of this process (tests/support/forked_runner.py), which saves the start of
    an interpreter; ignored when ESMKIT_MODULE_PYTHON names another interpreter to run the modules on.
    """
    # ESMKIT_MODULE_PYTHON: run the modules on another interpreter (an older ansible-core or SDK, mk/versions.mk).
    python = os.environ.get("ESMKIT_MODULE_PYTHON")
    if fork and not python:
        from tests.support.forked_runner import run_module_forked  # pylint: disable=import-outside-toplevel

        return run_module_forked(name, args, env=env, check_mode=check_mode, diff=diff)
    payload = dict(args)
    payload["_ansible_check_mode"] = check_mode
    payload["_ansible_diff"] = diff
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": payload}, handle)
        path = handle.name
    try:
        proc = subprocess.run(
            [python or sys.executable, "-m", COLLECTION + name, path],
            capture_output=True,
            check=False,
            text=True,
            env=dict(os.environ, **(env or {})),
            timeout=900,
        )
    finally:
        os.unlink(path)
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        raise AssertionError(
            f"module {name} printed no JSON (rc {proc.returncode}):\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
        ) from None
    result["rc"] = proc.returncode
    result["stderr"] = proc.stderr
    return result
