"""Helpers to set up AWS resources on a LocalAWS (moto) endpoint.

All helpers take plain boto3 clients made by :func:`make_clients`, so they work
against any endpoint URL (an in-process ``LocalAWS`` or the CLI server).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from typing import Any

import boto3
from botocore.config import Config

from tests.support.builders import REGION

ROLE_NAME = "esm-test-lambda-role"
CLIENT_NAMES = ("lambda", "sqs", "kinesis", "dynamodb", "iam")

_TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def cli_env(url: str, absent_file: str, collections: str) -> dict[str, str]:
    """The environment for ``ansible``/``ansible-playbook`` against the endpoint ``url``: this process's
    environment without any AWS_ setting, the test credentials, no AWS config or credentials file
    (``absent_file`` stands for both), and the installed collection unless ANSIBLE_COLLECTIONS_PATH is set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=url,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION=REGION,
        AWS_CONFIG_FILE=absent_file,
        AWS_SHARED_CREDENTIALS_FILE=absent_file,
        ANSIBLE_RETRY_FILES_ENABLED="false",
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
    )
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", collections)
    return env


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
