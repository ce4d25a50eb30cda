"""Helpers to set up AWS resources on a LocalAWS (moto) endpoint.

All helpers take plain boto3 clients made by :func:`make_clients`, so they work
against any endpoint URL (an in-process ``LocalAWS`` or the CLI server).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3
from botocore.config import Config

ACCOUNT_ID = "123456789012"  # moto's default account
REGION = "us-east-1"
ROLE_NAME = "esm-test-lambda-role"
CLIENT_NAMES = ("lambda", "sqs", "kinesis", "dynamodb", "iam")

_TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def make_clients(url: str, region: str = REGION) -> dict[str, Any]:
    """boto3 clients for lambda, sqs, kinesis, dynamodb and iam against ``url``."""
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    return {name: session.client(name, endpoint_url=url, config=config) for name in CLIENT_NAMES}


def _handler_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def ensure_role(clients: dict[str, Any], name: str = ROLE_NAME) -> str:
    """Create the Lambda execution role once; return its ARN."""
    iam = clients["iam"]
    try:
        return iam.get_role(RoleName=name)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        pass
    try:
        return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(_TRUST_POLICY))["Role"]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        return iam.get_role(RoleName=name)["Role"]["Arn"]


def create_function(clients: dict[str, Any], name: str) -> str:
    """Create a python3.12 function with a trivial handler; return its (unqualified) ARN."""
    role_arn = ensure_role(clients)
    response = clients["lambda"].create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role_arn,
        Handler="handler.handler",
        Code={"ZipFile": _handler_zip()},
    )
    return response["FunctionArn"]


def create_queue(clients: dict[str, Any], name: str, fifo: bool = False) -> str:
    """Create an SQS queue (``.fifo`` is appended for FIFO when missing); return its ARN."""
    sqs = clients["sqs"]
    attributes: dict[str, str] = {}
    if fifo:
        if not name.endswith(".fifo"):
            name += ".fifo"
        attributes["FifoQueue"] = "true"
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def create_stream(clients: dict[str, Any], name: str) -> str:
    """Create a one-shard Kinesis stream; return its ARN."""
    kinesis = clients["kinesis"]
    kinesis.create_stream(StreamName=name, ShardCount=1)
    return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]


def create_table_stream(clients: dict[str, Any], name: str) -> str:
    """Create a DynamoDB table with a stream; return the stream ARN."""
    response = clients["dynamodb"].create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return response["TableDescription"]["LatestStreamArn"]


# Fake ARNs for sources moto does not serve; the endpoint accepts them unchecked.


def msk_cluster_arn(name: str = "cluster", region: str = REGION, account: str = ACCOUNT_ID) -> str:
    return f"arn:aws:kafka:{region}:{account}:cluster/{name}/0b5a1f6c-3c0e-4a4f-9d8a-2f3b4c5d6e7f-1"


def mq_broker_arn(name: str = "broker", region: str = REGION, account: str = ACCOUNT_ID) -> str:
    return f"arn:aws:mq:{region}:{account}:broker:{name}:b-0f3c9e2a-7d41-4b8e-9a6c-1d2e3f4a5b6c"


def docdb_cluster_arn(name: str = "docdb", region: str = REGION, account: str = ACCOUNT_ID) -> str:
    return f"arn:aws:rds:{region}:{account}:cluster:{name}"


def secret_arn(name: str = "secret", region: str = REGION, account: str = ACCOUNT_ID) -> str:
    """A Secrets Manager ARN for SourceAccessConfigurations URIs."""
    return f"arn:aws:secretsmanager:{region}:{account}:secret:{name}-AbCdEf"


def function_arn(name: str, qualifier: str | None = None, region: str = REGION, account: str = ACCOUNT_ID) -> str:
    base = f"arn:aws:lambda:{region}:{account}:function:{name}"
    return f"{base}:{qualifier}" if qualifier else base


def api_error(call: Any, **kwargs: Any) -> tuple[str, str, int]:
    """Call a boto3 method that must fail; return (Error.Code, Error.Message, HTTP status)."""
    from botocore.exceptions import ClientError

    try:
        call(**kwargs)
    except ClientError as error:
        response = error.response
        return (
            response["Error"]["Code"],
            response["Error"]["Message"],
            response["ResponseMetadata"]["HTTPStatusCode"],
        )
    raise AssertionError(f"{getattr(call, '__name__', call)} did not fail")


def held(lam: Any, **filters: Any) -> list[dict[str, Any]]:
    """Every mapping the endpoint holds for ``filters``, following NextMarker."""
    found: list[dict[str, Any]] = []
    for page in lam.get_paginator("list_event_source_mappings").paginate(**filters):
        found.extend(page["EventSourceMappings"])
    return found
