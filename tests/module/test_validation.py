"""Every validation rule fails naming the option, and the endpoint saw no request at all."""

from __future__ import annotations

import pytest

from tests.support.builders import FIFO_ARN as FIFO
from tests.support.builders import KINESIS_ARN as K
from tests.support.builders import SQS_ARN as Q
from tests.support.builders import docdb_cluster_arn, mq_broker_arn, secret_arn

D = "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000"
KAFKA = {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "b1:9092"}}
KAFKA_ACCESS = [{"type": "BASIC_AUTH", "uri": secret_arn()}]
SQS = {"function_name": "fn", "event_source_arn": Q}
STREAM = {"function_name": "fn", "event_source_arn": K, "starting_position": "LATEST"}

CASES = [
    # (id, args, option named in the message)
    ("batch-size-low", dict(SQS, batch_size=0), "batch_size"),
    ("batch-size-high", dict(SQS, batch_size=10001, maximum_batching_window_in_seconds=1), "batch_size"),
    ("fifo-batch", dict(SQS, event_source_arn=FIFO, batch_size=11), "batch_size"),
    (
        "fifo-window",
        dict(SQS, event_source_arn=FIFO, maximum_batching_window_in_seconds=1),
        "maximum_batching_window_in_seconds",
    ),
    (
        "sqs-batch-needs-window",
        dict(SQS, batch_size=20, maximum_batching_window_in_seconds=0),
        "maximum_batching_window_in_seconds",
    ),
    ("window-high", dict(SQS, maximum_batching_window_in_seconds=301), "maximum_batching_window_in_seconds"),
    ("window-negative", dict(SQS, maximum_batching_window_in_seconds=-1), "maximum_batching_window_in_seconds"),
    ("parallelization-high", dict(STREAM, parallelization_factor=11), "parallelization_factor"),
    ("parallelization-low", dict(STREAM, parallelization_factor=0), "parallelization_factor"),
    ("retries-low", dict(STREAM, maximum_retry_attempts=-2), "maximum_retry_attempts"),
    ("retries-high", dict(STREAM, maximum_retry_attempts=10001), "maximum_retry_attempts"),
    ("record-age-gap", dict(STREAM, maximum_record_age_in_seconds=59), "maximum_record_age_in_seconds"),
    ("record-age-high", dict(STREAM, maximum_record_age_in_seconds=604801), "maximum_record_age_in_seconds"),
    ("tumbling-high", dict(STREAM, tumbling_window_in_seconds=901), "tumbling_window_in_seconds"),
    ("concurrency-low", dict(SQS, scaling_config={"maximum_concurrency": 1}), "scaling_config.maximum_concurrency"),
    (
        "pollers-low",
        dict(SQS, provisioned_poller_config={"minimum_pollers": 0}),
        "provisioned_poller_config.minimum_pollers",
    ),
    (
        "pollers-order",
        dict(SQS, provisioned_poller_config={"minimum_pollers": 5, "maximum_pollers": 4}),
        "provisioned_poller_config.minimum_pollers",
    ),
    (
        "pattern-not-json",
        dict(SQS, filter_criteria={"filter": [{"pattern": "{body"}]}),
        "filter_criteria.filter[0].pattern",
    ),
    (
        "pattern-too-long",
        dict(SQS, filter_criteria={"filter": [{"pattern": {"body": {"a": ["x" * 4100]}}}]}),
        "filter_criteria.filter[0].pattern",
    ),
    ("parallelization-on-sqs", dict(SQS, parallelization_factor=2), "parallelization_factor"),
    ("scaling-on-stream", dict(STREAM, scaling_config={"maximum_concurrency": 5}), "scaling_config"),
    ("destination-on-sqs", dict(SQS, destination_config={"on_failure": {"destination_arn": Q}}), "destination_config"),
    (
        "filters-on-docdb",
        {
            "function_name": "fn",
            "event_source_arn": docdb_cluster_arn(),
            "starting_position": "LATEST",
            "document_db_event_source_config": {"database_name": "db"},
            "filter_criteria": {"filter": [{"pattern": "{}"}]},
        },
        "filter_criteria",
    ),
    ("logging-on-sqs", dict(SQS, logging_config={"system_log_level": "INFO"}), "logging_config"),
    ("starting-position-on-sqs", dict(SQS, starting_position="LATEST"), "starting_position"),
    (
        "starting-position-on-mq",
        {"function_name": "fn", "event_source_arn": mq_broker_arn(), "queues": ["q"], "starting_position": "LATEST"},
        "starting_position",
    ),
    ("at-timestamp-needs-timestamp", dict(STREAM, starting_position="AT_TIMESTAMP"), "starting_position_timestamp"),
    (
        "at-timestamp-on-dynamodb",
        dict(
            STREAM,
            event_source_arn=D,
            starting_position="AT_TIMESTAMP",
            starting_position_timestamp="2024-01-01T00:00:00Z",
        ),
        "starting_position",
    ),
    (
        "timestamp-not-rfc3339",
        dict(STREAM, starting_position="AT_TIMESTAMP", starting_position_timestamp="yesterday"),
        "starting_position_timestamp",
    ),
    ("arn-and-self-managed", dict(SQS, self_managed_event_source=KAFKA), "event_source_arn"),
    ("no-source", {"function_name": "fn"}, "event_source_arn"),
    ("no-function", {"event_source_arn": Q}, "function_name"),
    ("bad-function", dict(SQS, function_name="not a function!"), "function_name"),
    ("bad-arn-service", dict(SQS, event_source_arn="arn:aws:s3:::bucket"), "event_source_arn"),
    (
        "dynamodb-table-not-stream",
        dict(STREAM, event_source_arn="arn:aws:dynamodb:us-east-1:123456789012:table/t"),
        "event_source_arn",
    ),
    (
        "topics-two",
        {
            "function_name": "fn",
            "self_managed_event_source": KAFKA,
            "topics": ["a", "b"],
            "starting_position": "LATEST",
            "source_access_configuration": KAFKA_ACCESS,
        },
        "topics",
    ),
    (
        "access-type-for-kind",
        dict(
            SQS,
            event_source_arn=mq_broker_arn(),
            queues=["q"],
            source_access_configuration=[{"type": "VPC_SUBNET", "uri": "subnet:s"}],
        ),
        "source_access_configuration[0].type",
    ),
    ("metric-for-kind", dict(SQS, metrics_config={"metrics": ["KafkaMetrics"]}), "metrics_config.metrics"),
    (
        "kafka-destination-on-stream",
        dict(STREAM, destination_config={"on_failure": {"destination_arn": "kafka://dlq"}}),
        "destination_config.on_failure.destination_arn",
    ),
    ("kms-not-arn", dict(SQS, kms_key_arn="my-key"), "kms_key_arn"),
    ("aws-tag", dict(SQS, tags={"aws:owner": "me"}), "tags"),
    ("bad-uuid", {"uuid": "abc", "batch_size": 1}, "uuid"),
    ("bad-choice", dict(SQS, function_response_types=["Everything"]), "function_response_types"),
    (
        "empty-block-without-removal",
        {
            "function_name": "fn",
            "event_source_arn": docdb_cluster_arn(),
            "starting_position": "LATEST",
            "document_db_event_source_config": {},
        },
        "document_db_event_source_config",
    ),
]


@pytest.mark.parametrize("args, option", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_fails_before_any_request(esm, srv, args, option):
    srv.reset_requests()
    result = esm(**args)
    assert result.get("failed") is True, result
    assert option in result["msg"], result["msg"]
    assert "Traceback" not in result["msg"] and "Traceback" not in result.get("stderr", "")
    assert srv.requests() == [], "no request may reach AWS"


# What only a create needs (starting_position, source_access_configuration, database_name) is refused after the
# read, when nothing is held: tests/module/test_create_only_needs.py covers every kind; one case here.
def test_a_create_without_what_only_a_create_needs_fails_after_the_read_before_any_write(esm, srv):
    # Required on create only (the mapping could exist, and changing it needs no database name): the run reads,
    # finds nothing, and refuses before any write, naming the option.
    srv.reset_requests()
    task = {"function_name": "fn", "event_source_arn": docdb_cluster_arn(), "starting_position": "LATEST"}
    result = esm(**task)
    assert result.get("failed") is True, result
    assert result["option"] == "document_db_event_source_config.database_name"
    assert "no event source mapping exists for function 'fn'" in result["msg"]
    assert [r["operation"] for r in srv.requests()] == ["ListEventSourceMappings"]
