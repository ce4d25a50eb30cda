"""Helpers for the module tests: what the endpoint received and holds, argument builders
for the kinds that need several options, and running the ``ansible`` / ``ansible-playbook`` CLIs.

Everything here reads the endpoint with plain boto3 or its own request log, never through the module under test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.aws_fixtures import cli_env
from tests.support.builders import KMS, mq_broker_arn, msk_cluster_arn, secret_arn, task
from tests.support.local_aws import LocalAWS

REPO = Path(__file__).resolve().parents[2]

# The Lambda operations that only read; GetFunction is free of the control-plane quota (docs/aws-behaviour.md §13).
READS = frozenset({"ListEventSourceMappings", "GetEventSourceMapping", "ListTags", "GetFunction"})
KAFKA_BROKERS = "b1:9092,b2:9092"


def lambda_ops(srv: LocalAWS) -> list[str]:
    """The Lambda operations the endpoint received since the last reset_requests, in order."""
    return [r["operation"] for r in srv.requests() if r.get("service") == "lambda"]


def writes(srv: LocalAWS) -> list[str]:
    """The Lambda operations received since the last reset_requests that change something."""
    return [op for op in lambda_ops(srv) if op not in READS]


def bodies(srv: LocalAWS, operation: str) -> list[dict[str, Any]]:
    """The JSON bodies of the ``operation`` requests the endpoint received (it records Lambda bodies)."""
    return [
        r.get("body") or {} for r in srv.requests() if r.get("service") == "lambda" and r.get("operation") == operation
    ]


def settled(srv: LocalAWS, lam: Any, restore_seconds: float, **request: Any) -> dict[str, Any]:
    """A mapping made straight at the endpoint (CreateEventSourceMapping ``request``), already in its stable
    state; the endpoint's transition time is set back to ``restore_seconds`` afterwards."""
    srv.configure(transition_seconds=0)
    try:
        return lam.create_event_source_mapping(**request)
    finally:
        srv.configure(transition_seconds=restore_seconds)


def encrypted(srv: LocalAWS, lam: Any, restore_seconds: float, queue: str, pattern: dict[str, Any]) -> dict[str, Any]:
    """A settled mapping fn -> ``queue`` with one filter ``pattern``, encrypted with the KMS key of
    tests/support/builders.py (List then hides its filters, docs/aws-behaviour.md §6, §13)."""
    return settled(
        srv,
        lam,
        restore_seconds,
        FunctionName="fn",
        EventSourceArn=queue,
        KMSKeyArn=KMS,
        FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]},
    )


def tags_of(lam: Any, mapping: dict[str, Any]) -> dict[str, str]:
    return lam.list_tags(Resource=mapping["EventSourceMappingArn"])["Tags"]


def kafka_request(function: str = "fn", topic: str = "orders", brokers: str = KAFKA_BROKERS) -> dict[str, Any]:
    """CreateEventSourceMapping for a self-managed Kafka mapping (what creation needs, docs/aws-behaviour.md §2)."""
    return {
        "FunctionName": function,
        "SelfManagedEventSource": {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": brokers.split(",")}},
        "Topics": [topic],
        "StartingPosition": "TRIM_HORIZON",
        "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": secret_arn()}],
    }


def msk_request(function: str = "fn", topic: str = "orders") -> dict[str, Any]:
    return {
        "FunctionName": function,
        "EventSourceArn": msk_cluster_arn(),
        "Topics": [topic],
        "StartingPosition": "LATEST",
    }


def rabbit_args(secret: str = "secret", vhost: str = "/production", **extra: Any) -> dict[str, Any]:
    """Module arguments for a RabbitMQ mapping of ``fn`` with a BASIC_AUTH secret and a VIRTUAL_HOST."""
    access = [{"type": "BASIC_AUTH", "uri": secret_arn(secret)}, {"type": "VIRTUAL_HOST", "uri": vhost}]
    return task(
        "mq",
        function_name="fn",
        event_source_arn=mq_broker_arn(),
        batch_size=1,
        source_access_configuration=access,
        **extra,
    )


# ------------------------------------------------------------------------------------------ the CLIs


def ansible_env(url: str, workdir: Path) -> dict[str, str]:
    """Environment for ``ansible``/``ansible-playbook`` against the endpoint ``url``: test credentials only, the
    installed collection, temporary directories under ``workdir``."""
    env = cli_env(url, str(workdir / "aws-files-absent"), str(REPO / ".collections"))
    env.update(
        ANSIBLE_LOCAL_TEMP=str(workdir / "ansible-local"),
        ANSIBLE_REMOTE_TEMP=str(workdir / "ansible-remote"),
        ANSIBLE_NOCOLOR="true",
        # The implicit localhost runs modules with this interpreter, the one that has boto3.
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
    )
    return env


def run_cli(tool: str, args: list[str], url: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``tool`` (``ansible``, ``ansible-playbook``) from the interpreter's bin directory; output merged."""
    binary = Path(sys.executable).with_name(tool)
    return subprocess.run(
        [str(binary), *args],
        cwd=workdir,
        env=ansible_env(url, workdir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )


def adhoc_result(output: str) -> dict[str, Any]:
    """The JSON result in the output of ``ansible localhost -m ...`` (``localhost | STATUS => {...}``)."""
    result, _end = json.JSONDecoder().raw_decode(output, output.index("=> {") + 3)
    return result
