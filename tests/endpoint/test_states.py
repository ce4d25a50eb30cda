"""States and transitions (docs/aws-behaviour.md §5): transitional states, ResourceInUse, lazy settling, Delete."""

from __future__ import annotations

import time
from typing import Any

from tests.endpoint.helpers import FUNCTION, status
from tests.support.aws_fixtures import api_error, create_queue
from tests.support.local_aws import LocalAWS

# The tests below assert a transitional state right after a write, so the transition must outlast the time
# between two requests on a loaded machine; they assert the stable state after sleeping SETTLE, which a load
# can only lengthen.
TRANSITION = 1.0
SETTLE = TRANSITION + 0.2
IN_USE = "ResourceInUseException"


def _state(lam: Any, uuid: str) -> str:
    return str(lam.get_event_source_mapping(UUID=uuid)["State"])


def test_settles_immediately_with_zero_transition(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    created = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    assert created["State"] == "Creating"
    assert _state(lam, created["UUID"]) == "Enabled"
    assert lam.update_event_source_mapping(UUID=created["UUID"], Enabled=False)["State"] == "Disabling"
    assert _state(lam, created["UUID"]) == "Disabled"
    deleted = lam.delete_event_source_mapping(UUID=created["UUID"])
    assert status(deleted) == 202 and deleted["State"] == "Deleting"
    assert api_error(lam.get_event_source_mapping, UUID=created["UUID"]) == (
        "ResourceNotFoundException",
        "The resource you requested does not exist.",
        404,
    )


def test_create_disabled_is_disabled_at_once(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    srv.configure(transition_seconds=TRANSITION)
    queue = create_queue(clients, "q")
    created = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue, Enabled=False)
    assert created["State"] == "Disabled"
    assert _state(lam, created["UUID"]) == "Disabled"
    # Not transitional, so it can be updated right away.
    assert lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=5)["State"] == "Updating"


def test_transitions_and_resource_in_use(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    srv.configure(transition_seconds=TRANSITION)
    queue = create_queue(clients, "q")
    uuid = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)["UUID"]
    assert _state(lam, uuid) == "Creating"
    assert api_error(lam.update_event_source_mapping, UUID=uuid, BatchSize=5) == (
        IN_USE,
        "Cannot update the event source mapping because it is in use.",
        400,
    )
    assert api_error(lam.delete_event_source_mapping, UUID=uuid) == (
        IN_USE,
        "Cannot delete the event source mapping because it is in use.",
        400,
    )
    time.sleep(SETTLE)
    assert _state(lam, uuid) == "Enabled"

    assert lam.update_event_source_mapping(UUID=uuid, Enabled=False)["State"] == "Disabling"
    assert _state(lam, uuid) == "Disabling"
    assert api_error(lam.update_event_source_mapping, UUID=uuid, BatchSize=5)[0] == IN_USE
    time.sleep(SETTLE)
    assert _state(lam, uuid) == "Disabled"

    assert lam.update_event_source_mapping(UUID=uuid, BatchSize=5)["State"] == "Updating"
    time.sleep(SETTLE)
    assert _state(lam, uuid) == "Disabled"

    assert lam.update_event_source_mapping(UUID=uuid, Enabled=True)["State"] == "Enabling"
    time.sleep(SETTLE)
    assert _state(lam, uuid) == "Enabled"


def test_deleting_stays_visible_then_disappears(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    uuid = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)["UUID"]
    srv.configure(transition_seconds=TRANSITION)
    assert lam.delete_event_source_mapping(UUID=uuid)["State"] == "Deleting"
    assert _state(lam, uuid) == "Deleting"
    listed = lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"]
    assert [(m["UUID"], m["State"]) for m in listed] == [(uuid, "Deleting")]
    assert api_error(lam.delete_event_source_mapping, UUID=uuid)[0] == IN_USE
    time.sleep(SETTLE)
    assert api_error(lam.get_event_source_mapping, UUID=uuid)[0] == "ResourceNotFoundException"
    assert lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"] == []


def test_get_and_delete_unknown_uuid(lam: Any, fn: str) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    expected = ("ResourceNotFoundException", "The resource you requested does not exist.", 404)
    assert api_error(lam.get_event_source_mapping, UUID=missing) == expected
    assert api_error(lam.delete_event_source_mapping, UUID=missing) == expected
