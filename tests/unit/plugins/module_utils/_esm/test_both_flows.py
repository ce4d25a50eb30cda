"""The main module and the set module decide alike: every held state x every kind of task, through both flows.

Each case runs the main module's flow (``runner.run``) and the set module's flow (``mapping_set.run`` with one
item) against two identical copies of a small stateful Lambda service (below), in check mode and for real, and
compares what matters to a user: whether it failed and why, ``changed``, the writes AWS received, what AWS holds
afterwards, the mapping in the result and the diff. The flows read differently (one Get or List per task against
one List for the set, a wait by Get against one by List), so reads are not compared.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import re
from typing import Any

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import aws, mapping_set, runner
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import CONTROL_OPTIONS
from tests.support.builders import FN_ARN, FUNCTION, KINESIS_ARN, SQS_ARN, STREAM_DEFAULTS, arn
from tests.unit.plugins.module_utils._esm.conftest import FakeClock, client_error, not_found

# Seconds a mapping takes to settle after a write, in the service below.
TRANSITION = 3.0
WRITES = ("create_event_source_mapping", "update_event_source_mapping", "delete_event_source_mapping")
WRITES += ("tag_resource", "untag_resource")
FILTERS = {"Filters": [{"Pattern": '{"data": {"kind": ["order"]}}'}]}


@dataclasses.dataclass
class Entry:
    mapping: dict[str, Any]
    # When the mapping reaches its next state: (time, state), state None for gone.
    settles: tuple[float, str | None] | None = None


class FakeService:
    """A Lambda control plane for event source mappings, as AWS behaves (docs/aws-behaviour.md §5, §6): writes
    leave a mapping Creating, Updating or Deleting for ``TRANSITION`` seconds of the fake clock; a busy mapping
    refuses updates and deletes; a second mapping for one function and source is refused naming the first."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.entries: dict[str, Entry] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._uuids = (f"{n:08d}-0000-4000-8000-000000000000" for n in itertools.count(1))
        # Errors the next creates answer with, in order (None: the create goes ahead).
        self.refuse_creates: list[Exception | None] = []

    # State

    def hold(self, mapping: dict[str, Any], settles: tuple[float, str | None] | None = None) -> None:
        self.entries[mapping["UUID"]] = Entry(copy.deepcopy(mapping), settles)

    def _tick(self) -> None:
        for uuid, entry in list(self.entries.items()):
            if entry.settles and entry.settles[0] <= self.clock.now:
                if entry.settles[1] is None:
                    del self.entries[uuid]
                else:
                    entry.mapping["State"] = entry.settles[1]
                    entry.settles = None

    def held(self) -> list[dict[str, Any]]:
        self._tick()
        return [copy.deepcopy(e.mapping) for e in self.entries.values()]

    def _answer(self, mapping: dict[str, Any]) -> dict[str, Any]:
        return dict(copy.deepcopy(mapping), ResponseMetadata={"HTTPStatusCode": 200, "RetryAttempts": 0})

    def _entry(self, uuid: str, operation: str) -> Entry:
        self._tick()
        if uuid not in self.entries:
            raise not_found(operation)
        return self.entries[uuid]

    def _busy(self, entry: Entry, operation: str) -> None:
        if entry.settles is not None:
            raise client_error(
                "ResourceInUseException",
                f"Cannot update the event source mapping because it is in use (state {entry.mapping['State']}).",
                operation,
            )

    # The client's operations

    def get_event_source_mapping(self, UUID: str) -> dict[str, Any]:  # noqa: N803 - boto3's parameter names
        self.calls.append(("get_event_source_mapping", {"UUID": UUID}))
        return self._answer(self._entry(UUID, "GetEventSourceMapping").mapping)

    def get_paginator(self, operation: str) -> Any:
        service = self

        class Paginator:
            def paginate(self, **filters: Any) -> Any:
                service.calls.append(("list_event_source_mappings", filters))
                found = [
                    m
                    for m in service.held()
                    if m["FunctionArn"].split(":function:")[1] == filters.get("FunctionName", FUNCTION)
                    and ("EventSourceArn" not in filters or m.get("EventSourceArn") == filters["EventSourceArn"])
                ]
                yield {"EventSourceMappings": found}

        return Paginator()

    def create_event_source_mapping(self, **params: Any) -> dict[str, Any]:
        self.calls.append(("create_event_source_mapping", dict(params)))
        self._tick()
        refusal = self.refuse_creates.pop(0) if self.refuse_creates else None
        if refusal is not None:
            raise refusal
        for entry in self.entries.values():
            if entry.mapping.get("EventSourceArn") == params.get("EventSourceArn"):
                raise client_error(
                    "ResourceConflictException",
                    f"An event source mapping with {params['EventSourceArn']} and function {FUNCTION} already "
                    f"exists. Please update or delete the existing mapping with UUID {entry.mapping['UUID']}",
                    "CreateEventSourceMapping",
                )
        uuid = next(self._uuids)
        enabled = params.pop("Enabled", True)
        tags = params.pop("Tags", None)
        params.pop("FunctionName")
        mapping = dict(STREAM_DEFAULTS if "kinesis" in params.get("EventSourceArn", "") else {}, **params)
        esm_arn = arn("lambda", f"event-source-mapping:{uuid}")
        mapping.update(UUID=uuid, FunctionArn=FN_ARN, EventSourceMappingArn=esm_arn, State="Creating")
        self.entries[uuid] = Entry(mapping, (self.clock.now + TRANSITION, "Enabled" if enabled else "Disabled"))
        self.tags[esm_arn] = dict(tags or {})
        return self._answer(mapping)

    def update_event_source_mapping(self, UUID: str, **params: Any) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("update_event_source_mapping", dict(params, UUID=UUID)))
        params = dict(params)
        entry = self._entry(UUID, "UpdateEventSourceMapping")
        self._busy(entry, "UpdateEventSourceMapping")
        enabled = params.pop("Enabled", entry.mapping["State"] == "Enabled")
        for name, value in params.items():
            if value in ({}, [], {"Filters": []}, {"OnFailure": {}}):
                entry.mapping.pop(name, None)
            else:
                entry.mapping[name] = value
        entry.mapping["State"] = "Updating"
        entry.settles = (self.clock.now + TRANSITION, "Enabled" if enabled else "Disabled")
        return self._answer(entry.mapping)

    def delete_event_source_mapping(self, UUID: str) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("delete_event_source_mapping", {"UUID": UUID}))
        entry = self._entry(UUID, "DeleteEventSourceMapping")
        if entry.mapping["State"] != "Deleting":
            self._busy(entry, "DeleteEventSourceMapping")
        entry.mapping["State"] = "Deleting"
        entry.settles = (self.clock.now + TRANSITION, None)
        return self._answer(entry.mapping)

    def list_tags(self, Resource: str) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("list_tags", {"Resource": Resource}))
        return {"Tags": dict(self.tags.get(Resource, {}))}

    def tag_resource(self, Resource: str, Tags: dict[str, str]) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("tag_resource", {"Resource": Resource, "Tags": Tags}))
        self.tags.setdefault(Resource, {}).update(Tags)
        return {}

    def untag_resource(self, Resource: str, TagKeys: list[str]) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("untag_resource", {"Resource": Resource, "TagKeys": TagKeys}))
        for key in TagKeys:
            self.tags.get(Resource, {}).pop(key, None)
        return {}

    def get_function(self, FunctionName: str) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("get_function", {"FunctionName": FunctionName}))
        return {"Configuration": {"FunctionArn": FN_ARN}}

    def writes(self) -> list[tuple[str, dict[str, Any]]]:
        return [(op, params) for op, params in self.calls if op in WRITES]


# ------------------------------------------------------------------ running a task through each flow


def _outcome(run: Any) -> dict[str, Any]:
    try:
        return {"result": run()}
    except EsmError as exc:
        failure = exc.result()
        # The set names the item the failure is about; what follows is the main module's message.
        failure["msg"] = re.sub(r"^mappings\[0\](?: \([^)]*\))?: ", "", failure["msg"])
        failure["option"] = re.sub(r"^mappings\[0\]\.", "", failure.get("option", ""))
        return {"failure": failure}


def through_main(service: FakeService, task: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    def factory(desired: Any) -> aws.Api:
        return aws.Api(service, wait_timeout=desired.wait_timeout, sleep=service.clock.sleep, clock=service.clock.clock)

    outcome = _outcome(lambda: runner.run(dict(task, function_name=FUNCTION), factory, check_mode))
    if "result" in outcome:
        result = outcome["result"]
        outcome["result"] = {"changed": result["changed"], "mapping": result["event_source_mapping"]}
        outcome["diff"] = result["diff"]
    return outcome


def through_set(service: FakeService, task: dict[str, Any], check_mode: bool) -> dict[str, Any]:
    shared = {name: CONTROL_OPTIONS[name].get("default") for name in mapping_set.SHARED_OPTIONS}
    item = {k: v for k, v in task.items() if k not in shared}
    params = dict(shared, **{k: v for k, v in task.items() if k in shared})
    params.update(function_name=FUNCTION, mappings=[item], purge=False)

    def factory(module_params: dict[str, Any]) -> aws.Api:
        return aws.Api(
            service, wait_timeout=module_params["wait_timeout"], sleep=service.clock.sleep, clock=service.clock.clock
        )

    outcome = _outcome(lambda: mapping_set.run(params, factory, check_mode))
    if "result" in outcome:
        result = outcome["result"]
        outcome["result"] = {"changed": result["changed"], "mapping": result["event_source_mappings"][0]}
        diffs = result["diff"]
        outcome["diff"] = {"before": diffs[0]["before"], "after": diffs[0]["after"]} if diffs else None
    return outcome


def both(
    held: list[Entry], task: dict[str, Any], check_mode: bool, refuse_creates: tuple[Exception | None, ...] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The outcome of ``task`` through each flow, each on its own copy of what AWS holds."""
    outcomes = []
    for through in (through_main, through_set):
        service = FakeService(FakeClock())
        service.refuse_creates = list(refuse_creates)
        for entry in held:
            service.hold(entry.mapping, entry.settles)
            service.tags[entry.mapping["EventSourceMappingArn"]] = {"team": "orders"}
        outcome = through(service, task, check_mode)
        outcome["writes"] = service.writes()
        # What AWS holds once everything has settled.
        service.clock.now += 10 * TRANSITION
        outcome["held"] = service.held()
        outcomes.append(outcome)
    main, item = outcomes
    if main.get("diff") is not None and item.get("diff") is None:
        # The set's diff lists only the mappings it changes; an unchanged one shows the same before and after.
        assert main["diff"]["before"] == main["diff"]["after"]
        main["diff"] = None
    return main, item


# ------------------------------------------------------------------ the table

UUID = "0a0a0a0a-0000-4000-8000-000000000000"
ESM = arn("lambda", f"event-source-mapping:{UUID}")
HELD = dict(
    STREAM_DEFAULTS,
    UUID=UUID,
    FunctionArn=FN_ARN,
    EventSourceArn=KINESIS_ARN,
    EventSourceMappingArn=ESM,
    BatchSize=100,
    FilterCriteria=FILTERS,
)

# Held states: what AWS holds when the task runs, and when it would move on without any write.
STATES = {
    "live": [Entry(dict(HELD, State="Enabled"))],
    "Creating": [Entry(dict(HELD, State="Creating"), (TRANSITION, "Enabled"))],
    "Updating": [Entry(dict(HELD, State="Updating"), (TRANSITION, "Enabled"))],
    "Deleting": [Entry(dict(HELD, State="Deleting"), (TRANSITION, None))],
    "gone": [],
}
BASE = {"event_source_arn": KINESIS_ARN, "starting_position": "LATEST"}
TASKS = {
    "changes nothing": dict(BASE, batch_size=100),
    "changes": dict(BASE, batch_size=50, tags={"team": "payments"}),
    "needs replacement": dict(BASE, starting_position="TRIM_HORIZON", allow_replacement=True),
    "clears": dict(BASE, filter_criteria={}),
}
# Whether the task changes anything, per held state (the same answer from both flows, and the right one).
UNCHANGED = {("live", "changes nothing"), ("Creating", "changes nothing"), ("Updating", "changes nothing")}


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "apply"])
@pytest.mark.parametrize("task_name", list(TASKS))
@pytest.mark.parametrize("state", list(STATES))
def test_both_flows_decide_alike(state, task_name, check_mode):
    main, item = both(STATES[state], TASKS[task_name], check_mode)
    assert main == item
    assert "failure" not in main, main.get("failure")
    assert main["result"]["changed"] is ((state, task_name) not in UNCHANGED)
    if check_mode:
        assert main["writes"] == []
    elif main["result"]["changed"]:
        assert main["writes"]


# An SQS mapping in the maximum-concurrency scaling mode, and a task that moves its source to provisioned pollers.
CONCURRENCY = dict(
    UUID=UUID,
    FunctionArn=FN_ARN,
    EventSourceArn=SQS_ARN,
    EventSourceMappingArn=ESM,
    BatchSize=10,
    ScalingConfig={"MaximumConcurrency": 5},
)
TO_POLLERS = {"event_source_arn": SQS_ARN, "provisioned_poller_config": {"minimum_pollers": 2, "maximum_pollers": 4}}


def test_a_task_against_a_mapping_being_deleted_predicts_the_create_in_both_flows():
    """Check mode, an SQS mapping with maximum concurrency being deleted, a task that moves the source to
    provisioned pollers: the mapping is going away, so its scaling mode is no rule for the task; both flows
    predict the create that the real run makes."""
    for check_mode in (True, False):
        main, item = both([Entry(dict(CONCURRENCY, State="Deleting"), (TRANSITION, None))], TO_POLLERS, check_mode)
        assert main == item
        assert main["result"]["changed"] is True
        assert main["result"]["mapping"]["provisioned_poller_config"] == {"minimum_pollers": 2, "maximum_pollers": 4}
        assert "scaling_config" not in main["result"]["mapping"]
    assert [op for op, _params in main["writes"]] == ["create_event_source_mapping"]
    assert [m["ProvisionedPollerConfig"] for m in main["held"]] == [{"MinimumPollers": 2, "MaximumPollers": 4}]


def test_a_task_against_a_live_mapping_in_the_other_scaling_mode_fails_alike():
    """The same task against a live mapping with maximum concurrency fails in both flows, before any write."""
    for check_mode in (True, False):
        main, item = both([Entry(dict(CONCURRENCY, State="Enabled"))], TO_POLLERS, check_mode)
        assert main == item
        assert main["failure"]["option"] == "provisioned_poller_config"
        assert "set scaling_config: {} in the same task" in main["failure"]["msg"]
        assert main["writes"] == []


REFUSED = client_error("InvalidParameterValueException", "Invalid starting position.", "CreateEventSourceMapping")


@pytest.mark.parametrize("restore", ["restored", "lost"])
def test_a_failed_replacement_says_what_became_of_the_old_mapping_in_both_flows(restore):
    """AWS refuses the new mapping after the old one was deleted: both flows re-create the old one (or say it
    could not) and return ``replacement``, the only record of the deleted mapping when the restore fails too."""
    refusals = (REFUSED, None) if restore == "restored" else (REFUSED, REFUSED)
    main, item = both(STATES["live"], TASKS["needs replacement"], False, refusals)
    keys = ("changed", "error", "replacement")
    assert {k: main["failure"].get(k) for k in keys} == {k: item["failure"].get(k) for k in keys}
    # The set says per item what it wrote: the delete, and the restored mapping if any.
    assert [w["action"] for w in item["failure"]["written"]] == ["deleted"] + (
        ["created"] if restore == "restored" else []
    )
    assert main["writes"] == item["writes"]
    replacement = main["failure"]["replacement"]
    assert replacement["old_uuid"] == UUID
    assert replacement["restored"] is (restore == "restored")
    assert replacement["old_configuration"]["starting_position"] == "LATEST"
    assert main["failure"]["changed"] is True
    assert [m["StartingPosition"] for m in main["held"]] == (["LATEST"] if restore == "restored" else [])
    assert [m["StartingPosition"] for m in item["held"]] == [m["StartingPosition"] for m in main["held"]]
