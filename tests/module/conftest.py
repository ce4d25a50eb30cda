"""Module tests: the real module, run as Ansible runs it, against the local endpoint.

Each test asserts what the endpoint holds afterwards, read with plain boto3, not only what the module said.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest

from tests.support.aws_fixtures import create_function, create_queue, create_stream, create_table_stream, make_clients
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
    srv.configure(transition_seconds=TRANSITION_SECONDS, normalise_patterns=False)


@pytest.fixture
def clients(srv: LocalAWS) -> dict[str, Any]:
    return make_clients(srv.url)


@pytest.fixture
def lam(clients: dict[str, Any]) -> Any:
    return clients["lambda"]


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
        return run_module("lambda_event_source_mapping", args, check_mode=check, diff=diff, env=env)

    return run


@pytest.fixture
def esm_info(env: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def run(check: bool = False, **args: Any) -> dict[str, Any]:
        return run_module("lambda_event_source_mapping_info", args, check_mode=check, env=env)

    return run


@pytest.fixture
def fn(clients: dict[str, Any]) -> str:
    return create_function(clients, "fn")


@pytest.fixture
def queue(clients: dict[str, Any]) -> str:
    return create_queue(clients, "orders")


@pytest.fixture
def stream(clients: dict[str, Any]) -> str:
    return create_stream(clients, "clicks")


@pytest.fixture
def table_stream(clients: dict[str, Any]) -> str:
    return create_table_stream(clients, "orders-table")


def held(lam: Any, **filters: Any) -> list:
    """Every mapping the endpoint holds for the filters, following pages."""
    found = []
    for page in lam.get_paginator("list_event_source_mappings").paginate(**filters):
        found.extend(page["EventSourceMappings"])
    return found


def lambda_requests(srv: LocalAWS) -> list:
    return [(r["operation"]) for r in srv.requests() if r.get("service") == "lambda"]
