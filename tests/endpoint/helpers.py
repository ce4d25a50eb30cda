"""Small helpers shared by the endpoint tests."""

from __future__ import annotations

from typing import Any

from tests.support.builders import secret_arn

FUNCTION = "fn"


def kafka_args(servers: list[str] | None = None, topic: str = "topic", function: str = FUNCTION) -> dict[str, Any]:
    return {
        "FunctionName": function,
        "SelfManagedEventSource": {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers or ["kafka:1000"]}},
        "Topics": [topic],
        "StartingPosition": "TRIM_HORIZON",
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": secret_arn()}],
    }


def strip(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def status(response: dict[str, Any]) -> int:
    return int(response["ResponseMetadata"]["HTTPStatusCode"])
