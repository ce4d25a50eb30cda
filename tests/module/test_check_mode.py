"""Check mode and diff tell the truth.

Check mode fails where the real run fails, predicts a create it cannot verify with a warning, the diff holds only
options (no output-only members), the result of a timed-out delete carries the state last read, and ``tags`` is in
the result exactly when the run read them.
"""

from __future__ import annotations

import pytest

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import held
from tests.support.module_helpers import settled, tags_of, writes

OUTPUT_ONLY = ("last_modified", "last_processing_result", "state_transition_reason")


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_window_zero_against_a_held_batch_of_50_fails_in_both_modes(esm, srv, lam, fn, queue, check):
    """The real run fails (AWS refuses it, or the module before it asks); check mode must fail too, naming it."""
    uuid = settled(
        srv,
        lam,
        TRANSITION_SECONDS,
        FunctionName="fn",
        EventSourceArn=queue,
        BatchSize=50,
        MaximumBatchingWindowInSeconds=5,
    )["UUID"]
    srv.reset_requests()
    failed = esm(check=check, function_name="fn", event_source_arn=queue, maximum_batching_window_in_seconds=0)
    assert failed.get("failed") is True, failed
    assert failed["changed"] is False
    if check:
        assert failed.get("option") == "maximum_batching_window_in_seconds", failed
    assert writes(srv) == [] if check else "CreateEventSourceMapping" not in writes(srv)
    mapping = lam.get_event_source_mapping(UUID=uuid)
    assert (mapping["BatchSize"], mapping["MaximumBatchingWindowInSeconds"]) == (50, 5)


def test_check_mode_create_for_a_missing_function_warns_and_the_run_fails(esm, srv, lam, queue):
    srv.reset_requests()
    checked = esm(check=True, function_name="nosuchfn", event_source_arn=queue)
    assert not checked.get("failed"), checked
    assert checked["changed"] is True
    assert checked.get("warnings"), "the prediction could not be verified: a warning says so"
    assert writes(srv) == []
    failed = esm(function_name="nosuchfn", event_source_arn=queue)
    assert failed.get("failed") is True and failed["changed"] is False, failed
    # AWS's own refusal: GetFunction's ResourceNotFoundException or Create's "Function does not exist".
    assert failed["error"]["code"] in ("ResourceNotFoundException", "InvalidParameterValueException"), failed
    assert held(lam, EventSourceArn=queue) == []


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_diff_holds_no_output_only_members_but_the_result_does(esm, srv, lam, fn, stream, check):
    settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=stream, StartingPosition="LATEST")
    result = esm(check=check, function_name="fn", event_source_arn=stream, starting_position="LATEST", batch_size=7)
    assert not result.get("failed") and result["changed"] is True, result
    for side in ("before", "after"):
        assert not set(OUTPUT_ONLY) & set(result["diff"][side]), (side, result["diff"][side])
    if not check:
        assert set(OUTPUT_ONLY) <= set(result["event_source_mapping"]), result["event_source_mapping"]
    assert result["diff"]["before"]["batch_size"] == 100 and result["diff"]["after"]["batch_size"] == 7


def test_timed_out_delete_reports_the_deleting_state_it_last_read(esm, srv, lam, fn, queue):
    uuid = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue)["UUID"]
    srv.configure(transition_seconds=30)
    result = esm(function_name="fn", event_source_arn=queue, state="absent", wait_timeout=1)
    assert result["changed"] is True, result
    assert result["event_source_mapping"]["uuid"] == uuid
    assert result["event_source_mapping"]["state"] == "Deleting", result["event_source_mapping"]
    assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Deleting"


def test_tags_are_in_the_result_exactly_when_the_task_sets_them(esm, srv, lam, fn, queue):
    mapping = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, Tags={"Team Name": "a"})
    without = esm(function_name="fn", event_source_arn=queue, batch_size=5)
    assert not without.get("failed") and without["changed"] is True, without
    assert "tags" not in without["event_source_mapping"]
    same = esm(function_name="fn", event_source_arn=queue, tags={"Team Name": "a"})
    assert not same.get("failed") and same["changed"] is False, same
    assert same["event_source_mapping"]["tags"] == {"Team Name": "a"}
    retagged = esm(function_name="fn", event_source_arn=queue, batch_size=6, tags={"Team Name": "b"})
    assert retagged["changed"] is True and retagged["event_source_mapping"]["tags"] == {"Team Name": "b"}
    assert tags_of(lam, mapping) == {"Team Name": "b"}
