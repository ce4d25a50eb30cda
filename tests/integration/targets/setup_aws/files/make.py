"""Create the AWS resources an integration target needs on the local endpoint; print their ARNs as JSON.

Usage: python make.py URL SPEC, where SPEC is a JSON object {"<key>": {"kind": <kind>, "name": <name>}, ...}
and <kind> is one of: function, queue, fifo_queue, stream, table_stream (real moto resources), or
msk_cluster, mq_broker, docdb_cluster, secret (well-formed ARNs the endpoint accepts unchecked).

Prints {"changed": <whether anything was created>, "arns": {"<key>": "<arn>", ...}}. Running it again with
the same SPEC creates nothing and prints the same ARNs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# tests/integration/targets/setup_aws/files/make.py -> the collection root, for tests.support.
sys.path.insert(0, str(Path(__file__).resolve().parents[5]))

from botocore.exceptions import ClientError  # noqa: E402

from tests.support import aws_fixtures  # noqa: E402

# The error codes Lambda, SQS, Kinesis and DynamoDB answer for a resource that does not exist.
NOT_FOUND = ("ResourceNotFoundException", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")

FAKE = {
    "msk_cluster": aws_fixtures.msk_cluster_arn,
    "mq_broker": aws_fixtures.mq_broker_arn,
    "docdb_cluster": aws_fixtures.docdb_cluster_arn,
    "secret": aws_fixtures.secret_arn,
}


def existing(clients, kind, name):
    """The ARN of the resource if it already exists, else None."""
    try:
        if kind == "function":
            return clients["lambda"].get_function(FunctionName=name)["Configuration"]["FunctionArn"]
        if kind in ("queue", "fifo_queue"):
            if kind == "fifo_queue" and not name.endswith(".fifo"):
                name += ".fifo"
            url = clients["sqs"].get_queue_url(QueueName=name)["QueueUrl"]
            return clients["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
        if kind == "stream":
            return clients["kinesis"].describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
        if kind == "table_stream":
            return clients["dynamodb"].describe_table(TableName=name)["Table"]["LatestStreamArn"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] in NOT_FOUND:
            return None
        raise
    raise ValueError(f"unknown kind {kind!r}")


def create(clients, kind, name):
    if kind == "function":
        return aws_fixtures.create_function(clients, name)
    if kind in ("queue", "fifo_queue"):
        return aws_fixtures.create_queue(clients, name, fifo=kind == "fifo_queue")
    if kind == "stream":
        return aws_fixtures.create_stream(clients, name)
    return aws_fixtures.create_table_stream(clients, name)


def main(url, spec):
    clients = aws_fixtures.make_clients(url)
    changed = False
    arns = {}
    for key, item in spec.items():
        kind, name = item["kind"], item["name"]
        if kind in FAKE:
            arns[key] = FAKE[kind](name)
            continue
        arn = existing(clients, kind, name)
        if arn is None:
            arn = create(clients, kind, name)
            changed = True
        arns[key] = arn
    return {"changed": changed, "arns": arns}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], json.loads(sys.argv[2]))))
