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


def _resource(fixture_name: str, create: Any, name: str, doc: str) -> Any:
    """The fixture ``fixture_name``: creates ``name`` with ``create(clients, name)``, gives its ARN."""

    def fixture(clients: dict[str, Any]) -> str:
        return create(clients, name)

    fixture.__doc__ = doc
    return pytest.fixture(fixture, name=fixture_name)


fn = _resource("fn", create_function, "fn", "The function ``fn``; its unqualified ARN.")
queue = _resource("queue", create_queue, "orders", "The SQS queue ``orders``; its ARN.")
stream = _resource("stream", create_stream, "clicks", "The Kinesis stream ``clicks``; its ARN.")
table_stream = _resource(
    "table_stream", create_table_stream, "orders-table", "The stream of the DynamoDB table ``orders-table``; its ARN."
)
