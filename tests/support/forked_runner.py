"""Run a module of this collection in a forked child of the calling process, for tests that run it many times.

The module's ``main()`` runs in the child as it runs under Ansible: arguments through AnsibleModule's
parameter loading, the result as JSON on stdout, and the exit code. What it saves is the start of a new
Python interpreter and the import of ansible and boto3 for each run (about a second on a busy machine);
:func:`tests.support.runner.run_module` is the plain way. Linux only (``os.fork``).
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import sys
import time
import traceback
from typing import Any

from tests.support.runner import COLLECTION

TIMEOUT = 300.0


def run_module_forked(
    name: str, args: dict[str, Any], env: dict[str, str] | None = None, check_mode: bool = False
) -> dict[str, Any]:
    """Run module ``name`` with ``args`` in a forked child; return its JSON result plus ``rc``."""
    from ansible.module_utils import basic

    module = importlib.import_module(COLLECTION + name)
    payload = json.dumps({"ANSIBLE_MODULE_ARGS": dict(args, _ansible_check_mode=check_mode)}).encode()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_end)
            sys.stdout = os.fdopen(write_end, "w")
            os.environ.update(env or {})
            basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE = payload, "legacy"
            module.main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            os._exit(code)
    os.close(write_end)
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
    _unused, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode()
    try:
        result = json.loads(text)
    except ValueError:
        raise AssertionError(f"module {name} printed no JSON (status {status}):\n{text}") from None
    result["rc"] = os.waitstatus_to_exitcode(status)
    return result
