"""Shared test builders: ARNs of every kind of source and a minimal valid task per source kind.

Plain data, standard library only: the unit tests import it under ``ansible-test units`` too (its venv holds
only tests/unit/requirements.txt). The ARNs are well-formed but name nothing: tests that need a resource the
local endpoint serves create it with tests/support/aws_fixtures.py.
"""

from __future__ import annotations

from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
UUID = "14e0db71-5d35-4eb5-b481-8945cf9d10c2"
ESM_ARN = "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2"
FUNCTION = "order-processor"
FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:order-processor"
SQS_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"
FIFO_ARN = "arn:aws:sqs:us-east-1:123456789012:orders.fifo"
KINESIS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
DDB_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000"
MSK_ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1"
MQ_ARN = "arn:aws:mq:us-east-1:123456789012:broker:rabbit:b-0a1b2c3d-1111-2222-3333-444455556666"
DOCDB_ARN = "arn:aws:rds:us-east-1:123456789012:cluster:docs"
DLQ = "arn:aws:sqs:us-east-1:123456789012:dlq"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:creds-AbCdEf"
SECRET2 = "arn:aws:secretsmanager:us-east-1:123456789012:secret:creds2-GhIjKl"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REGISTRY = "arn:aws:glue:us-east-1:123456789012:registry/orders"
SERVERS = ["k1.example.com:9092", "k2.example.com:9092"]

# What AWS returns for a new Kinesis or DynamoDB stream mapping besides what the task set (docs/aws-behaviour.md §3).
STREAM_DEFAULTS: dict[str, Any] = {
    "StartingPosition": "LATEST",
    "BatchSize": 100,
    "MaximumBatchingWindowInSeconds": 0,
    "ParallelizationFactor": 1,
    "LastProcessingResult": "No records processed",
    "StateTransitionReason": "User action",
    "DestinationConfig": {"OnFailure": {}},
    "MaximumRecordAgeInSeconds": -1,
    "BisectBatchOnFunctionError": False,
    "MaximumRetryAttempts": -1,
    "TumblingWindowInSeconds": 0,
    "FunctionResponseTypes": [],
}

# The same, as the modules return them (result shape).
STREAM_RESULT_DEFAULTS: dict[str, Any] = {
    "starting_position": "LATEST",
    "batch_size": 100,
    "bisect_batch_on_function_error": False,
    "maximum_batching_window_in_seconds": 0,
    "maximum_record_age_in_seconds": -1,
    "maximum_retry_attempts": -1,
    "parallelization_factor": 1,
    "tumbling_window_in_seconds": 0,
}

# The source of each kind with an ARN (self-managed Kafka has brokers instead).
ARNS = {
    "sqs": SQS_ARN,
    "kinesis": KINESIS_ARN,
    "dynamodb": DDB_ARN,
    "msk": MSK_ARN,
    "mq": MQ_ARN,
    "documentdb": DOCDB_ARN,
}
KINDS = ("sqs", "kinesis", "dynamodb", "msk", "kafka", "mq", "documentdb")


def task(kind: str, servers: str = ",".join(SERVERS), **extra: Any) -> dict[str, Any]:
    """The module arguments of a minimal valid task that may create a mapping of ``kind``, plus ``extra``."""
    params: dict[str, Any] = {"function_name": FUNCTION, "state": "present"}
    if kind == "kafka":
        params.update(
            self_managed_event_source={"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}},
            topics=["orders"],
            starting_position="TRIM_HORIZON",
            source_access_configuration=[{"type": "BASIC_AUTH", "uri": SECRET}],
        )
    else:
        params["event_source_arn"] = ARNS[kind]
    if kind in ("kinesis", "dynamodb", "msk"):
        params["starting_position"] = "LATEST"
    if kind == "msk":
        params["topics"] = ["orders"]
    if kind == "mq":
        params["queues"] = ["orders"]
    if kind == "documentdb":
        params["document_db_event_source_config"] = {"database_name": "shop"}
    if kind in ("mq", "documentdb"):
        # docs/aws-behaviour.md §9: Amazon MQ and DocumentDB create with their credentials secret.
        params["source_access_configuration"] = [{"type": "BASIC_AUTH", "uri": SECRET}]
    params.update(extra)
    return params
