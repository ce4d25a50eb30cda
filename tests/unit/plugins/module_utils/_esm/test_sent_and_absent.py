"""Comparison of what AWS was sent with what it answers (docs/aws-behaviour.md §2, §3): timestamps at a coarser
precision, members AWS leaves out, values it answers in another form, and Queue-mode mappings re-created."""

from __future__ import annotations

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import plan, translate, validate
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import Timestamp
from tests.support.builders import FN_ARN, KINESIS_ARN, MQ_ARN, MSK_ARN, SECRET, SERVERS, SQS_ARN, UUID

KAFKA_HELD = {
    "UUID": UUID,
    "FunctionArn": FN_ARN,
    "State": "Enabled",
    "BatchSize": 100,
    "Topics": ["orders"],
    "SelfManagedEventSource": {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": SERVERS}},
    "SelfManagedKafkaEventSourceConfig": {"ConsumerGroupId": UUID, "ConsumptionMode": "Queue"},
    "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": SECRET}],
}


@pytest.mark.parametrize(
    "held, differs",
    [
        ("2026-11-01T10:00:00.250123+00:00", False),
        ("2026-11-01T10:00:00.250+00:00", False),
        ("2026-11-01T10:00:00+00:00", False),
        ("2026-11-01T10:00:00.250124+00:00", True),
        ("2026-11-01T10:00:00.251+00:00", True),
        ("2026-11-01T10:00:01+00:00", True),
        ("2026-11-01T09:59:59+00:00", True),
    ],
)
def test_a_timestamp_held_at_a_coarser_precision_is_the_same(held: str, differs: bool) -> None:
    assert Timestamp().differs("2026-11-01T12:00:00.250123+02:00", held) is differs


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ({"EventSourceArn": MSK_ARN}, {"bisect_batch_on_function_error": False, "maximum_retry_attempts": -1}, []),
        (
            {"EventSourceArn": MSK_ARN},
            {"maximum_record_age_in_seconds": -1, "maximum_batching_window_in_seconds": 0},
            [],
        ),
        ({"EventSourceArn": MSK_ARN}, {"bisect_batch_on_function_error": True}, ["bisect_batch_on_function_error"]),
        (
            {"EventSourceArn": MSK_ARN},
            {"maximum_batching_window_in_seconds": 1},
            ["maximum_batching_window_in_seconds"],
        ),
        ({"EventSourceArn": MQ_ARN}, {"maximum_batching_window_in_seconds": 0}, []),
        # SQS answers carry the window: a left-out one is not assumed.
        (
            {"EventSourceArn": SQS_ARN},
            {"maximum_batching_window_in_seconds": 0},
            ["maximum_batching_window_in_seconds"],
        ),
        (
            {"SelfManagedEventSource": {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": SERVERS}}},
            {"maximum_retry_attempts": -1},
            [],
        ),
    ],
)
def test_a_member_aws_leaves_out_is_its_default(source: dict, values: dict, expected: list) -> None:
    held = translate.normalise(dict({"UUID": UUID, "FunctionArn": FN_ARN, "State": "Enabled"}, **source))
    assert translate.diff_names(values, held) == expected


@pytest.mark.parametrize(
    "held_retries, destination, differs",
    [(10, True, False), (-1, True, False), (10, False, True), (5, True, True)],
)
def test_minus_one_retries_with_a_destination_may_be_answered_as_ten(held_retries, destination, differs) -> None:
    mapping = {"UUID": UUID, "FunctionArn": FN_ARN, "State": "Enabled", "EventSourceArn": KINESIS_ARN}
    mapping["MaximumRetryAttempts"] = held_retries
    mapping["DestinationConfig"] = {"OnFailure": {"Destination": SQS_ARN}} if destination else {"OnFailure": {}}
    names = translate.diff_names({"maximum_retry_attempts": -1}, translate.normalise(mapping))
    assert names == (["maximum_retry_attempts"] if differs else [])


def test_a_restore_re_creates_a_queue_mapping_in_queue_mode() -> None:
    params, options = plan.restore_plan(translate.normalise(KAFKA_HELD), "kafka", None)
    assert params["SelfManagedKafkaEventSourceConfig"]["ConsumptionMode"] == "Queue"
    assert "StartingPosition" not in params
    assert options["self_managed_kafka_event_source_config"]["consumption_mode"] == "Queue"


def test_a_replacement_keeps_queue_mode_and_drops_what_queue_mode_does_not_take() -> None:
    held = dict(KAFKA_HELD, SelfManagedKafkaEventSourceConfig={"ConsumerGroupId": UUID})
    held["StartingPosition"] = "LATEST"
    desired = validate.validate(
        {
            "function_name": "fn",
            "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": SERVERS}},
            "topics": ["orders"],
            "self_managed_kafka_event_source_config": {"consumption_mode": "Queue"},
            "allow_replacement": True,
        }
    )
    result = plan.plan_present(desired, "kafka", held, {})
    assert result.action == "replace"
    assert result.create_only_changes == [
        ("self_managed_kafka_event_source_config.consumption_mode", "Stream", "Queue")
    ]
    assert result.create_params["SelfManagedKafkaEventSourceConfig"] == {"ConsumptionMode": "Queue"}
    assert "StartingPosition" not in result.create_params
