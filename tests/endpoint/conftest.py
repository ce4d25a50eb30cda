"""Fixtures for the LocalAWS endpoint tests: one server per test module, state wiped per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.endpoint.helpers import FUNCTION
from tests.support.aws_fixtures import create_function, make_clients
from tests.support.local_aws import LocalAWS


@pytest.fixture(scope="module")
def srv() -> Iterator[LocalAWS]:
    with LocalAWS(port=0, transition_seconds=0.0) as server:
        yield server


@pytest.fixture(scope="module")
def clients(srv: LocalAWS) -> dict[str, Any]:
    return make_clients(srv.url)


@pytest.fixture(autouse=True)
def _fresh(srv: LocalAWS) -> None:
    srv.reset()
    srv.configure(
        transition_seconds=0.0,
        normalise_patterns=False,
        mq_update_keeps_virtual_host=True,
        docdb_update_accepts_namespace=False,
    )


@pytest.fixture
def lam(clients: dict[str, Any]) -> Any:
    return clients["lambda"]


@pytest.fixture
def fn(clients: dict[str, Any]) -> str:
    """A function named FUNCTION; returns its unqualified ARN."""
    return create_function(clients, FUNCTION)
