"""Fakes for the unit tests of the esmkit.aws event source mapping logic.

Only boto3 is faked (a client that records calls and answers from a script), never the collection's own
code. Errors are real ``botocore.exceptions.ClientError`` objects with the shape botocore builds from an
AWS error response; time is a fake clock that only moves when the code under test sleeps.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

# A runaway retry loop must fail the test, not hang the suite.
MAX_CALLS = 500


def client_error(
    code: str, message: str, operation: str = "UpdateEventSourceMapping", status: int = 400
) -> ClientError:
    """A ClientError as botocore raises it for an AWS error response."""
    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {
            "RequestId": "00000000-0000-0000-0000-000000000000",
            "HTTPStatusCode": status,
            "HTTPHeaders": {},
            "RetryAttempts": 0,
        },
    }
    if code in (
        "ResourceInUseException",
        "InvalidParameterValueException",
        "ResourceConflictException",
        "ResourceNotFoundException",
    ):
        response["Type"] = "User"
    return ClientError(response, operation)


def not_found(operation: str = "GetEventSourceMapping") -> ClientError:
    return client_error("ResourceNotFoundException", "The resource you requested does not exist.", operation, 404)


class FakePaginator:
    def __init__(self, client: FakeLambda, operation: str) -> None:
        self.client = client
        self.operation = operation

    def paginate(self, **kwargs: Any):
        self.client.calls.append(("paginate:" + self.operation, kwargs))
        pages = self.client.pages
        if self.client.listings:
            # One listing per call, the last one repeating.
            pages = self.client.listings.pop(0) if len(self.client.listings) > 1 else self.client.listings[0]
        for page in pages:
            if isinstance(page, Exception):
                raise page
            yield dict(page, ResponseMetadata={"HTTPStatusCode": 200})


class FakeLambda:
    """A boto3 Lambda client stand-in.

    ``script`` maps an operation name to the answers of its successive calls: a dict is returned (with a
    ``ResponseMetadata`` added, as boto3 does), an exception is raised, a callable is called with the
    keyword arguments. The last answer repeats once the list runs out.
    """

    def __init__(
        self,
        script: dict[str, list[Any]] | None = None,
        pages: list[Any] | None = None,
        listings: list[list[Any]] | None = None,
    ) -> None:
        self.script = {op: list(answers) for op, answers in (script or {}).items()}
        self.pages = pages or []
        self.listings = list(listings or [])
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _answer(self, operation: str, kwargs: dict[str, Any]) -> Any:
        self.calls.append((operation, kwargs))
        if len(self.calls) > MAX_CALLS:
            raise AssertionError(f"runaway loop: more than {MAX_CALLS} client calls, last {operation}")
        answers = self.script.get(operation)
        if not answers:
            raise AssertionError(f"unexpected call {operation}({kwargs})")
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if callable(answer):
            answer = answer(**kwargs)
        if isinstance(answer, Exception):
            raise answer
        return dict(answer, ResponseMetadata={"HTTPStatusCode": 200, "RequestId": "r"})

    def __getattr__(self, operation: str) -> Callable[..., Any]:
        if operation.startswith("_"):
            raise AttributeError(operation)
        return lambda **kwargs: self._answer(operation, kwargs)

    def get_paginator(self, operation: str) -> FakePaginator:
        return FakePaginator(self, operation)

    def ops(self) -> list[str]:
        return [operation for operation, _unused in self.calls]


class FakeClock:
    """``clock`` and ``sleep`` for aws.Api: time passes only by sleeping."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_lambda():
    return FakeLambda


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def aws_error():
    return client_error


@pytest.fixture
def aws_not_found():
    return not_found
