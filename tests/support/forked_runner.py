"""Run a module of this collection in a forked child of the calling process, for tests that run it many times.

The module's ``main()`` runs in the child as it runs under Ansible: arguments through AnsibleModule's
parameter loading (the same ``legacy`` profile as ``python -m``), the caller's environment plus ``env``,
the result as JSON on stdout, warnings and tracebacks on stderr, and the exit code. What it saves is the
start of a new Python interpreter and the import of ansible and boto3 for each run (about a second on a
busy machine); :func:`tests.support.runner.run_module` is the plain way and picks this one when asked.
Linux only (``os.fork``).
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import sys
import tempfile
import time
import traceback
from typing import Any

from tests.support.runner import COLLECTION

TIMEOUT = 300.0


def run_module_forked(
    name: str,
    args: dict[str, Any],
    env: dict[str, str] | None = None,
    check_mode: bool = False,
    diff: bool = False,
) -> dict[str, Any]:
    """Run module ``name`` with ``args`` in a forked child; return its JSON result plus ``rc`` and ``stderr``."""
    module = importlib.import_module(COLLECTION + name)
    payload = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    encoded = json.dumps({"ANSIBLE_MODULE_ARGS": payload}).encode()
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as errors:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child(module, encoded, read_end, write_end, errors.fileno(), env)
        os.close(write_end)
        text = _read(name, pid, read_end)
        _unused, status = os.waitpid(pid, 0)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    try:
        result = json.loads(text)
    except ValueError:
        raise AssertionError(f"module {name} printed no JSON (status {status}):\n{text}\nstderr: {stderr}") from None
    result["rc"] = os.waitstatus_to_exitcode(status)
    result["stderr"] = stderr
    return result


def _child(module: Any, encoded: bytes, read_end: int, write_end: int, errors: int, env: dict[str, str] | None) -> None:
    """Run ``module.main()`` with fd 1 on the pipe and fd 2 on ``errors``; exit with its code."""
    from ansible.module_utils import basic

    code = 1
    try:
        os.close(read_end)
        os.dup2(write_end, 1)
        os.dup2(errors, 2)
        os.close(write_end)
        sys.stdout = os.fdopen(1, "w", closefd=False)
        sys.stderr = os.fdopen(2, "w", closefd=False)
        os.environ.update(env or {})
        basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE = encoded, "legacy"
        module.main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # pylint: disable=broad-except
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # pylint: disable=broad-except
                pass
        os._exit(code)


def _read(name: str, pid: int, read_end: int) -> str:
    chunks = []
    deadline = time.monotonic() + TIMEOUT
    with os.fdopen(read_end, "rb") as output:
        while True:
            ready, _unused, _unused = select.select([output], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise AssertionError(f"module {name} did not finish within {TIMEOUT:.0f}s")
            chunk = os.read(output.fileno(), 65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks).decode()
