#!/usr/bin/python
# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only module of the integration targets: the AWS resources a mapping needs, created and removed by name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: esm_test_resources
short_description: Create or remove the resources the integration targets map (test only)
description:
  - Creates, under names that start with O(prefix), the resources that mappings of the integration targets read
    from or invoke, and removes every one of them again. Not part of the collection.
  - Only what the target asks for is created; a function brings its execution role (trusted by Lambda, allowed to
    read the sources and the secrets). Creating again finds what exists and changes nothing.
  - V(absent) removes every resource of O(prefix) that exists, whatever O(resources) says, so it cleans up after a
    target that failed half-way.
  - Amazon MSK clusters, Amazon MQ brokers and DocumentDB clusters take 15 minutes and more to create and cost by
    the hour; the module returns well-formed ARNs for them in the account and Region (the local endpoint accepts
    them), and a real account's targets take an existing cluster's ARN from the integration config instead.
options:
  prefix:
    description: The start of every name.
    type: str
    required: true
  resources:
    description:
      - What to create, any of V(function), V(function2), V(queue), V(dlq), V(stream), V(table_stream), V(secret)
        and V(rotated_secret).
      - The module checks the names itself (no C(choices)), so that ansible-lint accepts a templated list.
    type: list
    elements: str
    default: []
  state:
    description: V(present) creates, V(absent) removes.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - esmkit.aws.connection
author: Contributors to the esmkit.aws collection
"""

import io
import json
import time
import zipfile

try:
    import botocore.exceptions
except ImportError:
    pass  # the collection's connection module_utils reports a missing boto3

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import (
    CONNECTION_MUTUALLY_EXCLUSIVE,
    client,
    connection_argument_spec,
)
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
# What Lambda checks the execution role for when it creates a mapping of each kind of source, and its logs.
SOURCE_ACTIONS = [
    "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility",
    "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
    "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard",
    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
    "secretsmanager:GetSecretValue", "kafka:DescribeCluster", "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers",
    "mq:DescribeBroker", "rds:DescribeDBClusters", "rds:DescribeDBClusterParameters", "rds:DescribeDBSubnetGroups",
    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
    "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
]  # fmt: skip
POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": SOURCE_ACTIONS, "Resource": "*"}]}
RESOURCES = ("function", "function2", "queue", "dlq", "stream", "table_stream", "secret", "rotated_secret")
# A new role reaches Lambda after some seconds; CreateFunction refuses it until then.
ROLE_PROPAGATION_SECONDS = 120


def _missing(exc):
    code = exc.response.get("Error", {}).get("Code", "")
    return code in ("ResourceNotFoundException", "NoSuchEntity", "AWS.SimpleQueueService.NonExistentQueue") or (
        code == "QueueDoesNotExist"
    )


def _handler_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


class Resources:
    def __init__(self, module):
        self.module = module
        self.prefix = module.params["prefix"]
        self.changed = False
        self._clients = {}

    def aws(self, service):
        if service not in self._clients:
            self._clients[service] = client(self.module.params, service)
        return self._clients[service]

    def name(self, what):
        return f"{self.prefix}-{what.replace('_', '-')}"

    # ------------------------------------------------------------------ create

    def _read_or_create(self, read, create):
        """``read()``, or ``create()`` (and the run changed something) when AWS says the resource does not exist."""
        try:
            return read()
        except botocore.exceptions.ClientError as exc:
            if not _missing(exc):
                raise
        self.changed = True
        return create()

    def role(self):
        iam = self.aws("iam")
        name = self.name("role")
        arn = self._read_or_create(
            lambda: iam.get_role(RoleName=name)["Role"]["Arn"],
            lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"],
        )
        iam.put_role_policy(RoleName=name, PolicyName="sources", PolicyDocument=json.dumps(POLICY))
        return arn

    def _create_function(self, name):
        lam = self.aws("lambda")
        role = self.role()
        deadline = time.time() + ROLE_PROPAGATION_SECONDS
        while True:
            try:
                arn = lam.create_function(
                    FunctionName=name,
                    Runtime="python3.12",
                    Role=role,
                    Handler="handler.handler",
                    Code={"ZipFile": _handler_zip()},
                )["FunctionArn"]
                break
            except botocore.exceptions.ClientError as exc:
                if exc.response["Error"]["Code"] != "InvalidParameterValueException" or time.time() > deadline:
                    raise
                time.sleep(5)
        lam.get_waiter("function_active_v2").wait(FunctionName=name)
        return arn

    def function(self, what):
        lam = self.aws("lambda")
        name = self.name(what)
        return self._read_or_create(
            lambda: lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"],
            lambda: self._create_function(name),
        )

    def queue(self, what):
        sqs = self.aws("sqs")
        name = self.name(what)
        url = self._read_or_create(
            lambda: sqs.get_queue_url(QueueName=name)["QueueUrl"],
            lambda: sqs.create_queue(QueueName=name)["QueueUrl"],
        )
        return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def stream(self, what):
        kinesis = self.aws("kinesis")
        name = self.name(what)
        self._read_or_create(
            lambda: kinesis.describe_stream_summary(StreamName=name),
            lambda: kinesis.create_stream(StreamName=name, ShardCount=1),
        )
        kinesis.get_waiter("stream_exists").wait(StreamName=name)
        return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]

    def table_stream(self, what):
        dynamodb = self.aws("dynamodb")
        name = self.name(what)
        self._read_or_create(
            lambda: dynamodb.describe_table(TableName=name),
            lambda: dynamodb.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            ),
        )
        dynamodb.get_waiter("table_exists").wait(TableName=name)
        return dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]

    def secret(self, what):
        secrets = self.aws("secretsmanager")
        name = self.name(what)
        value = json.dumps({"username": "esm-test", "password": "not-a-real-password"})
        return self._read_or_create(
            lambda: secrets.describe_secret(SecretId=name)["ARN"],
            lambda: secrets.create_secret(Name=name, SecretString=value)["ARN"],
        )

    def present(self, wanted):
        makers = {
            "function": self.function,
            "function2": self.function,
            "queue": self.queue,
            "dlq": self.queue,
            "stream": self.stream,
            "table_stream": self.table_stream,
            "secret": self.secret,
            "rotated_secret": self.secret,
        }
        arns = {what: makers[what](what) for what in wanted}
        identity = self.aws("sts").get_caller_identity()
        partition, account = identity["Arn"].split(":")[1], identity["Account"]
        region = self.aws("sts").meta.region_name
        # Well-formed ARNs of sources the targets cannot create (see the description).
        arns["msk_cluster"] = (
            f"arn:{partition}:kafka:{region}:{account}:cluster/{self.name('msk')}/0b5a1f6c-3c0e-4a4f-9d8a-2f3b4c5d6e7f-1"
        )
        arns["activemq_broker"] = (
            f"arn:{partition}:mq:{region}:{account}:broker:{self.name('activemq')}:b-0f3c9e2a-7d41-4b8e-9a6c-1d2e3f4a5b6c"
        )
        arns["rabbitmq_broker"] = (
            f"arn:{partition}:mq:{region}:{account}:broker:{self.name('rabbitmq')}:b-1a2b3c4d-7d41-4b8e-9a6c-1d2e3f4a5b6c"
        )
        arns["docdb_cluster"] = f"arn:{partition}:rds:{region}:{account}:cluster:{self.name('docdb')}"
        return arns

    # ------------------------------------------------------------------ remove

    def _gone(self, call, **kwargs):
        try:
            call(**kwargs)
            self.changed = True
        except botocore.exceptions.ClientError as exc:
            if not _missing(exc):
                raise

    def absent(self):
        for what in ("function", "function2"):
            self._gone(self.aws("lambda").delete_function, FunctionName=self.name(what))
        self._gone(self.aws("iam").delete_role_policy, RoleName=self.name("role"), PolicyName="sources")
        self._gone(self.aws("iam").delete_role, RoleName=self.name("role"))
        sqs = self.aws("sqs")
        for what in ("queue", "dlq"):
            try:
                url = sqs.get_queue_url(QueueName=self.name(what))["QueueUrl"]
            except botocore.exceptions.ClientError as exc:
                if not _missing(exc):
                    raise
                continue
            self._gone(sqs.delete_queue, QueueUrl=url)
        self._gone(self.aws("kinesis").delete_stream, StreamName=self.name("stream"), EnforceConsumerDeletion=True)
        self._gone(self.aws("dynamodb").delete_table, TableName=self.name("table_stream"))
        for what in ("secret", "rotated_secret"):
            self._gone(
                self.aws("secretsmanager").delete_secret, SecretId=self.name(what), ForceDeleteWithoutRecovery=True
            )


def main():
    argument_spec = dict(
        prefix=dict(type="str", required=True),
        resources=dict(type="list", elements="str", default=[]),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    argument_spec.update(connection_argument_spec())
    module = AnsibleModule(argument_spec=argument_spec, mutually_exclusive=CONNECTION_MUTUALLY_EXCLUSIVE)
    unknown = sorted(set(module.params["resources"]) - set(RESOURCES))
    if unknown:
        module.fail_json(msg=f"resources must be some of {', '.join(RESOURCES)}; got {', '.join(unknown)}")
    resources = Resources(module)
    try:
        if module.params["state"] == "present":
            arns = resources.present(module.params["resources"])
        else:
            resources.absent()
            arns = {}
    except EsmError as exc:
        module.fail_json(msg=str(exc))
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
        module.fail_json(msg=f"AWS refused a test resource of {resources.prefix}: {exc}")
    module.exit_json(changed=resources.changed, arns=arns)


if __name__ == "__main__":
    main()
