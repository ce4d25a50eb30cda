"""A replacement (allow_replacement) never loses a mapping.

What the replacement would collide with, or a function that does not exist, is found before the old mapping is
deleted; the restore after a failed create is in tests/reliability/test_replacement_restore.py.
"""

from __future__ import annotations

import pytest

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import create_queue, held
from tests.support.module_helpers import lambda_ops, settled, tags_of, writes


def _config(mapping: dict) -> tuple:
    return (mapping["UUID"], mapping["FunctionArn"], mapping["EventSourceArn"], mapping["BatchSize"], mapping["State"])


def test_replacement_onto_an_identity_another_mapping_holds_fails_and_deletes_nothing(
    esm, srv, lam, clients, fn, queue
):
    other_queue = create_queue(clients, "refunds")
    a = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, BatchSize=3, Tags={"m": "a"})
    b = settled(
        srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=other_queue, BatchSize=4, Tags={"m": "b"}
    )
    before = {m["UUID"]: _config(lam.get_event_source_mapping(UUID=m["UUID"])) for m in (a, b)}
    srv.reset_requests()
    failed = esm(uuid=b["UUID"], function_name="fn", event_source_arn=queue, allow_replacement=True)
    assert failed.get("failed") is True, failed
    assert failed["changed"] is False
    assert a["UUID"] in failed["msg"], failed["msg"]
    assert writes(srv) == [], "no Delete, no Create"
    after = {m["UUID"]: _config(m) for m in held(lam, FunctionName="fn")}
    assert after == before, "both mappings are held as they were"
    assert tags_of(lam, a) == {"m": "a"} and tags_of(lam, b) == {"m": "b"}


@pytest.mark.parametrize("missing", ["nosuchfn", "fn:nosuchalias"])
def test_replacement_to_a_function_that_does_not_exist_fails_before_the_delete(
    esm, srv, lam, clients, fn, queue, missing
):
    other_queue = create_queue(clients, "refunds")
    old = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, BatchSize=3, Tags={"k": "v"})
    srv.reset_requests()
    failed = esm(uuid=old["UUID"], function_name=missing, event_source_arn=other_queue, allow_replacement=True)
    assert failed.get("failed") is True, failed
    assert failed["changed"] is False
    assert "GetFunction" in lambda_ops(srv), "the function is checked first (GetFunction is free of the quota)"
    assert writes(srv) == [], "nothing was deleted or created"
    [kept] = held(lam, FunctionName="fn")
    assert _config(kept) == (old["UUID"], old["FunctionArn"], queue, 3, "Enabled")
    assert tags_of(lam, kept) == {"k": "v"}
    assert held(lam, EventSourceArn=other_queue) == []
