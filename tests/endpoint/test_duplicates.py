"""Duplicate refusal per source kind (docs/aws-behaviour.md §6)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.endpoint.helpers import FUNCTION, kafka_args
from tests.support import aws_fixtures as aws
from tests.support import builders as arns
from tests.support.local_aws import LocalAWS

TAIL = "already exists. Please update or delete the existing mapping with UUID"


def test_sqs_duplicate(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = aws.create_queue(clients, "q")
    first = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    assert aws.api_error(lam.create_event_source_mapping, FunctionName=fn, EventSourceArn=queue) == (
        "ResourceConflictException",
        f'An event source mapping with SQS arn (" {queue} ") and function (" {fn} ") {TAIL} {first["UUID"]}',
        409,
    )
    # A different function on the same queue is allowed.
    aws.create_function(clients, "other")
    lam.create_event_source_mapping(FunctionName="other", EventSourceArn=queue)


def test_different_qualifiers_are_different_mappings(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = aws.create_queue(clients, "q")
    version = lam.publish_version(FunctionName=FUNCTION)["Version"]
    lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    lam.create_event_source_mapping(FunctionName=f"{FUNCTION}:$LATEST", EventSourceArn=queue)
    qualified = lam.create_event_source_mapping(FunctionName=f"{FUNCTION}:{version}", EventSourceArn=queue)
    # The same qualifier spelled as an ARN is a duplicate.
    code, message, _unused = aws.api_error(
        lam.create_event_source_mapping, FunctionName=f"{fn}:{version}", EventSourceArn=queue
    )
    assert code == "ResourceConflictException" and qualified["UUID"] in message


def test_stream_duplicates(lam: Any, clients: dict[str, Any], fn: str) -> None:
    for arn in (aws.create_stream(clients, "s"), aws.create_table_stream(clients, "t")):
        first = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=arn, StartingPosition="LATEST")
        assert aws.api_error(
            lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=arn, StartingPosition="TRIM_HORIZON"
        ) == (
            "ResourceConflictException",
            f'The event source arn (" {arn} ") and function (" {FUNCTION} ") provided mapping {TAIL} {first["UUID"]}',
            409,
        )


def test_kafka_duplicates(lam: Any, fn: str) -> None:
    first = lam.create_event_source_mapping(**kafka_args(servers=["kafka:1000"], topic="topic"))
    assert aws.api_error(lam.create_event_source_mapping, **kafka_args(servers=["kafka:1000"], topic="topic")) == (
        "ResourceConflictException",
        f'An event source mapping with event source ("kafka:1000"), function ("{fn}"), topics ("topic") '
        f"{TAIL} {first['UUID']}",
        409,
    )
    # Overlap on one of several brokers is enough.
    code, message, _unused = aws.api_error(
        lam.create_event_source_mapping, **kafka_args(servers=["other:1", "kafka:1000"], topic="topic")
    )
    assert code == "ResourceConflictException" and first["UUID"] in message
    # A different topic, or brokers that do not overlap, are allowed.
    lam.create_event_source_mapping(**kafka_args(servers=["kafka:1000"], topic="topic2"))
    lam.create_event_source_mapping(**kafka_args(servers=["other:1"], topic="topic"))


def test_msk_duplicates(lam: Any, fn: str) -> None:
    args = {"FunctionName": FUNCTION, "EventSourceArn": arns.msk_cluster_arn(), "StartingPosition": "LATEST"}
    first = lam.create_event_source_mapping(Topics=["a"], **args)
    code, message, http = aws.api_error(lam.create_event_source_mapping, Topics=["a"], **args)
    assert (code, http) == ("ResourceConflictException", 409) and first["UUID"] in message
    lam.create_event_source_mapping(Topics=["b"], **args)


def test_mq_duplicates(lam: Any, fn: str) -> None:
    args = {
        "FunctionName": FUNCTION,
        "EventSourceArn": arns.mq_broker_arn(),
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": arns.secret_arn()}],
    }
    first = lam.create_event_source_mapping(Queues=["a"], **args)
    code, message, http = aws.api_error(lam.create_event_source_mapping, Queues=["a"], **args)
    assert (code, http) == ("ResourceConflictException", 409) and first["UUID"] in message
    lam.create_event_source_mapping(Queues=["b"], **args)


@pytest.mark.parametrize(
    "namespace",
    [
        {"DatabaseName": "db", "CollectionName": "c"},
        {"DatabaseName": "db", "CollectionName": "d"},
        {"DatabaseName": "db2"},
    ],
)
def test_documentdb_duplicates(lam: Any, fn: str, namespace: dict[str, str]) -> None:
    """docs/aws-behaviour.md §6: one mapping per function and cluster, whatever the database and collection
    (the stricter answer; AWS's own rule is not public)."""
    args = {
        "FunctionName": FUNCTION,
        "EventSourceArn": arns.docdb_cluster_arn(),
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": arns.secret_arn()}],
    }
    first = lam.create_event_source_mapping(
        DocumentDBEventSourceConfig={"DatabaseName": "db", "CollectionName": "c"}, **args
    )
    code, message, http = aws.api_error(lam.create_event_source_mapping, DocumentDBEventSourceConfig=namespace, **args)
    assert (code, http) == ("ResourceConflictException", 409) and first["UUID"] in message
    assert len(lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"]) == 1


def test_deleting_mapping_still_counts(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = aws.create_queue(clients, "q")
    first = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    srv.configure(transition_seconds=30)
    lam.delete_event_source_mapping(UUID=first["UUID"])
    code, message, _unused = aws.api_error(lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=queue)
    assert code == "ResourceConflictException" and first["UUID"] in message


def test_update_onto_a_duplicate_is_refused(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = aws.create_queue(clients, "q")
    aws.create_function(clients, "other")
    first = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    second = lam.create_event_source_mapping(FunctionName="other", EventSourceArn=queue)
    code, message, _unused = aws.api_error(lam.update_event_source_mapping, UUID=second["UUID"], FunctionName=FUNCTION)
    assert code == "ResourceConflictException" and first["UUID"] in message
