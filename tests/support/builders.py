"""Shared test builders: the one source of fake ARNs (of every kind of source, and of the resources the local
endpoint makes), and a minimal valid task per source kind.

Plain data, standard library only: the unit tests import it under ``ansible-test units`` too (its venv holds
only tests/unit/requirements.txt). The ARNs are well-formed but name nothing: tests that need a resource the
local endpoint serves create it with tests/support/aws_fixtures.py.
"""

from __future__ import annotations

from typing import Any

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"


def arn(service: str, resource: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:{service}:{region}:{account}:{resource}"


def function_arn(name: str, qualifier: str | None = None, region: str = REGION, account: str = ACCOUNT) -> str:
    return arn("lambda", f"function:{name}" + (f":{qualifier}" if qualifier else ""), region, account)


def msk_cluster_arn(name: str = "cluster", region: str = REGION, account: str = ACCOUNT) -> str:
    return arn("kafka", f"cluster/{name}/0b5a1f6c-3c0e-4a4f-9d8a-2f3b4c5d6e7f-1", region, account)


def mq_broker_arn(name: str = "broker", region: str = REGION, account: str = ACCOUNT) -> str:
    return arn("mq", f"broker:{name}:b-0f3c9e2a-7d41-4b8e-9a6c-1d2e3f4a5b6c", region, account)


def docdb_cluster_arn(name: str = "docdb", region: str = REGION, account: str = ACCOUNT) -> str:
    return arn("rds", f"cluster:{name}", region, account)


def secret_arn(name: str = "secret", region: str = REGION, account: str = ACCOUNT) -> str:
    """A Secrets Manager ARN for SourceAccessConfigurations URIs."""
    return arn("secretsmanager", f"secret:{name}-AbCdEf", region, account)


UUID = "14e0db71-5d35-4eb5-b481-8945cf9d10c2"
ESM_ARN = arn("lambda", f"event-source-mapping:{UUID}")
FUNCTION = "order-processor"
FN_ARN = function_arn(FUNCTION)
SQS_ARN = arn("sqs", "orders")
FIFO_ARN = arn("sqs", "orders.fifo")
KINESIS_ARN = arn("kinesis", "stream/clicks")
DDB_ARN = arn("dynamodb", "table/orders/stream/2024-01-01T00:00:00.000")
MSK_ARN = arn("kafka", "cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1")
MQ_ARN = arn("mq", "broker:rabbit:b-0a1b2c3d-1111-2222-3333-444455556666")
DOCDB_ARN = arn("rds", "cluster:docs")
DLQ = arn("sqs", "dlq")
SECRET = secret_arn("creds")
SECRET2 = arn("secretsmanager", "secret:creds2-GhIjKl")
KMS = arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab")
REGISTRY = arn("glue", "registry/orders")
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


def kafka_source(servers: str | list[str]) -> dict[str, Any]:
    """The module's ``self_managed_event_source`` for these brokers."""
    return {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}}


def task(kind: str, servers: str = ",".join(SERVERS), **extra: Any) -> dict[str, Any]:
    """The module arguments of a minimal valid task that may create a mapping of ``kind``, plus ``extra`` (which
    may replace any of them, the source included)."""
    params: dict[str, Any] = {"function_name": FUNCTION, "state": "present"}
    if kind == "kafka":
        params.update(
            self_managed_event_source=kafka_source(servers),
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


# What AWS holds for a mapping of each kind besides the members every mapping has (API shape, as Get answers).
HELD: dict[str, dict[str, Any]] = {
    "sqs": {
        "EventSourceArn": SQS_ARN,
        "BatchSize": 10,
        "MaximumBatchingWindowInSeconds": 0,
        "FunctionResponseTypes": [],
    },
    "kafka": {
        "StartingPosition": "TRIM_HORIZON",
        "BatchSize": 100,
        "Topics": ["orders"],
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": SECRET}],
        "SelfManagedEventSource": {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": list(SERVERS)}},
        "SelfManagedKafkaEventSourceConfig": {"ConsumerGroupId": UUID},
    },
    "msk": {
        "EventSourceArn": MSK_ARN,
        "StartingPosition": "LATEST",
        "BatchSize": 100,
        "Topics": ["orders"],
        "AmazonManagedKafkaEventSourceConfig": {"ConsumerGroupId": UUID},
        "ProvisionedPollerConfig": {"MinimumPollers": 1, "MaximumPollers": 200},
    },
    "mq": {
        "EventSourceArn": MQ_ARN,
        "BatchSize": 100,
        "Queues": ["orders"],
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": SECRET}, {"Type": "VIRTUAL_HOST", "URI": "/prod"}],
    },
    "documentdb": {
        "EventSourceArn": DOCDB_ARN,
        "StartingPosition": "LATEST",
        "BatchSize": 100,
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": SECRET}],
        "DocumentDBEventSourceConfig": {"DatabaseName": "shop", "FullDocument": "Default"},
    },
}
