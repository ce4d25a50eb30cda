"""A delete by uuid deletes only what the task names.

With ``state: absent``, a uuid whose mapping belongs to another function or reads another source is a mismatch
that fails (naming it) and deletes nothing; with ``state: present`` a differing function_name is an update.
"""

from __future__ import annotations

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import create_function, create_queue, held
from tests.support.module_helpers import settled, writes


def test_delete_by_uuid_of_another_functions_mapping_fails_and_deletes_nothing(esm, srv, lam, clients, queue):
    create_function(clients, "orders-fn")
    create_function(clients, "audit-fn")
    uuid = settled(srv, lam, TRANSITION_SECONDS, FunctionName="orders-fn", EventSourceArn=queue)["UUID"]
    srv.reset_requests()
    failed = esm(uuid=uuid, function_name="audit-fn", event_source_arn=queue, state="absent")
    assert failed.get("failed") is True, failed
    assert failed["changed"] is False
    assert uuid in failed["msg"] and ("audit-fn" in failed["msg"] or "orders-fn" in failed["msg"]), failed["msg"]
    assert writes(srv) == []
    assert lam.get_event_source_mapping(UUID=uuid)["FunctionArn"].endswith(":function:orders-fn")


def test_delete_by_uuid_of_a_mapping_of_another_source_fails_and_deletes_nothing(esm, srv, lam, clients, fn, queue):
    refunds = create_queue(clients, "refunds")
    uuid = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=refunds)["UUID"]
    srv.reset_requests()
    failed = esm(uuid=uuid, function_name="fn", event_source_arn=queue, state="absent")
    assert failed.get("failed") is True, failed
    assert failed["changed"] is False
    assert uuid in failed["msg"] and (queue in failed["msg"] or refunds in failed["msg"]), failed["msg"]
    assert writes(srv) == []
    assert [m["UUID"] for m in held(lam, EventSourceArn=refunds)] == [uuid]


def test_delete_by_uuid_function_and_source_that_match_deletes(esm, srv, lam, fn, queue):
    uuid = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue)["UUID"]
    deleted = esm(uuid=uuid, function_name="fn", event_source_arn=queue, state="absent")
    assert not deleted.get("failed"), deleted
    assert deleted["changed"] is True
    assert held(lam, FunctionName="fn") == []


def test_present_with_uuid_and_another_function_moves_the_mapping(esm, srv, lam, clients, fn, queue):
    create_function(clients, "audit-fn")
    uuid = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue)["UUID"]
    moved = esm(uuid=uuid, function_name="audit-fn", event_source_arn=queue)
    assert not moved.get("failed"), moved
    assert moved["changed"] is True
    [mapping] = held(lam, EventSourceArn=queue)
    assert mapping["UUID"] == uuid and mapping["FunctionArn"].endswith(":function:audit-fn")
