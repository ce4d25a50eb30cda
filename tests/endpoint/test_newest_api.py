"""The endpoint's copy of the newest Lambda API (botocore 1.43.110 and 1.43.123 models) and of the answers that are
not public, in each variant: consumption modes, the OAuth and IAM access types, timestamps with a fraction, and
retries with a destination."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.endpoint.helpers import kafka_args
from tests.support.aws_fixtures import create_queue, create_stream
from tests.support.builders import secret_arn

QUEUE_MODE = {"ConsumptionMode": "Queue"}


def queue_args(**extra: Any) -> dict[str, Any]:
    args = {k: v for k, v in kafka_args().items() if k != "StartingPosition"}
    args["SelfManagedKafkaEventSourceConfig"] = dict(QUEUE_MODE)
    args.update(extra)
    return args


def refused(call: Any, **args: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**args)
    return caught.value.response["Error"]["Code"] + ": " + caught.value.response["Error"]["Message"]


def test_queue_mode_needs_no_starting_position_and_is_held(lam: Any, fn: str) -> None:
    made = lam.create_event_source_mapping(**queue_args())
    assert made["SelfManagedKafkaEventSourceConfig"]["ConsumptionMode"] == "Queue"
    assert "StartingPosition" not in made


def test_a_mapping_created_without_a_mode_answers_without_it(lam: Any, fn: str) -> None:
    made = lam.create_event_source_mapping(**kafka_args())
    assert "ConsumptionMode" not in made["SelfManagedKafkaEventSourceConfig"]


@pytest.mark.parametrize(
    "extra",
    [
        {"StartingPosition": "TRIM_HORIZON"},
        {"MaximumBatchingWindowInSeconds": 1},
    ],
)
def test_queue_mode_refuses_what_it_does_not_take(lam: Any, fn: str, extra: dict[str, Any]) -> None:
    message = refused(lam.create_event_source_mapping, **queue_args(**extra))
    assert next(iter(extra)) in message and "Queue" in message, message


def test_queue_mode_refuses_a_window_on_update_and_the_mode_cannot_change(lam: Any, fn: str) -> None:
    uuid = lam.create_event_source_mapping(**queue_args())["UUID"]
    assert "Queue" in refused(lam.update_event_source_mapping, UUID=uuid, MaximumBatchingWindowInSeconds=2)
    message = refused(
        lam.update_event_source_mapping, UUID=uuid, SelfManagedKafkaEventSourceConfig={"ConsumptionMode": "Stream"}
    )
    assert "ConsumptionMode cannot be updated" in message
    # Resending the held mode is no change.
    lam.update_event_source_mapping(UUID=uuid, SelfManagedKafkaEventSourceConfig=dict(QUEUE_MODE))


def test_a_bad_mode_is_a_validation_error(lam: Any, fn: str) -> None:
    assert refused(
        lam.create_event_source_mapping, **queue_args(SelfManagedKafkaEventSourceConfig={"ConsumptionMode": "Batch"})
    ).startswith("ValidationException")


@pytest.mark.parametrize(
    "entries",
    [
        [{"Type": "IAM_AUTH"}],
        [{"Type": "OAUTHBEARER_AUTH", "URI": secret_arn()}, {"Type": "OAUTHBEARER_SCOPE", "URI": "kafka.read"}],
        [{"Type": "IAM_OAUTHBEARER_AUTH"}, {"Type": "OAUTHBEARER_AUDIENCE", "URI": "kafka"}],
        [
            {"Type": "OAUTHBEARER_AUTH", "URI": secret_arn()},
            {"Type": "OAUTHBEARER_LOGICAL_CLUSTER", "URI": "lkc-1"},
            {"Type": "OAUTHBEARER_IDENTITY_POOL", "URI": "pool-1"},
        ],
    ],
)
def test_the_new_access_types_are_taken_for_self_managed_kafka(lam: Any, fn: str, entries: list[dict]) -> None:
    made = lam.create_event_source_mapping(**{**kafka_args(), "SourceAccessConfigurations": entries})
    assert made["SourceAccessConfigurations"] == entries


@pytest.mark.parametrize(
    "entries, words",
    [
        ([{"Type": "IAM_AUTH", "URI": secret_arn()}], "URI is not supported"),
        ([{"Type": "OAUTHBEARER_AUTH"}], "URI is required"),
        ([{"Type": "OAUTHBEARER_SCOPE", "URI": "kafka.read"}], "requires OAUTHBEARER_AUTH"),
        ([{"Type": "IAM_OAUTHBEARER_AUTH"}], "requires OAUTHBEARER_AUDIENCE"),
        (
            [
                {"Type": "IAM_OAUTHBEARER_AUTH"},
                {"Type": "OAUTHBEARER_AUDIENCE", "URI": "kafka"},
                {"Type": "OAUTHBEARER_AUTH", "URI": secret_arn()},
            ],
            "does not support OAUTHBEARER_AUTH",
        ),
    ],
)
def test_the_access_type_rules(lam: Any, fn: str, entries: list[dict], words: str) -> None:
    assert words in refused(lam.create_event_source_mapping, **{**kafka_args(), "SourceAccessConfigurations": entries})


def test_the_registry_takes_oauthbearer_auth(lam: Any, fn: str) -> None:
    registry = {
        "SchemaRegistryURI": "https://registry.example.com",
        "AccessConfigs": [{"Type": "OAUTHBEARER_AUTH", "URI": secret_arn()}],
    }
    made = lam.create_event_source_mapping(
        **dict(kafka_args(), SelfManagedKafkaEventSourceConfig={"SchemaRegistryConfig": registry})
    )
    assert made["SelfManagedKafkaEventSourceConfig"]["SchemaRegistryConfig"] == registry
    bad = {"SchemaRegistryURI": "https://r", "AccessConfigs": [{"Type": "IAM_AUTH", "URI": secret_arn()}]}
    message = refused(
        lam.create_event_source_mapping,
        **dict(kafka_args(), SelfManagedKafkaEventSourceConfig={"SchemaRegistryConfig": bad}),
    )
    assert message.startswith("ValidationException"), message


STAMP = datetime.datetime(2026, 11, 1, 10, 0, 0, 250123, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize(
    "precision, held",
    [
        ("sent", None),
        ("millisecond", datetime.datetime(2026, 11, 1, 10, 0, 0, 250000, tzinfo=datetime.timezone.utc)),
        ("second", datetime.datetime(2026, 11, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)),
    ],
)
def test_a_timestamp_is_held_as_sent_or_cut_in_each_variant(
    srv: Any, clients: dict, lam: Any, fn: str, precision: str, held: Any
) -> None:
    srv.configure(stored_timestamp_precision=precision)
    try:
        stream = create_stream(clients, "clicks")
        made = lam.create_event_source_mapping(
            FunctionName="fn", EventSourceArn=stream, StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=STAMP
        )
    finally:
        srv.configure(stored_timestamp_precision="sent")
    got = lam.get_event_source_mapping(UUID=made["UUID"])["StartingPositionTimestamp"]
    if held is None:
        # What the wire carried: whole seconds from botocore 1.43.11 and older, the microseconds from later ones.
        assert got in (STAMP, STAMP.replace(microsecond=0)), got
    else:
        assert got == held


@pytest.mark.parametrize("caps, answered", [(False, -1), (True, 10)])
def test_retries_with_a_destination_in_each_variant(
    srv: Any, clients: dict, lam: Any, fn: str, caps: bool, answered: int
) -> None:
    stream = create_stream(clients, "clicks")
    dlq = create_queue(clients, "dlq")
    srv.configure(destination_caps_retries=caps)
    try:
        made = lam.create_event_source_mapping(
            FunctionName="fn",
            EventSourceArn=stream,
            StartingPosition="LATEST",
            MaximumRetryAttempts=-1,
            DestinationConfig={"OnFailure": {"Destination": dlq}},
        )
        assert lam.get_event_source_mapping(UUID=made["UUID"])["MaximumRetryAttempts"] == answered
        other = lam.create_event_source_mapping(
            FunctionName="fn",
            EventSourceArn=create_stream(clients, "views"),
            StartingPosition="LATEST",
            MaximumRetryAttempts=-1,
        )
        # Without a destination -1 stays -1 in both variants.
        assert lam.get_event_source_mapping(UUID=other["UUID"])["MaximumRetryAttempts"] == -1
    finally:
        srv.configure(destination_caps_retries=False)
