"""The endpoint's copy of the rules of issue 16, each from its public source (docs/aws-behaviour.md §2, §6, §9):
Kafka error handling needs provisioned mode, a kafka:// destination is not the source topic, Amazon MQ and
DocumentDB create with a BASIC_AUTH secret, the DocumentDB namespace on Update (both variants), and the source
forms of the model's EventSourceArn documentation (stream consumers, MSK VPC connections)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.endpoint.helpers import FUNCTION, kafka_args
from tests.support import aws_fixtures as aws
from tests.support import builders as arns
from tests.support.local_aws import LocalAWS

POLLERS = {"MinimumPollers": 1, "MaximumPollers": 2}
SECRET = [{"Type": "BASIC_AUTH", "URI": arns.secret_arn()}]


def _msk(**extra: Any) -> dict[str, Any]:
    return dict(
        FunctionName=FUNCTION,
        EventSourceArn=arns.msk_cluster_arn(),
        Topics=["orders"],
        StartingPosition="LATEST",
        **extra,
    )


# docs/aws-behaviour.md §9: "select provisioned mode to configure error handling controls" (kafka-retry-configurations).
ERROR_HANDLING = [
    ("BisectBatchOnFunctionError", True),
    ("MaximumRetryAttempts", 3),
    ("MaximumRetryAttempts", 0),
    ("MaximumRecordAgeInSeconds", 3600),
    ("FunctionResponseTypes", ["ReportBatchItemFailures"]),
    ("DestinationConfig", {"OnFailure": {"Destination": "kafka://failed"}}),
]


def _kafka(**extra: Any) -> dict[str, Any]:
    return dict(kafka_args(), **extra)


@pytest.mark.parametrize("make", [_msk, _kafka], ids=["msk", "kafka"])
@pytest.mark.parametrize("member, value", ERROR_HANDLING, ids=[f"{m}={v}" for m, v in ERROR_HANDLING])
def test_kafka_error_handling_needs_pollers(lam: Any, fn: str, make: Any, member: str, value: Any) -> None:
    code, message, _unused = aws.api_error(lam.create_event_source_mapping, **make(**{member: value}))
    assert code == "InvalidParameterValueException" and "ProvisionedPollerConfig" in message
    assert lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"] == []
    created = lam.create_event_source_mapping(**make(**{member: value, "ProvisionedPollerConfig": POLLERS}))
    assert created[member] == value


@pytest.mark.parametrize(
    "member, value",
    [
        # AWS's own defaults are no error handling, and S3, SNS and SQS destinations predate provisioned mode.
        ("BisectBatchOnFunctionError", False),
        ("MaximumRetryAttempts", -1),
        ("MaximumRecordAgeInSeconds", -1),
        ("FunctionResponseTypes", []),
        ("DestinationConfig", {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:dlq"}}),
    ],
)
def test_kafka_defaults_and_arn_destinations_need_no_pollers(lam: Any, fn: str, member: str, value: Any) -> None:
    assert lam.create_event_source_mapping(**_msk(**{member: value}))["State"] == "Creating"


def test_kafka_pollers_cannot_go_while_error_handling_is_held(lam: Any, fn: str) -> None:
    uuid = lam.create_event_source_mapping(**_msk(MaximumRetryAttempts=3, ProvisionedPollerConfig=POLLERS))["UUID"]
    code, message, _unused = aws.api_error(lam.update_event_source_mapping, UUID=uuid, ProvisionedPollerConfig={})
    assert code == "InvalidParameterValueException" and "MaximumRetryAttempts" in message
    assert lam.get_event_source_mapping(UUID=uuid)["ProvisionedPollerConfig"] == POLLERS
    # Both in one Update: judged on what the mapping would hold.
    lam.update_event_source_mapping(UUID=uuid, ProvisionedPollerConfig={}, MaximumRetryAttempts=-1)
    held = lam.get_event_source_mapping(UUID=uuid)
    assert "ProvisionedPollerConfig" not in held and held["MaximumRetryAttempts"] == -1


def test_kafka_destination_is_not_the_source_topic(lam: Any, fn: str) -> None:
    # docs/aws-behaviour.md §9: "Lambda prevents infinite loops by blocking configurations where the source and
    # destination topics are the same" (kafka-on-failure-destination).
    destination = {"OnFailure": {"Destination": "kafka://orders"}}
    args = _msk(DestinationConfig=destination, ProvisionedPollerConfig=POLLERS)
    code, _message, _unused = aws.api_error(lam.create_event_source_mapping, **args)
    assert code == "InvalidParameterValueException"
    uuid = lam.create_event_source_mapping(**_msk(ProvisionedPollerConfig=POLLERS))["UUID"]
    code, _message, _unused = aws.api_error(lam.update_event_source_mapping, UUID=uuid, DestinationConfig=destination)
    assert code == "InvalidParameterValueException"
    assert "DestinationConfig" not in lam.get_event_source_mapping(UUID=uuid)


@pytest.mark.parametrize(
    "extra",
    [
        {"Queues": ["q"]},
        {"Queues": ["q"], "SourceAccessConfigurations": [{"Type": "VIRTUAL_HOST", "URI": "/prod"}]},
    ],
)
def test_mq_creates_with_a_secret(lam: Any, fn: str, extra: dict[str, Any]) -> None:
    args = dict(FunctionName=FUNCTION, EventSourceArn=arns.mq_broker_arn(), **extra)
    code, _message, _unused = aws.api_error(lam.create_event_source_mapping, **args)
    assert code == "InvalidParameterValueException"
    access = extra.get("SourceAccessConfigurations", []) + SECRET
    assert lam.create_event_source_mapping(**dict(args, SourceAccessConfigurations=access))["State"] == "Creating"


def test_documentdb_creates_with_a_secret(lam: Any, fn: str) -> None:
    args = {
        "FunctionName": FUNCTION,
        "EventSourceArn": arns.docdb_cluster_arn(),
        "DocumentDBEventSourceConfig": {"DatabaseName": "db"},
    }
    code, _message, _unused = aws.api_error(lam.create_event_source_mapping, **args)
    assert code == "InvalidParameterValueException"
    assert lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"] == []
    assert lam.create_event_source_mapping(SourceAccessConfigurations=SECRET, **args)["State"] == "Creating"


def _docdb(lam: Any) -> str:
    return lam.create_event_source_mapping(
        FunctionName=FUNCTION,
        EventSourceArn=arns.docdb_cluster_arn(),
        DocumentDBEventSourceConfig={"DatabaseName": "db", "CollectionName": "c"},
        SourceAccessConfigurations=SECRET,
    )["UUID"]


@pytest.mark.parametrize(
    "sent, named",
    [
        ({"DatabaseName": "db2"}, "databaseName"),
        ({"CollectionName": "c", "FullDocument": "UpdateLookup"}, "collectionName"),
        ({"DatabaseName": "db", "CollectionName": "c"}, "collectionName, databaseName"),
    ],
)
def test_documentdb_update_refuses_the_namespace(lam: Any, fn: str, sent: dict[str, str], named: str) -> None:
    """docs/aws-behaviour.md §2: the answer aws/aws-cli#7756 reports (the default variant)."""
    uuid = _docdb(lam)
    code, message, _unused = aws.api_error(lam.update_event_source_mapping, UUID=uuid, DocumentDBEventSourceConfig=sent)
    assert (code, message) == ("InvalidParameterValueException", f"Invalid parameters: {named}")
    held = lam.get_event_source_mapping(UUID=uuid)["DocumentDBEventSourceConfig"]
    assert held == {"DatabaseName": "db", "CollectionName": "c", "FullDocument": "Default"}


def test_documentdb_update_of_full_document_keeps_the_namespace(lam: Any, fn: str) -> None:
    uuid = _docdb(lam)
    lam.update_event_source_mapping(UUID=uuid, DocumentDBEventSourceConfig={"FullDocument": "UpdateLookup"})
    held = lam.get_event_source_mapping(UUID=uuid)["DocumentDBEventSourceConfig"]
    assert held == {"DatabaseName": "db", "CollectionName": "c", "FullDocument": "UpdateLookup"}


def test_documentdb_update_accepting_the_namespace(srv: LocalAWS, lam: Any, fn: str) -> None:
    """The other answer (CloudFormation: the block updates without interruption), as a variant."""
    srv.configure(docdb_update_accepts_namespace=True)
    uuid = _docdb(lam)
    lam.update_event_source_mapping(UUID=uuid, DocumentDBEventSourceConfig={"CollectionName": "d"})
    assert lam.get_event_source_mapping(UUID=uuid)["DocumentDBEventSourceConfig"]["CollectionName"] == "d"


def test_kinesis_stream_consumer_is_a_source(lam: Any, clients: dict[str, Any], fn: str) -> None:
    """docs/aws-behaviour.md §9: the model's EventSourceArn doc, "the ARN of the data stream or a stream consumer"."""
    stream = aws.create_stream(clients, "s")
    consumer = f"{stream}/consumer/reader:1700000000"
    on_consumer = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=consumer, StartingPosition="LATEST"
    )
    assert on_consumer["EventSourceArn"] == consumer
    # docs/aws-behaviour.md §6: each ARN is its own source.
    lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="LATEST")
    listed = lam.list_event_source_mappings(EventSourceArn=consumer)["EventSourceMappings"]
    assert [m["UUID"] for m in listed] == [on_consumer["UUID"]]
    code, _message, _unused = aws.api_error(
        lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=consumer, StartingPosition="LATEST"
    )
    assert code == "ResourceConflictException"


def test_msk_vpc_connection_is_a_source(lam: Any, fn: str) -> None:
    """docs/aws-behaviour.md §9: "the ARN of the cluster or the ARN of the VPC connection (for cross-account event
    source mappings)"; the form is the developer guide's msk-cross-account example."""
    connection = "arn:aws:kafka:us-east-1:123456789012:vpc-connection/444455556666/my-cluster/51jn98b4-0a61-46cc-b0a6-61g9a3d797d5-7"
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=connection, Topics=["orders"], StartingPosition="LATEST"
    )
    assert created["EventSourceArn"] == connection and created["AmazonManagedKafkaEventSourceConfig"]
    code, _message, _unused = aws.api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=connection,
        Topics=["orders"],
        StartingPosition="LATEST",
    )
    assert code == "ResourceConflictException"
