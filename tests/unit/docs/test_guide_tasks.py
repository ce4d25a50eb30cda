"""Every task of the user guide (docs/docsite/rst) is one the module accepts.

Each YAML code block is parsed; each esmkit.aws.lambda_event_source_mapping task in it (with its loop, and with
the guide's placeholder variables filled in) goes through the module's argument spec and its own validation, as
a run would before its first request. A renamed option, a wrong type or a rule the guide breaks fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from jinja2 import StrictUndefined
from jinja2.nativetypes import NativeEnvironment

from ansible_collections.esmkit.aws.plugins.module_utils._esm.validate import validate
from ansible_collections.esmkit.aws.plugins.modules.lambda_event_source_mapping import argument_spec

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "docsite" / "rst"
MODULE = "esmkit.aws.lambda_event_source_mapping"

# The placeholders the guide's tasks use, as the resources a reader would have.
ACCOUNT = "arn:aws:{}:us-east-1:123456789012:{}"
VARIABLES = {
    "function_arn": ACCOUNT.format("lambda", "function:example"),
    "table_stream_arn": ACCOUNT.format("dynamodb", "table/orders/stream/2024-01-01T00:00:00.000"),
    "kinesis_stream_arn": ACCOUNT.format("kinesis", "stream/clicks"),
    "dlq_arn": ACCOUNT.format("sqs", "dlq"),
    "queue_arn": ACCOUNT.format("sqs", "orders"),
    "msk_cluster_arn": ACCOUNT.format("kafka", "cluster/example/0123abcd-4567-89ef-0123-456789abcdef-1"),
    "mq_broker_arn": ACCOUNT.format("mq", "broker:example:b-0123abcd-4567-89ef-0123-456789abcdef"),
    "docdb_cluster_arn": ACCOUNT.format("rds", "cluster:example"),
    "secret_arn": ACCOUNT.format("secretsmanager", "secret:example-AbCdEf"),
    "subnet1_id": "subnet-0123456789abcdef0",
    "subnet2_id": "subnet-0123456789abcdef1",
    "sg_id": "sg-0123456789abcdef0",
    "found": {"event_source_mappings": [{"uuid": "14e0db71-5d35-4eb5-b481-8945cf9d10c2"}]},
}


def _yaml_blocks(text: str) -> list[str]:
    """The YAML code blocks of a page, also those inside list-table cells (``* - .. code-block:: yaml``)."""
    blocks = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        column = line.find(".. code-block:: yaml")
        if column < 0:
            continue
        body = []
        for following in lines[number + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= column:
                break
            body.append(following)
        indent = min(len(line) - len(line.lstrip()) for line in body if line.strip())
        blocks.append("\n".join(line[indent:] for line in body))
    return blocks


def _tasks(node: Any) -> list[dict[str, Any]]:
    """Tasks in a block: a list of tasks, or of plays with tasks; fragments of a task are not tasks."""
    found = []
    if isinstance(node, list):
        for item in node:
            found.extend(_tasks(item))
    elif isinstance(node, dict):
        if MODULE in node:
            found.append(node)
        for key in ("tasks", "block"):
            found.extend(_tasks(node.get(key)))
    return found


def _render(value: Any, variables: dict[str, Any]) -> Any:
    if isinstance(value, str) and "{{" in value:
        return NativeEnvironment(undefined=StrictUndefined).from_string(value).render(**variables)
    if isinstance(value, dict):
        return {key: _render(sub, variables) for key, sub in value.items()}
    if isinstance(value, list):
        return [_render(sub, variables) for sub in value]
    return value


def _guide_tasks() -> list[Any]:
    cases = []
    for page in sorted(GUIDE.glob("*.rst")):
        for number, block in enumerate(_yaml_blocks(page.read_text()), 1):
            for task in _tasks(yaml.safe_load(block)):
                items = _render(task.get("loop"), VARIABLES) if "loop" in task else [None]
                for item in items:
                    args = _render(task[MODULE], dict(VARIABLES, item=item))
                    cases.append(pytest.param(args, id=f"{page.stem}-{number}-{task.get('name')}-{item}"))
    return cases


TASKS = _guide_tasks()


def test_the_guide_has_a_task_for_every_kind_of_source():
    sources = set()
    for args in (case.values[0] for case in TASKS):
        if args.get("event_source_arn"):
            sources.add(args["event_source_arn"].split(":")[2])
        elif args.get("self_managed_event_source"):
            sources.add("self-managed kafka")
    assert sources == {"sqs", "kinesis", "dynamodb", "kafka", "self-managed kafka", "mq", "rds"}


@pytest.mark.parametrize("args", TASKS)
def test_guide_task_is_accepted(args):
    result = ArgumentSpecValidator(argument_spec()).validate(args)
    assert not result.error_messages
    validate(result.validated_parameters)
