"""What the fake ESM service reads from moto: functions, queues and streams.

Functions, queues, streams and tables live in moto; this module only reads them
through moto's in-process backends (``lambda_backends``, ``sqs_backends``,
``kinesis_backends``, ``dynamodbstreams_backends``).
"""

from __future__ import annotations

import re

from .errors import invalid_parameter
from .model import DEFAULT_ACCOUNT, DOCDB, DYNAMODB, FUNCTION_NAME, KINESIS, MQ, MSK, SQS, FunctionRef, Source


def parse_function_name(value: str, region: str, account: str) -> FunctionRef | None:
    """Resolve FunctionName (name, partial ARN, full ARN, each ± qualifier)."""
    match = FUNCTION_NAME.match(value or "")
    if not match:
        return None
    return FunctionRef(
        partition=match.group("partition") or "aws",
        region=match.group("region") or region,
        account=match.group("account") or account,
        name=match.group("name"),
        qualifier=match.group("qualifier"),
    )


def function_exists(ref: FunctionRef) -> bool:
    """Ask moto's in-process lambda backend whether the (qualified) function exists."""
    from moto.awslambda.models import lambda_backends

    try:
        backend = lambda_backends[ref.account][ref.region]
        # moto resolves $LATEST, published versions and aliases from the qualifier.
        backend.get_function(ref.name, ref.qualifier)
    except Exception:  # moto raises UnknownFunctionException (or KeyError for odd regions)
        return False
    return True


def function_timeout(ref: FunctionRef) -> int:
    """The function's Timeout in seconds, from moto's lambda backend (moto's default is 3)."""
    from moto.awslambda.models import lambda_backends

    return int(lambda_backends[ref.account][ref.region].get_function(ref.name, ref.qualifier).timeout)


def queue_visibility_timeout(queue_arn: str) -> int:
    """The queue's VisibilityTimeout in seconds, from moto's SQS backend (default 30)."""
    from moto.sqs.models import sqs_backends

    parts = queue_arn.split(":", 5)
    queues = sqs_backends[parts[4] or DEFAULT_ACCOUNT][parts[3]].queues.values()
    return int(next(queue for queue in queues if queue.queue_arn == queue_arn).visibility_timeout)


def check_visibility_timeout(queue_arn: str, ref: FunctionRef) -> None:
    """docs/aws-behaviour.md §13: an SQS mapping needs VisibilityTimeout >= the function's Timeout."""
    visibility, timeout = queue_visibility_timeout(queue_arn), function_timeout(ref)
    if visibility < timeout:
        # docs/aws-behaviour.md §13: the exact text [T hashicorp/terraform-provider-aws#18099].
        raise invalid_parameter(
            f"Queue visibility timeout: {visibility} seconds is less than Function timeout: {timeout} seconds"
        )


def classify_source(event_source_arn: str) -> Source | None:
    """Tell the source kind from the EventSourceArn (the service part of the ARN; docs/aws-behaviour.md §9 for DocumentDB)."""
    parts = event_source_arn.split(":", 5)
    if len(parts) < 6:
        return None
    service, resource = parts[2], parts[5]
    if service == "sqs":
        return Source(SQS, fifo=resource.endswith(".fifo"))
    if service == "kinesis" and resource.startswith("stream/"):
        # docs/aws-behaviour.md §9: "the ARN of the data stream or a stream consumer" (stream/NAME/consumer/C:T).
        return Source(KINESIS)
    if service == "dynamodb" and re.match(r"^table/[^/]+/stream/.+", resource):
        return Source(DYNAMODB)
    if service == "kafka" and resource.startswith(("cluster/", "vpc-connection/")):
        # docs/aws-behaviour.md §9: the model's EventSourceArn doc: "the ARN of the cluster or the ARN of the VPC
        # connection (for cross-account event source mappings)".
        return Source(MSK)
    if service == "mq" and resource.startswith("broker:"):
        return Source(MQ)
    if service == "rds" and resource.startswith("cluster:"):
        # docs/aws-behaviour.md §9: DocumentDB's EventSourceArn is the cluster ARN arn:aws:rds:…:cluster:…
        return Source(DOCDB)
    return None


def source_exists(source: Source, event_source_arn: str) -> bool:
    """SQS queues, Kinesis streams and DynamoDB streams must exist in moto.

    MSK, MQ and DocumentDB are not served by this endpoint's moto usage, so
    their ARNs are accepted without a check.
    """
    parts = event_source_arn.split(":", 5)
    region, account = parts[3], parts[4] or DEFAULT_ACCOUNT
    try:
        if source.kind == SQS:
            from moto.sqs.models import sqs_backends

            queues = list(sqs_backends[account][region].queues.values())
            return any(queue.queue_arn == event_source_arn for queue in queues)
        if source.kind == KINESIS:
            from moto.kinesis.models import kinesis_backends

            stream_arn = event_source_arn.split("/consumer/", 1)[0]
            streams = list(kinesis_backends[account][region].streams.values())
            return any(stream.arn == stream_arn for stream in streams)
        if source.kind == DYNAMODB:
            from moto.dynamodbstreams.models import dynamodbstreams_backends

            streams = dynamodbstreams_backends[account][region].list_streams()
            return any(stream["StreamArn"] == event_source_arn for stream in streams)
    except Exception:  # an unknown region in the ARN: nothing exists there
        return False
    return True
