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
ESM_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:{UUID}"
FUNCTION = "order-processor"
FN_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION}"
SQS_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"
FIFO_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders.fifo"
KINESIS_ARN = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clicks"
DDB_ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders/stream/2024-01-01T00:00:00.000"
MSK_ARN = f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1"
MQ_ARN = f"arn:aws:mq:{REGION}:{ACCOUNT}:broker:rabbit:b-0a1b2c3d-1111-2222-3333-444455556666"
DOCDB_ARN = f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:docs"
DLQ = f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq"
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:creds-AbCdEf"
SECRET2 = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:creds2-GhIjKl"
KMS = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REGISTRY = f"arn:aws:glue:{REGION}:{ACCOUNT}:registry/orders"
SERVERS = ["k1.example.com:9092", "k2.example.com:9092"]

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
    params.update(extra)
    return params
