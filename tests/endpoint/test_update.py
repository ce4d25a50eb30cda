"""UpdateEventSourceMapping: partial update, clearing, immutable members (docs/aws-behaviour.md §2)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.endpoint.helpers import FUNCTION, kafka_args, status
from tests.support.aws_fixtures import api_error, create_function, create_queue, create_stream
from tests.support.builders import DLQ, mq_broker_arn, msk_cluster_arn, secret_arn
from tests.support.builders import KMS as KMS_KEY

PATTERN = '{"body": {"kind": ["a"]}}'


def _sqs(lam: Any, clients: dict[str, Any], **extra: Any) -> dict[str, Any]:
    queue = create_queue(clients, "q")
    return lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue, **extra)


def _kinesis(lam: Any, clients: dict[str, Any], **extra: Any) -> dict[str, Any]:
    stream = create_stream(clients, "s")
    return lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="LATEST", **extra
    )


def test_update_is_partial(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = _sqs(
        lam,
        clients,
        BatchSize=5,
        FilterCriteria={"Filters": [{"Pattern": PATTERN}]},
        ScalingConfig={"MaximumConcurrency": 5},
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    response = lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=7)
    assert status(response) == 202
    assert response["State"] == "Updating"
    got = lam.get_event_source_mapping(UUID=created["UUID"])
    assert got["BatchSize"] == 7
    assert got["FilterCriteria"] == {"Filters": [{"Pattern": PATTERN}]}
    assert got["ScalingConfig"] == {"MaximumConcurrency": 5}
    assert got["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert got["State"] == "Enabled"


# docs/aws-behaviour.md §13: the two SQS scaling modes are mutually exclusive, so each is set up on its own.
@pytest.mark.parametrize(
    "scaling",
    [
        {"ScalingConfig": {"MaximumConcurrency": 5}},
        {"ProvisionedPollerConfig": {"MinimumPollers": 2, "MaximumPollers": 10}},
    ],
)
def test_clearing_sqs_structs_with_empty_values(
    lam: Any, clients: dict[str, Any], fn: str, scaling: dict[str, Any]
) -> None:
    created = _sqs(
        lam,
        clients,
        FilterCriteria={"Filters": [{"Pattern": PATTERN}]},
        MetricsConfig={"Metrics": ["EventCount"]},
        KMSKeyArn=KMS_KEY,
        **scaling,
    )
    for member in ("FilterCriteria", "MetricsConfig", "KMSKeyArn", *scaling):
        assert member in created
    lam.update_event_source_mapping(
        UUID=created["UUID"],
        FilterCriteria={},
        ScalingConfig={},
        MetricsConfig={},
        ProvisionedPollerConfig={},
        KMSKeyArn="",
    )
    got = lam.get_event_source_mapping(UUID=created["UUID"])
    for member in ("FilterCriteria", "ScalingConfig", "MetricsConfig", "ProvisionedPollerConfig", "KMSKeyArn"):
        assert member not in got


@pytest.mark.parametrize("clear", [{}, {"OnFailure": {"Destination": ""}}])
def test_clearing_stream_destination(lam: Any, clients: dict[str, Any], fn: str, clear: dict[str, Any]) -> None:
    created = _kinesis(lam, clients, DestinationConfig={"OnFailure": {"Destination": DLQ}})
    assert created["DestinationConfig"] == {"OnFailure": {"Destination": DLQ}}
    lam.update_event_source_mapping(UUID=created["UUID"], DestinationConfig=clear)
    # docs/aws-behaviour.md §3: streams return {"OnFailure": {}} when no destination is set.
    assert lam.get_event_source_mapping(UUID=created["UUID"])["DestinationConfig"] == {"OnFailure": {}}


def test_on_failure_without_destination_is_rejected(lam: Any, clients: dict[str, Any], fn: str) -> None:
    expected = (
        "InvalidParameterValueException",
        "The Destination field is required for an OnFailure configuration.",
        400,
    )
    stream = create_stream(clients, "s")
    assert (
        api_error(
            lam.create_event_source_mapping,
            FunctionName=FUNCTION,
            EventSourceArn=stream,
            StartingPosition="LATEST",
            DestinationConfig={"OnFailure": {}},
        )
        == expected
    )
    created = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="LATEST")
    # docs/aws-behaviour.md §2: never echo the read-back {"OnFailure": {}} into an update.
    assert (
        api_error(lam.update_event_source_mapping, UUID=created["UUID"], DestinationConfig={"OnFailure": {}})
        == expected
    )


def test_update_function_name_changes_function_arn(lam: Any, clients: dict[str, Any], fn: str) -> None:
    version = lam.publish_version(FunctionName=FUNCTION)["Version"]
    created = _sqs(lam, clients)
    response = lam.update_event_source_mapping(UUID=created["UUID"], FunctionName=f"{FUNCTION}:{version}")
    assert response["State"] == "Updating"
    assert response["FunctionArn"] == f"{fn}:{version}"
    other = create_function(clients, "other")
    lam.update_event_source_mapping(UUID=created["UUID"], FunctionName="other")
    assert lam.get_event_source_mapping(UUID=created["UUID"])["FunctionArn"] == other


def test_update_to_missing_function(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = _sqs(lam, clients)
    assert api_error(lam.update_event_source_mapping, UUID=created["UUID"], FunctionName="nope") == (
        "InvalidParameterValueException",
        "Function does not exist",
        400,
    )


def test_sqs_batch_window_rule_uses_stored_values(lam: Any, clients: dict[str, Any], fn: str) -> None:
    message = "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"
    created = _sqs(lam, clients)
    # BatchSize 20 with the stored window 0 → refused.
    assert api_error(lam.update_event_source_mapping, UUID=created["UUID"], BatchSize=20) == (
        "InvalidParameterValueException",
        message,
        400,
    )
    lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=20, MaximumBatchingWindowInSeconds=2)
    # Window back to 0 with the stored BatchSize 20 → refused.
    assert api_error(lam.update_event_source_mapping, UUID=created["UUID"], MaximumBatchingWindowInSeconds=0) == (
        "InvalidParameterValueException",
        message,
        400,
    )


def test_update_range_checked(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = _kinesis(lam, clients)
    code, _unused, _unused = api_error(lam.update_event_source_mapping, UUID=created["UUID"], ParallelizationFactor=11)
    assert code == "InvalidParameterValueException"
    code, message, _unused = api_error(
        lam.update_event_source_mapping, UUID=created["UUID"], ScalingConfig={"MaximumConcurrency": 5}
    )
    assert (code, message) == (
        "InvalidParameterValueException",
        "Unsupported ScalingConfig parameter for given event source mapping type.",
    )


def test_update_filter_pattern_validated(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = _sqs(lam, clients)
    assert api_error(
        lam.update_event_source_mapping, UUID=created["UUID"], FilterCriteria={"Filters": [{"Pattern": '{"a": "b"}'}]}
    ) == ("InvalidParameterValueException", "Invalid filter pattern definition.", 400)


@pytest.mark.parametrize("kind", ["kafka", "msk"])
def test_consumer_group_id_cannot_change(lam: Any, fn: str, kind: str) -> None:
    if kind == "kafka":
        member = "SelfManagedKafkaEventSourceConfig"
        created = lam.create_event_source_mapping(**kafka_args())
    else:
        member = "AmazonManagedKafkaEventSourceConfig"
        created = lam.create_event_source_mapping(
            FunctionName=FUNCTION, EventSourceArn=msk_cluster_arn(), Topics=["t"], StartingPosition="LATEST"
        )
    code, _unused, http = api_error(
        lam.update_event_source_mapping, UUID=created["UUID"], **{member: {"ConsumerGroupId": "new"}}
    )
    assert (code, http) == ("InvalidParameterValueException", 400)
    # The same value is accepted.
    lam.update_event_source_mapping(UUID=created["UUID"], **{member: {"ConsumerGroupId": created["UUID"]}})


def test_virtual_host_cannot_be_updated(lam: Any, fn: str) -> None:
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION,
        EventSourceArn=mq_broker_arn(),
        Queues=["q"],
        SourceAccessConfigurations=[
            {"Type": "BASIC_AUTH", "URI": secret_arn()},
            {"Type": "VIRTUAL_HOST", "URI": "/vh"},
        ],
    )
    code, message, _unused = api_error(
        lam.update_event_source_mapping,
        UUID=created["UUID"],
        SourceAccessConfigurations=[{"Type": "VIRTUAL_HOST", "URI": "/other"}],
    )
    assert code == "InvalidParameterValueException" and "VIRTUAL_HOST" in message
    # Changing the credentials keeps the VIRTUAL_HOST entry.
    lam.update_event_source_mapping(
        UUID=created["UUID"], SourceAccessConfigurations=[{"Type": "BASIC_AUTH", "URI": secret_arn("new")}]
    )
    got = lam.get_event_source_mapping(UUID=created["UUID"])
    assert {(e["Type"], e["URI"]) for e in got["SourceAccessConfigurations"]} == {
        ("VIRTUAL_HOST", "/vh"),
        ("BASIC_AUTH", secret_arn("new")),
    }


def test_kafka_batching_window_appears_once_set(lam: Any, fn: str) -> None:
    created = lam.create_event_source_mapping(**kafka_args())
    assert "MaximumBatchingWindowInSeconds" not in created
    lam.update_event_source_mapping(UUID=created["UUID"], MaximumBatchingWindowInSeconds=3)
    assert lam.get_event_source_mapping(UUID=created["UUID"])["MaximumBatchingWindowInSeconds"] == 3


def test_update_unknown_uuid(lam: Any, fn: str) -> None:
    assert api_error(lam.update_event_source_mapping, UUID="00000000-0000-0000-0000-000000000000", BatchSize=5) == (
        "ResourceNotFoundException",
        "The resource you requested does not exist.",
        404,
    )
