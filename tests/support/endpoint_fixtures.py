"""pytest fixtures shared by the suites that run the modules against a LocalAWS.

A suite's conftest defines ``srv`` (its endpoint) and imports these; they set the endpoint up and read
what it holds with plain boto3, never through the module under test.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.aws_fixtures import create_function, create_queue, create_stream, create_table_stream, make_clients
from tests.support.local_aws import LocalAWS


@pytest.fixture
def clients(srv: LocalAWS) -> dict[str, Any]:
    """Plain boto3 clients straight to the endpoint."""
    return make_clients(srv.url)


@pytest.fixture
def lam(clients: dict[str, Any]) -> Any:
    return clients["lambda"]


@pytest.fixture
def fn(clients: dict[str, Any]) -> str:
    """The function ``fn``; its unqualified ARN."""
    return create_function(clients, "fn")


@pytest.fixture
def queue(clients: dict[str, Any]) -> str:
    """The SQS queue ``orders``; its ARN."""
    return create_queue(clients, "orders")


@pytest.fixture
def stream(clients: dict[str, Any]) -> str:
    """The Kinesis stream ``clicks``; its ARN."""
    return create_stream(clients, "clicks")


@pytest.fixture
def table_stream(clients: dict[str, Any]) -> str:
    """The stream of the DynamoDB table ``orders-table``; its ARN."""
    return create_table_stream(clients, "orders-table")
