"""The life of one mapping per source kind, and the Lambda requests each step sends (figure 1 of
docs/performance.md, kept by tests/module/test_request_budget.py).

Every request but GetFunction counts against Lambda's 15 requests per second (docs/aws-behaviour.md §13), so these counts
are what a playbook costs in quota. The endpoint is run with ``transition_seconds=0``: a mapping settles
at once, so each wait is one Get. On AWS a mapping takes seconds to settle and each further poll adds a Get.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support import aws_fixtures as aws
from tests.support import builders as arns

FUNCTION = "budget-fn"
# (step, the arguments it adds to the mapping's identity)
STEPS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("create", {"batch_size": 5}),
    ("no-op", {"batch_size": 5}),
    ("update", {"batch_size": 8}),
    ("no-op", {"batch_size": 8}),
    ("disable", {"batch_size": 8, "enabled": False}),
    ("delete", {"state": "absent"}),
    ("delete again", {"state": "absent"}),
)
_ACCESS = [{"type": "BASIC_AUTH", "uri": arns.secret_arn()}]


def make_sources(clients: dict[str, Any]) -> dict[str, str]:
    """The function and the sources moto serves; their ARNs."""
    return {
        "function": aws.create_function(clients, FUNCTION),
        "queue": aws.create_queue(clients, "budget-queue"),
        "stream": aws.create_stream(clients, "budget-stream"),
        "table_stream": aws.create_table_stream(clients, "budget-table"),
    }


def kinds(sources: dict[str, str]) -> dict[str, dict[str, Any]]:
    """One mapping's identity and create-time options per source kind: the shared minimal task of each kind
    (tests/support/builders.py) on the sources the endpoint serves, with the credentials it asks for."""
    access = {"source_access_configuration": _ACCESS}
    sources_of = {
        "sqs": {"event_source_arn": sources["queue"]},
        "kinesis": {"event_source_arn": sources["stream"]},
        "dynamodb": {"event_source_arn": sources["table_stream"], "starting_position": "TRIM_HORIZON"},
        "msk": {"event_source_arn": arns.msk_cluster_arn()},
        "kafka": dict(access, self_managed_event_source=arns.kafka_source("b1:9092,b2:9092")),
        "mq": dict(access, event_source_arn=arns.mq_broker_arn()),
        "documentdb": dict(
            access,
            event_source_arn=arns.docdb_cluster_arn(),
            starting_position="LATEST",
            document_db_event_source_config={"database_name": "orders"},
        ),
    }
    return {
        kind: {k: v for k, v in arns.task(kind, **extra).items() if k not in ("function_name", "state")}
        for kind, extra in sources_of.items()
    }


def life_cycle(
    kind_args: dict[str, Any],
    run: Callable[[dict[str, Any]], dict[str, Any]],
    lambda_requests: Callable[[], list[str]],
) -> list[tuple[str, bool, list[str]]]:
    """Run each step; (step, changed, the Lambda operations it sent) per step.

    ``run`` runs lambda_event_source_mapping with some arguments; ``lambda_requests`` returns the Lambda
    operations the endpoint received and forgets them.
    """
    lambda_requests()
    rows = []
    for step, extra in STEPS:
        result = run(dict(kind_args, function_name=FUNCTION, **extra))
        if result.get("failed"):
            raise AssertionError(f"step {step} failed: {result.get('msg')}")
        rows.append((step, bool(result["changed"]), lambda_requests()))
    return rows
