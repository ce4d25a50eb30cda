"""lambda_event_source_mapping_set: one function's mappings as a set, checked against what the
endpoint holds and what it was asked."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.module.conftest import lambda_requests
from tests.support.aws_fixtures import create_function, create_queue, held
from tests.support.builders import msk_cluster_arn

WRITES = {
    "CreateEventSourceMapping",
    "UpdateEventSourceMapping",
    "DeleteEventSourceMapping",
    "TagResource",
    "UntagResource",
}
# Members that only a real run can know (a new mapping's UUID, ARN, time and state on the way).
UNKNOWN_BEFORE = ("uuid", "arn", "last_modified", "state", "state_transition_reason", "last_processing_result")


def known(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k not in UNKNOWN_BEFORE}


def settled(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k not in ("state_transition_reason", "last_processing_result")}


def sqs_item(queue: str, **extra: Any) -> dict[str, Any]:
    return dict(event_source_arn=queue, **extra)


def mixed(queue: str, stream: str, batch: int = 100) -> list[dict[str, Any]]:
    return [
        sqs_item(queue, filter_criteria={"filter": [{"pattern": '{"body": {"type": ["order"]}}'}]}),
        {"event_source_arn": stream, "starting_position": "TRIM_HORIZON", "batch_size": batch},
        {"event_source_arn": msk_cluster_arn(), "topics": ["orders"], "starting_position": "LATEST"},
    ]


def by_source(lam: Any, function: str = "fn") -> dict[str, dict[str, Any]]:
    return {m.get("EventSourceArn"): m for m in held(lam, FunctionName=function)}


def writes(srv: Any) -> list[str]:
    return [op for op in lambda_requests(srv) if op in WRITES]


def test_mixed_set_is_created_and_reapply_costs_one_list(esm_set, srv, lam, fn, queue, stream):
    created = esm_set(function_name="fn", mappings=mixed(queue, stream))
    assert created["changed"] is True, created
    now = by_source(lam)
    assert set(now) == {queue, stream, msk_cluster_arn()}
    assert json.loads(now[queue]["FilterCriteria"]["Filters"][0]["Pattern"]) == {"body": {"type": ["order"]}}
    assert now[stream]["StartingPosition"] == "TRIM_HORIZON" and now[stream]["BatchSize"] == 100
    assert now[msk_cluster_arn()]["Topics"] == ["orders"]
    assert all(m["State"] == "Enabled" for m in now.values())
    # In the order of mappings, and exactly the UUIDs the endpoint holds.
    assert [m["event_source_arn"] for m in created["event_source_mappings"]] == [queue, stream, msk_cluster_arn()]
    assert [m["uuid"] for m in created["event_source_mappings"]] == created["created"]
    assert sorted(created["created"]) == sorted(m["UUID"] for m in now.values())
    assert created["updated"] == [] and created["deleted"] == []
    assert [d["after"]["uuid"] for d in created["diff"]] == created["created"]

    srv.reset_requests()
    again = esm_set(function_name="fn", mappings=mixed(queue, stream))
    assert again["changed"] is False, again
    assert lambda_requests(srv) == ["ListEventSourceMappings"]
    assert [settled(m) for m in again["event_source_mappings"]] == [
        settled(m) for m in created["event_source_mappings"]
    ]
    assert again["created"] == again["updated"] == again["deleted"] == [] and again["diff"] == []


def test_change_one_item_updates_only_it(esm_set, srv, lam, fn, queue, stream):
    first = esm_set(function_name="fn", mappings=mixed(queue, stream))
    before = by_source(lam)
    srv.reset_requests()
    changed = esm_set(function_name="fn", mappings=mixed(queue, stream, batch=50))
    assert changed["changed"] is True
    assert changed["updated"] == [first["created"][1]] and changed["created"] == changed["deleted"] == []
    assert writes(srv) == ["UpdateEventSourceMapping"]
    after = by_source(lam)
    assert after[stream]["BatchSize"] == 50 and after[stream]["State"] == "Enabled"
    assert after[queue] == before[queue] and after[msk_cluster_arn()] == before[msk_cluster_arn()]
    assert changed["event_source_mappings"][1]["batch_size"] == 50
    assert [(d["before"]["batch_size"], d["after"]["batch_size"]) for d in changed["diff"]] == [(100, 50)]


def test_purge_deletes_only_the_dropped_mapping_of_this_function(esm_set, lam, clients, fn, queue, stream):
    create_function(clients, "other")
    version = lam.publish_version(FunctionName="fn")["Version"]
    lam.create_alias(FunctionName="fn", Name="live", FunctionVersion=version)
    lam.create_event_source_mapping(FunctionName="other", EventSourceArn=queue)
    lam.create_event_source_mapping(FunctionName="fn:live", EventSourceArn=queue)
    made = esm_set(function_name="fn", mappings=mixed(queue, stream))
    dropped = made["created"][0]

    kept = esm_set(function_name="fn", mappings=mixed(queue, stream)[1:])
    assert kept["changed"] is False and kept["deleted"] == []
    assert dropped in [m["UUID"] for m in held(lam, FunctionName="fn")]

    purged = esm_set(function_name="fn", mappings=mixed(queue, stream)[1:], purge=True)
    assert purged["changed"] is True and purged["deleted"] == [dropped], purged
    assert purged["diff"] == [
        {
            "before_header": f"purge ({dropped})",
            "after_header": f"purge ({dropped})",
            "before": purged["diff"][0]["before"],
            "after": {},
        }
    ]
    assert purged["diff"][0]["before"]["uuid"] == dropped
    assert sorted(m["UUID"] for m in held(lam, FunctionName="fn")) == sorted(made["created"][1:])
    assert [m["FunctionArn"] for m in held(lam, FunctionName="other")] == [fn.replace(":fn", ":other")]
    assert [m["FunctionArn"] for m in held(lam, FunctionName="fn:live")] == [fn + ":live"]
    assert lam.get_event_source_mapping(UUID=made["created"][1])["State"] == "Enabled"


def test_check_mode_writes_nothing_and_predicts_the_run(esm_set, srv, lam, fn, queue, stream, clients):
    refunds = create_queue(clients, "refunds")
    made = esm_set(function_name="fn", mappings=mixed(queue, stream))
    target = dict(
        function_name="fn",
        purge=True,
        mappings=[
            sqs_item(refunds, batch_size=5, tags={"Cost Center": "42"}),
            {"event_source_arn": stream, "starting_position": "TRIM_HORIZON", "batch_size": 7},
            {"event_source_arn": msk_cluster_arn(), "topics": ["orders"], "starting_position": "LATEST"},
        ],
    )
    held_before = held(lam, FunctionName="fn")
    srv.reset_requests()
    predicted = esm_set(check=True, **target)
    assert writes(srv) == []
    assert held(lam, FunctionName="fn") == held_before
    assert predicted["changed"] is True
    assert predicted["created"] == [None]
    assert predicted["updated"] == [made["created"][1]] and predicted["deleted"] == [made["created"][0]]

    done = esm_set(**target)
    assert done["changed"] is True
    assert len(done["created"]) == 1 and done["updated"] == predicted["updated"]
    assert done["deleted"] == predicted["deleted"]
    assert sorted(writes(srv)) == [
        "CreateEventSourceMapping",
        "DeleteEventSourceMapping",
        "UpdateEventSourceMapping",
    ]

    assert [known(m) for m in predicted["event_source_mappings"]] == [known(m) for m in done["event_source_mappings"]]
    assert [(d["before_header"], known(d["before"]), known(d["after"])) for d in predicted["diff"]] == [
        (d["before_header"], known(d["before"]), known(d["after"])) for d in done["diff"]
    ]
    now = by_source(lam)
    assert set(now) == {refunds, stream, msk_cluster_arn()}
    assert now[refunds]["BatchSize"] == 5 and now[stream]["BatchSize"] == 7
    assert lam.list_tags(Resource=now[refunds]["EventSourceMappingArn"])["Tags"] == {"Cost Center": "42"}
    # And the next check mode predicts nothing.
    srv.reset_requests()
    assert esm_set(check=True, **target)["changed"] is False
    assert lambda_requests(srv) == ["ListEventSourceMappings", "ListTags"]


@pytest.mark.parametrize(
    "bad, option, text",
    [
        ({"batch_size": 0}, "mappings[1].batch_size", "batch_size must be between 1 and 10000"),
        ({"starting_position": "LATEST"}, "mappings[1].starting_position", "does not apply to SQS"),
    ],
)
def test_invalid_item_fails_before_any_request(esm_set, srv, lam, fn, queue, clients, bad, option, text):
    refunds = create_queue(clients, "refunds")
    srv.reset_requests()
    failed = esm_set(function_name="fn", mappings=[sqs_item(queue), sqs_item(refunds, **bad)])
    assert failed.get("failed") and failed["option"] == option, failed
    assert failed["msg"].startswith("mappings[1]: ") and text in failed["msg"]
    assert failed["changed"] is False
    assert lambda_requests(srv) == []
    assert held(lam, FunctionName="fn") == []


def test_two_items_naming_one_mapping_fail_naming_both(esm_set, srv, lam, fn, queue):
    srv.reset_requests()
    failed = esm_set(
        function_name="fn",
        mappings=[
            sqs_item(queue),
            {"event_source_arn": msk_cluster_arn(), "topics": ["a"], "starting_position": "LATEST"},
            sqs_item(queue, batch_size=5),
        ],
    )
    assert failed.get("failed") and failed["option"] == "mappings[2]"
    assert "mappings[0] and mappings[2] name the same event source mapping" in failed["msg"]
    assert lambda_requests(srv) == []


def test_item_invalid_against_what_is_held_fails_before_any_write(esm_set, srv, lam, fn, queue, stream):
    made = esm_set(function_name="fn", mappings=mixed(queue, stream))
    srv.reset_requests()
    items = mixed(queue, stream)
    items[0]["batch_size"] = 5
    items[1]["starting_position"] = "LATEST"  # create-only: needs allow_replacement
    failed = esm_set(function_name="fn", mappings=items)
    assert failed.get("failed") and failed["msg"].startswith(f"mappings[1] ({stream}): Cannot change create-only")
    assert writes(srv) == []
    assert by_source(lam)[queue]["BatchSize"] == 10
    assert sorted(m["UUID"] for m in held(lam, FunctionName="fn")) == sorted(made["created"])


def test_failure_part_way_reports_what_was_written_and_rerun_converges(esm_set, lam, fn, queue, clients):
    missing = queue.replace(":orders", ":not-yet")
    items = [sqs_item(queue, batch_size=5), sqs_item(missing)]
    failed = esm_set(function_name="fn", mappings=items, purge=True)
    assert failed.get("failed") and failed["changed"] is True, failed
    uuid = held(lam, FunctionName="fn")[0]["UUID"]
    assert failed["written"] == [{"mapping": "mappings[0]", "action": "created", "uuid": uuid}]
    assert failed["created"] == [uuid] and failed["updated"] == failed["deleted"] == []
    assert failed["msg"].startswith(f"mappings[1] ({missing}): Failed to create event source mapping")
    assert f"Already written: created {uuid} (mappings[0])" in failed["msg"]
    assert failed["error"]["code"] == "InvalidParameterValueException"

    create_queue(clients, "not-yet")
    converged = esm_set(function_name="fn", mappings=items, purge=True)
    assert converged["changed"] is True and converged["updated"] == [] and converged["deleted"] == []
    assert len(converged["created"]) == 1
    assert sorted(m["UUID"] for m in held(lam, FunctionName="fn")) == sorted([uuid] + converged["created"])
    assert esm_set(function_name="fn", mappings=items, purge=True)["changed"] is False
