"""Module tests: the real module, run as Ansible runs it, against the local endpoint.

Each test asserts what the endpoint holds afterwards, read with plain boto3, not only what the module said.
The modules run in a forked child of the test process (tests/support/forked_runner.py: the same arguments,
environment, output and exit code as a real process, without a second of imports per run);
test_forked_runner.py checks that against a real ``python -m`` process, and ESMKIT_MODULE_PYTHON
(mk/versions.mk) switches every run to a real process on that interpreter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest

# Shared fixtures, imported to register them here.
from tests.support.endpoint_fixtures import clients, fn, lam, queue, stream, table_stream  # noqa: F401  # pylint: disable=unused-import
from tests.support.local_aws import LocalAWS
from tests.support.runner import run_module

# Short enough to keep the suite quick, long enough that every write is followed by a real wait.
TRANSITION_SECONDS = 0.3


@pytest.fixture(scope="session")
def srv() -> Iterator[LocalAWS]:
    with LocalAWS(port=0, transition_seconds=TRANSITION_SECONDS) as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh(srv: LocalAWS) -> None:
    srv.reset()
    srv.configure(transition_seconds=TRANSITION_SECONDS, normalise_patterns=False, docdb_update_accepts_namespace=False)


@pytest.fixture
def env(srv: LocalAWS) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": srv.url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
    }


@pytest.fixture
def esm(env: dict[str, str]) -> Callable[..., dict[str, Any]]:
    """Run lambda_event_source_mapping; ``check`` and ``diff`` switch the modes."""

    def run(check: bool = False, diff: bool = True, **args: Any) -> dict[str, Any]:
        return run_module("lambda_event_source_mapping", args, check_mode=check, diff=diff, env=env, fork=True)

    return run


@pytest.fixture
def esm_set(env: dict[str, str]) -> Callable[..., dict[str, Any]]:
    """Run lambda_event_source_mapping_set; ``check`` and ``diff`` switch the modes."""

    def run(check: bool = False, diff: bool = True, **args: Any) -> dict[str, Any]:
        return run_module("lambda_event_source_mapping_set", args, check_mode=check, diff=diff, env=env, fork=True)

    return run


@pytest.fixture
def esm_info(env: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def run(check: bool = False, **args: Any) -> dict[str, Any]:
        return run_module("lambda_event_source_mapping_info", args, check_mode=check, env=env, fork=True)

    return run


def lambda_requests(srv: LocalAWS) -> list:
    return [(r["operation"]) for r in srv.requests() if r.get("service") == "lambda"]
