"""A replacement never loses a mapping, through the fault-injecting proxy.

The Create of the replacement fails after the old mapping was deleted: the module re-creates the old mapping from
the configuration and tags it read and fails with what happened (``replacement``); if that Create fails too, the
result carries the old configuration in the module's option shape, ready to be applied again. A replacement whose
Create meets the new identity made by another writer (409) still reports ``changed``: it deleted a mapping.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from tests.reliability.conftest import TRANSITION_SECONDS, held
from tests.support.aws_fixtures import create_queue, create_stream
from tests.support.fault_proxy import Reply
from tests.support.module_helpers import settled, tags_of

MESSAGE = "The provided event source is not supported by this function version (injected)."
REFUSED = Reply(400, "InvalidParameterValueException", MESSAGE)
# How long the proxy holds the replacement's Create while another writer creates the new identity.
RACE_WINDOW = 2.5


@pytest.fixture
def old(srv, lam, fn, queue) -> dict[str, Any]:
    """The mapping to be replaced: fn -> queue, batch 8, tagged; as the endpoint answered its create."""
    return settled(
        srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, BatchSize=8, Tags={"Team Name": "a"}
    )


def _replace(module, old: dict[str, Any], target: str) -> dict[str, Any]:
    return module(uuid=old["UUID"], function_name="fn", event_source_arn=target, allow_replacement=True)


@pytest.mark.fatal_faults
def test_failed_create_of_the_replacement_restores_the_old_mapping(proxy, module, srv, lam, clients, queue, old):
    target = create_queue(clients, "refunds")
    proxy.schedule("CreateEventSourceMapping", [REFUSED])
    failed = _replace(module, old, target)
    assert failed.get("failed") is True and failed["changed"] is True, failed
    assert failed["error"] == {"code": "InvalidParameterValueException", "message": MESSAGE}
    replacement = failed["replacement"]
    assert replacement["old_uuid"] == old["UUID"] and replacement["restored"] is True, replacement
    [restored] = held(lam, FunctionName="fn")
    assert replacement["new_uuid"] == restored["UUID"] != old["UUID"]
    assert failed["event_source_mapping"]["uuid"] == restored["UUID"], "the result describes the restored mapping"
    assert (restored["EventSourceArn"], restored["BatchSize"]) == (queue, 8)
    assert tags_of(lam, restored) == {"Team Name": "a"}
    assert held(lam, EventSourceArn=target) == []
    configuration = replacement["old_configuration"]
    assert configuration["batch_size"] == 8 and configuration["event_source_arn"] == queue
    assert configuration["tags"] == {"Team Name": "a"}
    assert [e["action"] for e in proxy.requests("CreateEventSourceMapping")] == ["reply", "ok"]


@pytest.mark.fatal_faults
def test_awss_message_ends_before_ours(proxy, module, clients, old):
    """Issue 19 §6: AWS's text, which often has no full stop, ends before the sentence that says what was done."""
    target = create_queue(clients, "refunds-2")
    # AWS's wording for an SQS queue whose visibility timeout is shorter than the function's timeout.
    aws_text = "Queue visibility timeout: 30 seconds is less than Function timeout: 3 seconds"
    proxy.schedule("CreateEventSourceMapping", [Reply(400, "InvalidParameterValueException", aws_text)])
    failed = _replace(module, old, target)
    assert failed.get("failed") is True and failed["replacement"]["restored"] is True, failed
    assert f"{aws_text}. The old mapping was re-created" in failed["msg"], failed["msg"]


@pytest.mark.fatal_faults
def test_when_the_restore_fails_too_the_old_configuration_can_be_applied_again(
    proxy, module, srv, lam, clients, queue, old
):
    target = create_queue(clients, "refunds")
    proxy.schedule("CreateEventSourceMapping", [REFUSED, REFUSED])
    failed = _replace(module, old, target)
    assert failed.get("failed") is True and failed["changed"] is True, failed
    replacement = failed["replacement"]
    assert replacement["old_uuid"] == old["UUID"], replacement
    assert replacement["restored"] is False and replacement["new_uuid"] is None
    assert held(lam, FunctionName="fn") == [], "both creates were refused: nothing is held"
    configuration = replacement["old_configuration"]
    again = module(**{**configuration, "function_name": "fn"})
    assert not again.get("failed") and again["changed"] is True, again
    [recreated] = held(lam, FunctionName="fn")
    assert (recreated["EventSourceArn"], recreated["BatchSize"]) == (queue, 8)
    assert tags_of(lam, recreated) == {"Team Name": "a"}


def test_a_replacement_whose_create_meets_another_writers_mapping_reports_changed(proxy, module, srv, lam, clients, fn):
    stream = create_stream(clients, "clicks")
    old_uuid = settled(
        srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=stream, StartingPosition="LATEST"
    )["UUID"]
    proxy.latency("CreateEventSourceMapping", RACE_WINDOW)
    outcome: dict[str, Any] = {}
    args = {"function_name": "fn", "event_source_arn": stream, "starting_position": "TRIM_HORIZON"}
    runner = threading.Thread(target=lambda: outcome.update(module(allow_replacement=True, **args)))
    runner.start()
    deadline = time.monotonic() + 30
    while not proxy.requests("CreateEventSourceMapping") and time.monotonic() < deadline:
        time.sleep(0.02)
    # The old mapping is deleted and the run's Create waits in the proxy: now the other writer.
    other = lam.create_event_source_mapping(FunctionName="fn", EventSourceArn=stream, StartingPosition="TRIM_HORIZON")
    runner.join(timeout=60)
    assert outcome, "the run finished"
    assert outcome["changed"] is True, outcome
    [mapping] = held(lam, EventSourceArn=stream)
    assert mapping["UUID"] == other["UUID"] != old_uuid
    assert mapping["StartingPosition"] == "TRIM_HORIZON"
