"""Waiting (docs/aws-behaviour.md §5): a busy mapping is waited for, a timeout names the state, and concurrent writers converge."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support.aws_fixtures import held


def test_update_right_after_create_waits_for_creating(esm, lam, srv, fn, queue):
    srv.configure(transition_seconds=1.5)
    created = esm(function_name="fn", event_source_arn=queue, wait=False)
    assert created["event_source_mapping"]["state"] == "Creating"
    updated = esm(function_name="fn", event_source_arn=queue, batch_size=3)
    assert updated["changed"] is True, updated
    mapping = lam.get_event_source_mapping(UUID=created["event_source_mapping"]["uuid"])
    assert mapping["BatchSize"] == 3 and mapping["State"] == "Enabled"


def test_delete_right_after_update_waits(esm, lam, srv, fn, queue):
    srv.configure(transition_seconds=1.0)
    esm(function_name="fn", event_source_arn=queue)
    esm(function_name="fn", event_source_arn=queue, batch_size=4, wait=False)
    deleted = esm(function_name="fn", event_source_arn=queue, state="absent")
    assert deleted["changed"] is True, deleted
    assert held(lam, EventSourceArn=queue) == []


def test_recreate_while_the_old_mapping_is_deleting(esm, lam, srv, fn, queue):
    # Long enough that the mapping is still Deleting when the test reads it after the run, on a loaded machine too.
    srv.configure(transition_seconds=3.0)
    esm(function_name="fn", event_source_arn=queue)
    esm(function_name="fn", event_source_arn=queue, state="absent", wait=False)
    assert [m["State"] for m in held(lam, EventSourceArn=queue)] == ["Deleting"]
    created = esm(function_name="fn", event_source_arn=queue, batch_size=2)
    assert created["changed"] is True, created
    assert [(m["State"], m["BatchSize"]) for m in held(lam, EventSourceArn=queue)] == [("Enabled", 2)]


def test_wait_timeout_names_the_state(esm, srv, fn, queue):
    srv.configure(transition_seconds=30)
    failed = esm(function_name="fn", event_source_arn=queue, wait_timeout=1)
    assert failed["failed"] is True
    assert failed["changed"] is True, "the mapping was created before the wait failed"
    assert "Creating" in failed["msg"] and failed["event_source_mapping"]["uuid"]
    assert failed["error"]["code"] == "Timeout"


def test_eight_concurrent_runs_end_with_one_mapping(esm, lam, srv, fn, queue):
    args = {"function_name": "fn", "event_source_arn": queue, "batch_size": 5, "tags": {"Run": "concurrent"}}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: esm(**args), range(8)))
    assert [r.get("failed") for r in results] == [None] * 8, [r.get("msg") for r in results]
    mappings = held(lam, EventSourceArn=queue)
    assert len(mappings) == 1 and mappings[0]["BatchSize"] == 5
    assert lam.list_tags(Resource=mappings[0]["EventSourceMappingArn"])["Tags"] == {"Run": "concurrent"}
    assert esm(**args)["changed"] is False


def test_a_busy_mapping_that_needs_no_change_is_waited_for_only_with_wait(esm, srv, fn, queue):
    # Long enough that the two quick runs below end before the mapping settles, on a loaded machine too.
    srv.configure(transition_seconds=8)
    created = esm(function_name="fn", event_source_arn=queue, batch_size=4, wait=False)
    assert created["event_source_mapping"]["state"] == "Creating"
    srv.reset_requests()
    for check in (True, False):
        quick = esm(check=check, function_name="fn", event_source_arn=queue, batch_size=4, wait=False)
        assert quick["changed"] is False and quick["event_source_mapping"]["state"] == "Creating", quick
    assert [r["operation"] for r in srv.requests() if r["service"] == "lambda"] == ["ListEventSourceMappings"] * 2
    settled = esm(function_name="fn", event_source_arn=queue, batch_size=4)
    assert settled["changed"] is False and settled["event_source_mapping"]["state"] == "Enabled", settled
