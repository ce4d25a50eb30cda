"""CreateEventSourceMapping: source kinds, defaults per kind, required fields and rejections."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import pytest

from tests.endpoint.helpers import FUNCTION, kafka_args, status, strip
from tests.support.aws_fixtures import api_error, create_queue, create_stream, create_table_stream
from tests.support.builders import docdb_cluster_arn, mq_broker_arn, msk_cluster_arn, secret_arn

COMMON_KEYS = {
    "EventSourceMappingArn",
    "FunctionArn",
    "LastModified",
    "State",
    "StateTransitionReason",
    "UUID",
}
BASIC_AUTH = [{"Type": "BASIC_AUTH", "URI": secret_arn()}]


# ---------------------------------------------------------------- defaults per kind (docs/aws-behaviour.md §3)


def test_sqs_defaults_have_exactly_the_recorded_keys(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    response = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    assert status(response) == 202
    body = strip(response)
    assert set(body) == COMMON_KEYS | {
        "BatchSize",
        "EventSourceArn",
        "FunctionResponseTypes",
        "MaximumBatchingWindowInSeconds",
    }
    assert body["BatchSize"] == 10
    assert body["MaximumBatchingWindowInSeconds"] == 0
    assert body["FunctionResponseTypes"] == []
    assert body["StateTransitionReason"] == "USER_INITIATED"
    assert body["State"] == "Creating"
    assert body["FunctionArn"] == fn
    assert body["EventSourceMappingArn"] == (
        f"arn:aws:lambda:us-east-1:123456789012:event-source-mapping:{body['UUID']}"
    )


@pytest.mark.parametrize("kind", ["kinesis", "dynamodb"])
def test_stream_defaults_have_exactly_the_recorded_keys(lam: Any, clients: dict[str, Any], fn: str, kind: str) -> None:
    arn = create_stream(clients, "s") if kind == "kinesis" else create_table_stream(clients, "t")
    body = strip(lam.create_event_source_mapping(FunctionName=fn, EventSourceArn=arn, StartingPosition="LATEST"))
    assert set(body) == COMMON_KEYS | {
        "BatchSize",
        "BisectBatchOnFunctionError",
        "DestinationConfig",
        "EventSourceArn",
        "FunctionResponseTypes",
        "LastProcessingResult",
        "MaximumBatchingWindowInSeconds",
        "MaximumRecordAgeInSeconds",
        "MaximumRetryAttempts",
        "ParallelizationFactor",
        "StartingPosition",
        "TumblingWindowInSeconds",
    }
    assert body["BatchSize"] == 100
    assert body["BisectBatchOnFunctionError"] is False
    assert body["DestinationConfig"] == {"OnFailure": {}}
    assert body["FunctionResponseTypes"] == []
    assert body["LastProcessingResult"] == "No records processed"
    assert body["MaximumBatchingWindowInSeconds"] == 0
    assert body["MaximumRecordAgeInSeconds"] == -1
    assert body["MaximumRetryAttempts"] == -1
    assert body["ParallelizationFactor"] == 1
    assert body["TumblingWindowInSeconds"] == 0
    assert body["StateTransitionReason"] == "User action"


def test_self_managed_kafka_defaults(lam: Any, fn: str) -> None:
    body = strip(lam.create_event_source_mapping(**kafka_args(servers=["b2:9092", "b1:9092"])))
    assert set(body) == COMMON_KEYS | {
        "BatchSize",
        "LastProcessingResult",
        "SelfManagedEventSource",
        "SelfManagedKafkaEventSourceConfig",
        "SourceAccessConfigurations",
        "StartingPosition",
        "Topics",
    }
    assert "MaximumBatchingWindowInSeconds" not in body and "EventSourceArn" not in body
    assert body["BatchSize"] == 100
    assert body["SelfManagedKafkaEventSourceConfig"] == {"ConsumerGroupId": body["UUID"]}
    # docs/aws-behaviour.md §3: brokers come back sorted.
    assert body["SelfManagedEventSource"] == {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["b1:9092", "b2:9092"]}}
    assert body["StateTransitionReason"] == "USER_INITIATED"


def test_kafka_window_key_only_when_set_and_group_id_kept(lam: Any, fn: str) -> None:
    args = kafka_args()
    args["MaximumBatchingWindowInSeconds"] = 5
    args["SelfManagedKafkaEventSourceConfig"] = {"ConsumerGroupId": "my-group"}
    body = lam.create_event_source_mapping(**args)
    assert body["MaximumBatchingWindowInSeconds"] == 5
    assert body["SelfManagedKafkaEventSourceConfig"] == {"ConsumerGroupId": "my-group"}


def test_msk_defaults(lam: Any, fn: str) -> None:
    body = strip(
        lam.create_event_source_mapping(
            FunctionName=FUNCTION, EventSourceArn=msk_cluster_arn(), Topics=["orders"], StartingPosition="LATEST"
        )
    )
    assert set(body) == COMMON_KEYS | {
        "AmazonManagedKafkaEventSourceConfig",
        "BatchSize",
        "EventSourceArn",
        "LastProcessingResult",
        "StartingPosition",
        "Topics",
    }
    assert body["AmazonManagedKafkaEventSourceConfig"] == {"ConsumerGroupId": body["UUID"]}
    assert body["BatchSize"] == 100


@pytest.mark.parametrize("rabbit", [False, True])
def test_mq_defaults(lam: Any, fn: str, rabbit: bool) -> None:
    access = list(BASIC_AUTH) + ([{"Type": "VIRTUAL_HOST", "URI": "/vhost"}] if rabbit else [])
    body = strip(
        lam.create_event_source_mapping(
            FunctionName=FUNCTION, EventSourceArn=mq_broker_arn(), Queues=["q1"], SourceAccessConfigurations=access
        )
    )
    assert set(body) == COMMON_KEYS | {
        "BatchSize",
        "EventSourceArn",
        "LastProcessingResult",
        "Queues",
        "SourceAccessConfigurations",
    }
    assert body["BatchSize"] == 100
    assert body["SourceAccessConfigurations"] == access


def test_documentdb_defaults(lam: Any, fn: str) -> None:
    body = strip(
        lam.create_event_source_mapping(
            FunctionName=FUNCTION,
            EventSourceArn=docdb_cluster_arn(),
            DocumentDBEventSourceConfig={"DatabaseName": "db", "CollectionName": "c"},
            SourceAccessConfigurations=BASIC_AUTH,
        )
    )
    assert "MaximumBatchingWindowInSeconds" not in body
    assert body["BatchSize"] == 100
    assert body["DocumentDBEventSourceConfig"] == {
        "DatabaseName": "db",
        "CollectionName": "c",
        "FullDocument": "Default",
    }


def test_fifo_queue_defaults_and_batch_limit(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q", fifo=True)
    assert lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue, BatchSize=10)["BatchSize"] == 10
    other = create_queue(clients, "q2", fifo=True)
    code, message, http = api_error(
        lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=other, BatchSize=11
    )
    assert (code, http) == ("InvalidParameterValueException", 400)
    assert "less than or equal to 10" in message


def test_filter_criteria_absent_when_created_with_empty_filters(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    body = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue, FilterCriteria={"Filters": []})
    assert "FilterCriteria" not in body
    assert "FilterCriteria" not in lam.get_event_source_mapping(UUID=body["UUID"])


def test_tags_are_not_returned_by_create(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    body = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue, Tags={"team": "a"})
    assert "Tags" not in body


# ---------------------------------------------------------------- function and source resolution


def test_missing_function(lam: Any, clients: dict[str, Any]) -> None:
    queue = create_queue(clients, "q")
    assert api_error(lam.create_event_source_mapping, FunctionName="nope", EventSourceArn=queue) == (
        "InvalidParameterValueException",
        "Function does not exist",
        400,
    )


def test_missing_qualifier_is_a_missing_function(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    code, message, _unused = api_error(
        lam.create_event_source_mapping, FunctionName=f"{FUNCTION}:7", EventSourceArn=queue
    )
    assert (code, message) == ("InvalidParameterValueException", "Function does not exist")


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:sqs:us-east-1:123456789012:no-such-queue",
        "arn:aws:kinesis:us-east-1:123456789012:stream/no-such-stream",
        "arn:aws:dynamodb:us-east-1:123456789012:table/none/stream/2024-01-01T00:00:00.000",
        "arn:aws:sns:us-east-1:123456789012:topic",
    ],
)
def test_unknown_event_source(lam: Any, fn: str, arn: str) -> None:
    extra = {} if ":sqs:" in arn or ":sns:" in arn else {"StartingPosition": "LATEST"}
    assert api_error(lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=arn, **extra) == (
        "InvalidParameterValueException",
        "Unrecognized event source.",
        400,
    )


def test_no_source_at_all_is_unrecognized(lam: Any, fn: str) -> None:
    code, message, _unused = api_error(lam.create_event_source_mapping, FunctionName=FUNCTION)
    assert (code, message) == ("InvalidParameterValueException", "Unrecognized event source.")


def test_malformed_event_source_arn_is_a_validation_error(lam: Any, fn: str) -> None:
    code, message, http = api_error(lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn="not-an-arn")
    assert (code, http) == ("ValidationException", 400)
    assert "eventSourceArn" in message


@pytest.mark.parametrize(
    "reference, expected_suffix",
    [
        ("{name}", ""),
        ("{name}:$LATEST", ":$LATEST"),
        ("{name}:1", ":1"),
        ("{name}:live", ":live"),
        ("arn:aws:lambda:us-east-1:123456789012:function:{name}", ""),
        ("arn:aws:lambda:us-east-1:123456789012:function:{name}:live", ":live"),
        ("123456789012:function:{name}", ""),
        ("123456789012:function:{name}:1", ":1"),
    ],
)
def test_function_name_resolution(
    lam: Any, clients: dict[str, Any], fn: str, reference: str, expected_suffix: str
) -> None:
    version = lam.publish_version(FunctionName=FUNCTION)["Version"]
    lam.create_alias(FunctionName=FUNCTION, Name="live", FunctionVersion=version)
    queue = create_queue(clients, "q")
    body = lam.create_event_source_mapping(FunctionName=reference.format(name=FUNCTION), EventSourceArn=queue)
    # docs/aws-behaviour.md §6 Qualifiers: name → unqualified ARN, qualifiers are kept.
    assert body["FunctionArn"] == fn + expected_suffix


# ---------------------------------------------------------------- StartingPosition (docs/aws-behaviour.md §4)


@pytest.mark.parametrize("kind", ["kinesis", "dynamodb", "msk", "kafka"])
def test_starting_position_required(lam: Any, clients: dict[str, Any], fn: str, kind: str) -> None:
    if kind == "kafka":
        args = kafka_args()
        del args["StartingPosition"]
    elif kind == "msk":
        args = {"FunctionName": FUNCTION, "EventSourceArn": msk_cluster_arn(), "Topics": ["t"]}
    else:
        arn = create_stream(clients, "s") if kind == "kinesis" else create_table_stream(clients, "t")
        args = {"FunctionName": FUNCTION, "EventSourceArn": arn}
    assert api_error(lam.create_event_source_mapping, **args) == (
        "InvalidParameterValueException",
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: "
        "Member must not be null.",
        400,
    )


@pytest.mark.parametrize("kind", ["sqs", "mq"])
def test_starting_position_rejected(lam: Any, clients: dict[str, Any], fn: str, kind: str) -> None:
    if kind == "sqs":
        args: dict[str, Any] = {"EventSourceArn": create_queue(clients, "q")}
    else:
        args = {"EventSourceArn": mq_broker_arn(), "Queues": ["q"], "SourceAccessConfigurations": BASIC_AUTH}
    code, message, _unused = api_error(
        lam.create_event_source_mapping, FunctionName=FUNCTION, StartingPosition="LATEST", **args
    )
    assert code == "InvalidParameterValueException"
    assert "StartingPosition" in message


def test_bad_starting_position_enum_is_validation_exception(lam: Any, clients: dict[str, Any], fn: str) -> None:
    stream = create_stream(clients, "s")
    assert api_error(
        lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="EARLIEST"
    ) == (
        "ValidationException",
        "1 validation error detected: Value 'EARLIEST' at 'startingPosition' failed to satisfy constraint: "
        "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]",
        400,
    )


def test_at_timestamp_rejected_for_dynamodb(lam: Any, clients: dict[str, Any], fn: str) -> None:
    stream = create_table_stream(clients, "t")
    assert api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=stream,
        StartingPosition="AT_TIMESTAMP",
        StartingPositionTimestamp=datetime(2024, 1, 1, tzinfo=timezone.utc),
    ) == ("InvalidParameterValueException", f"Unsupported starting position for arn type: {stream}", 400)


def test_at_timestamp_needs_a_timestamp_and_echoes_it(lam: Any, clients: dict[str, Any], fn: str) -> None:
    stream = create_stream(clients, "s")
    code, _unused, _unused = api_error(
        lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="AT_TIMESTAMP"
    )
    assert code == "InvalidParameterValueException"
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    body = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=when
    )
    assert body["StartingPositionTimestamp"] == when
    future = datetime.fromtimestamp(time.time() + 3600, tz=timezone.utc)
    other = create_stream(clients, "s2")
    code, _unused, _unused = api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=other,
        StartingPosition="AT_TIMESTAMP",
        StartingPositionTimestamp=future,
    )
    assert code == "InvalidParameterValueException"


# ---------------------------------------------------------------- per-source requirements (docs/aws-behaviour.md §2, §9)


def test_topics_and_queues_exactly_one(lam: Any, fn: str) -> None:
    args = kafka_args()
    args["Topics"] = ["a", "b"]
    assert api_error(lam.create_event_source_mapping, **args)[0] == "InvalidParameterValueException"
    code, _unused, _unused = api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=mq_broker_arn(),
        Queues=["a", "b"],
        SourceAccessConfigurations=BASIC_AUTH,
    )
    assert code == "InvalidParameterValueException"
    code, message, _unused = api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=msk_cluster_arn(),
        StartingPosition="LATEST",
    )
    assert code == "InvalidParameterValueException" and "'topics'" in message


def test_self_managed_kafka_requires_source_access(lam: Any, fn: str) -> None:
    args = kafka_args()
    del args["SourceAccessConfigurations"]
    assert api_error(lam.create_event_source_mapping, **args) == (
        "InvalidParameterValueException",
        "Required 'sourceAccessConfigurations' parameter is missing.",
        400,
    )


def test_destination_config_rejected_for_sqs(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    dlq = create_queue(clients, "dlq")
    assert api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=queue,
        DestinationConfig={"OnFailure": {"Destination": dlq}},
    ) == (
        "InvalidParameterValueException",
        "Unsupported DestinationConfig parameter for given event source mapping type.",
        400,
    )


def _base_args(kind: str, clients: dict[str, Any]) -> dict[str, Any]:
    if kind == "sqs":
        return {"FunctionName": FUNCTION, "EventSourceArn": create_queue(clients, "q")}
    if kind == "kinesis":
        return {"FunctionName": FUNCTION, "EventSourceArn": create_stream(clients, "s"), "StartingPosition": "LATEST"}
    if kind == "kafka":
        return kafka_args()
    if kind == "mq":
        return {
            "FunctionName": FUNCTION,
            "EventSourceArn": mq_broker_arn(),
            "Queues": ["q"],
            "SourceAccessConfigurations": BASIC_AUTH,
        }
    return {
        "FunctionName": FUNCTION,
        "EventSourceArn": docdb_cluster_arn(),
        "DocumentDBEventSourceConfig": {"DatabaseName": "db"},
        "SourceAccessConfigurations": BASIC_AUTH,
    }


DLQ_CONFIG = {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:dlq"}}


@pytest.mark.parametrize(
    "kind, member, value, applies",
    [
        ("mq", "DestinationConfig", DLQ_CONFIG, False),
        ("docdb", "DestinationConfig", DLQ_CONFIG, False),
        ("docdb", "FilterCriteria", {"Filters": [{"Pattern": '{"a": ["b"]}'}]}, False),
        ("kinesis", "ScalingConfig", {"MaximumConcurrency": 5}, False),
        ("kafka", "ScalingConfig", {"MaximumConcurrency": 5}, False),
        ("sqs", "ParallelizationFactor", 2, False),
        ("sqs", "TumblingWindowInSeconds", 60, False),
        ("kafka", "TumblingWindowInSeconds", 60, False),
        ("sqs", "LoggingConfig", {"SystemLogLevel": "INFO"}, False),
        ("kinesis", "LoggingConfig", {"SystemLogLevel": "INFO"}, False),
        ("sqs", "DocumentDBEventSourceConfig", {"DatabaseName": "db"}, False),
        ("sqs", "Topics", ["t"], False),
        ("kinesis", "Queues", ["q"], False),
        ("sqs", "MaximumRetryAttempts", 3, False),
        ("sqs", "ScalingConfig", {"MaximumConcurrency": 5}, True),
        ("kinesis", "ParallelizationFactor", 10, True),
        ("kinesis", "TumblingWindowInSeconds", 900, True),
        ("kafka", "LoggingConfig", {"SystemLogLevel": "WARN"}, True),
        # docs/aws-behaviour.md §9: Kafka error handling needs provisioned mode (test_kafka_rules.py).
        ("kafka", "LoggingConfig", {"SystemLogLevel": "DEBUG"}, True),
    ],
)
def test_member_applies_to_some_sources(
    lam: Any, clients: dict[str, Any], fn: str, kind: str, member: str, value: Any, applies: bool
) -> None:
    """A member that does not apply to the source is refused; one that applies is returned as sent."""
    args = dict(_base_args(kind, clients), **{member: value})
    if applies:
        assert lam.create_event_source_mapping(**args)[member] == value
    else:
        assert api_error(lam.create_event_source_mapping, **args) == (
            "InvalidParameterValueException",
            f"Unsupported {member} parameter for given event source mapping type.",
            400,
        )


def test_documentdb_requires_database_name(lam: Any, fn: str) -> None:
    code, message, _unused = api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=docdb_cluster_arn(),
        DocumentDBEventSourceConfig={"CollectionName": "c"},
        SourceAccessConfigurations=BASIC_AUTH,
    )
    assert code == "InvalidParameterValueException" and "databaseName" in message


# ---------------------------------------------------------------- ranges (docs/aws-behaviour.md §4)


@pytest.mark.parametrize(
    "kind, member, value",
    [
        ("sqs", "BatchSize", 10001),
        ("sqs", "MaximumBatchingWindowInSeconds", 301),
        ("kinesis", "ParallelizationFactor", 11),
        ("kinesis", "MaximumRecordAgeInSeconds", 30),
        ("kinesis", "MaximumRecordAgeInSeconds", 604801),
        ("kinesis", "MaximumRetryAttempts", 10001),
        ("kinesis", "TumblingWindowInSeconds", 901),
        ("sqs", "ScalingConfig", {"MaximumConcurrency": 1001}),
        ("kafka", "MaximumBatchingWindowInSeconds", 301),
    ],
)
def test_out_of_range(lam: Any, clients: dict[str, Any], fn: str, kind: str, member: str, value: Any) -> None:
    args = _base_args(kind, clients)
    args[member] = value
    if member == "BatchSize":
        args["MaximumBatchingWindowInSeconds"] = 1
    code, _unused, http = api_error(lam.create_event_source_mapping, **args)
    assert (code, http) == ("InvalidParameterValueException", 400)


def test_sqs_batch_over_10_needs_a_window(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    assert api_error(lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=queue, BatchSize=11) == (
        "InvalidParameterValueException",
        "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
        400,
    )
    body = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=queue, BatchSize=11, MaximumBatchingWindowInSeconds=1
    )
    assert (body["BatchSize"], body["MaximumBatchingWindowInSeconds"]) == (11, 1)


def test_stream_batch_over_10_without_window_is_accepted(lam: Any, clients: dict[str, Any], fn: str) -> None:
    stream = create_stream(clients, "s")
    body = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="LATEST", BatchSize=500
    )
    assert body["BatchSize"] == 500


# ---------------------------------------------------------------- filters (docs/aws-behaviour.md §7)


@pytest.mark.parametrize("pattern", ["not json", '{"eventSource": "aws:sqs"}', '{"eventSource": []}', "null", "[]"])
def test_invalid_filter_pattern(lam: Any, clients: dict[str, Any], fn: str, pattern: str) -> None:
    queue = create_queue(clients, "q")
    assert api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=queue,
        FilterCriteria={"Filters": [{"Pattern": pattern}]},
    ) == ("InvalidParameterValueException", "Invalid filter pattern definition.", 400)


def test_filter_pattern_stored_as_sent(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    pattern = '{ "body" : { "b": [1], "a": ["x"] } }'
    body = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=queue, FilterCriteria={"Filters": [{"Pattern": pattern}]}
    )
    assert body["FilterCriteria"] == {"Filters": [{"Pattern": pattern}]}


def test_filter_pattern_normalised_when_configured(srv: Any, lam: Any, clients: dict[str, Any], fn: str) -> None:
    srv.configure(normalise_patterns=True)
    queue = create_queue(clients, "q")
    body = lam.create_event_source_mapping(
        FunctionName=FUNCTION,
        EventSourceArn=queue,
        FilterCriteria={"Filters": [{"Pattern": '{ "body" : { "b": [1], "a": ["x"] } }'}]},
    )
    assert body["FilterCriteria"] == {"Filters": [{"Pattern": '{"body":{"a":["x"],"b":[1]}}'}]}
