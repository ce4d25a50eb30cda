"""Faults, conflicts, concurrency, IAM propagation and partial failure, through the fault-injecting proxy.

Every test runs the real module (a subprocess, as Ansible runs it) with ``AWS_ENDPOINT_URL`` pointing at the
proxy, then reads what the endpoint holds with plain boto3 straight to the endpoint.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any, Callable

import pytest

from tests.reliability.conftest import TRANSITION_SECONDS, held, lambda_calls, run_safely
from tests.reliability.figures import FIGURES
from tests.support.aws_fixtures import create_function, create_queue
from tests.support.fault_proxy import FaultProxy, Reply, iam_propagation_reply
from tests.support.local_aws import LocalAWS

LATENCY = 0.5
# Faults in a row on the one operation of each run: the retries must survive a fault on a retry too.
FAULTS_PER_RUN = 2
# How long the proxy holds the answer to a List while another writer creates the mapping.
RACE_WINDOW = 2.5


def settled_mapping(srv: LocalAWS, lam: Any, queue: str, function: str = "fn", **extra: Any) -> dict[str, Any]:
    """A mapping function -> queue made straight at the endpoint, already Enabled."""
    srv.configure(transition_seconds=0)
    try:
        return lam.create_event_source_mapping(FunctionName=function, EventSourceArn=queue, **extra)
    finally:
        srv.configure(transition_seconds=TRANSITION_SECONDS)


def tags_of(lam: Any, mapping: dict[str, Any]) -> dict[str, str]:
    return lam.list_tags(Resource=mapping["EventSourceMappingArn"])["Tags"]


# ------------------------------------------------------------------------------ every operation x every fault
#
# One scenario per operation the modules use: (module, the operation the fault hits, set-up returning the run's
# arguments, check of the result and of what the endpoint holds). A scenario runs in its own lane: its own
# function, queue and proxy, so the ten scenarios of one fault kind run at once. Set-up and checks talk
# straight to the endpoint; only the module's own requests pass the proxy.


class Lane:
    def __init__(self, scenario: str, srv: LocalAWS, clients: dict[str, Any]) -> None:
        self.scenario = scenario
        self.srv = srv
        self.lam = clients["lambda"]
        self.fn = "fn-" + scenario.replace("_", "-")
        create_function(clients, self.fn)
        self.queue = create_queue(clients, "q-" + scenario.replace("_", "-"))
        self.mapping: dict[str, Any] = {}
        self.args: dict[str, Any] = {}

    def existing(self, **extra: Any) -> dict[str, Any]:
        self.mapping = settled_mapping(self.srv, self.lam, self.queue, function=self.fn, **extra)
        return self.mapping

    def held(self) -> list[dict[str, Any]]:
        return held(self.lam, EventSourceArn=self.queue)

    def creates(self) -> list[int]:
        """Statuses of the Creates the endpoint answered for this lane's function."""
        return [
            r["status"]
            for r in lambda_calls(self.srv, "CreateEventSourceMapping")
            if (r.get("body") or {}).get("FunctionName") == self.fn
        ]


Scenario = tuple[str, str, Callable[[Lane], dict[str, Any]], Callable[[Lane, dict[str, Any]], None]]


def _create_args(lane: Lane) -> dict[str, Any]:
    return {"function_name": lane.fn, "event_source_arn": lane.queue, "batch_size": 5, "tags": {"team": "orders"}}


def _check_created(lane: Lane, result: dict[str, Any]) -> None:
    assert result["changed"] is True
    [mapping] = lane.held()
    assert mapping["BatchSize"] == 5 and mapping["State"] == "Enabled"
    assert tags_of(lane.lam, mapping) == {"team": "orders"}
    assert result["event_source_mapping"]["uuid"] == mapping["UUID"]


def _update_by_uuid(lane: Lane) -> dict[str, Any]:
    return {"uuid": lane.existing()["UUID"], "batch_size": 7}


def _update_by_source(lane: Lane) -> dict[str, Any]:
    lane.existing()
    return {"function_name": lane.fn, "event_source_arn": lane.queue, "batch_size": 7}


def _check_updated(lane: Lane, result: dict[str, Any]) -> None:
    assert result["changed"] is True
    [mapping] = lane.held()
    assert mapping["UUID"] == lane.mapping["UUID"]
    assert mapping["BatchSize"] == 7 and mapping["State"] == "Enabled"


def _retag(lane: Lane) -> dict[str, Any]:
    lane.existing(Tags={"team": "a"})
    return {"function_name": lane.fn, "event_source_arn": lane.queue, "tags": {"team": "b", "env": "test"}}


def _check_retagged(lane: Lane, result: dict[str, Any]) -> None:
    assert result["changed"] is True
    [mapping] = lane.held()
    assert tags_of(lane.lam, mapping) == {"team": "b", "env": "test"}


def _untag(lane: Lane) -> dict[str, Any]:
    lane.existing(Tags={"team": "a", "old": "x"})
    return {"function_name": lane.fn, "event_source_arn": lane.queue, "tags": {"team": "a"}}


def _check_untagged(lane: Lane, result: dict[str, Any]) -> None:
    assert result["changed"] is True
    [mapping] = lane.held()
    assert tags_of(lane.lam, mapping) == {"team": "a"}


def _delete(lane: Lane) -> dict[str, Any]:
    lane.existing()
    return {"function_name": lane.fn, "event_source_arn": lane.queue, "state": "absent"}


def _check_deleted(lane: Lane, result: dict[str, Any]) -> None:
    assert result["changed"] is True
    assert lane.held() == []


def _info_by_function(lane: Lane) -> dict[str, Any]:
    lane.existing(Tags={"team": "a"})
    return {"function_name": lane.fn}


def _info_by_uuid(lane: Lane) -> dict[str, Any]:
    return {"uuid": lane.existing(Tags={"team": "a"})["UUID"]}


def _check_info(lane: Lane, result: dict[str, Any]) -> None:
    assert result["changed"] is False
    [found] = result["event_source_mappings"]
    assert found["uuid"] == lane.mapping["UUID"] and found["tags"] == {"team": "a"}


MAIN = "lambda_event_source_mapping"
INFO = "lambda_event_source_mapping_info"
SCENARIOS: dict[str, Scenario] = {
    "create": (MAIN, "CreateEventSourceMapping", _create_args, _check_created),
    "list": (MAIN, "ListEventSourceMappings", _create_args, _check_created),
    "get": (MAIN, "GetEventSourceMapping", _update_by_uuid, _check_updated),
    "update": (MAIN, "UpdateEventSourceMapping", _update_by_source, _check_updated),
    "tag": (MAIN, "TagResource", _retag, _check_retagged),
    "untag": (MAIN, "UntagResource", _untag, _check_untagged),
    "list_tags": (MAIN, "ListTags", _retag, _check_retagged),
    "delete": (MAIN, "DeleteEventSourceMapping", _delete, _check_deleted),
    "info_list": (INFO, "ListEventSourceMappings", _info_by_function, _check_info),
    "info_get": (INFO, "GetEventSourceMapping", _info_by_uuid, _check_info),
}
FAULTS = ("429", "500", "drop", "lost", "latency")


def _run_lane(lane: Lane, fault: str, proxy: FaultProxy) -> str | None:
    """Run one scenario with its faults; None if it survived, else what went wrong."""
    module, operation, _prepare, check = SCENARIOS[lane.scenario]
    if fault == "latency":
        proxy.latency(operation, LATENCY)
    else:
        proxy.schedule(operation, [fault] * FAULTS_PER_RUN)
    started = time.monotonic()
    result = run_safely(module, lane.args, proxy.url)
    elapsed = time.monotonic() - started
    try:
        assert not result.get("failed"), result.get("msg")
        assert proxy.pending() == 0, f"the {fault} scheduled on {operation} was not all used"
        assert proxy.injected_by_operation[(operation, fault)] >= (1 if fault == "latency" else FAULTS_PER_RUN)
        if fault == "latency":
            assert elapsed >= LATENCY, elapsed
        check(lane, result)
        if operation == "CreateEventSourceMapping":
            # A lost answer: the first Create reached the endpoint and botocore's retries met the mapping it had
            # made (409); the module adopted it and reports it created. One mapping, one success.
            expected = [202] + [409] * FAULTS_PER_RUN if fault == "lost" else [202]
            assert lane.creates() == expected, lane.creates()
    except AssertionError as exc:
        return f"{lane.scenario}/{fault}: {exc}"
    return None


@pytest.mark.parametrize("fault", FAULTS)
def test_every_operation_survives_the_fault(fault, srv, clients):
    """The ten operations the modules use, each hit by this kind of fault (twice in a row), in ten lanes at once."""
    lanes = [Lane(scenario, srv, clients) for scenario in SCENARIOS]
    for lane in lanes:
        lane.args = SCENARIOS[lane.scenario][2](lane)
    srv.reset_requests()
    with ExitStack() as stack:
        proxies = [stack.enter_context(FaultProxy(srv.url)) for lane in lanes]
        with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
            problems = list(pool.map(lambda pair: _run_lane(pair[0], fault, pair[1]), zip(lanes, proxies)))
        for proxy, problem in zip(proxies, problems):
            FIGURES.add_faults(dict(proxy.injected_by_operation), survived=problem is None, fatal=False)
    assert [p for p in problems if p] == []


# ------------------------------------------------------------------------------ conflict convergence


def test_eight_concurrent_runs_converge_on_one_mapping(proxy, module, srv, lam, fn, queue):
    """All 8 runs list before any creates (the proxy holds the List answers until all 8 were answered)."""
    args = {"function_name": "fn", "event_source_arn": queue, "batch_size": 5, "tags": {"run": "concurrent"}}
    srv.reset_requests()
    proxy.hold("ListEventSourceMappings", 8, timeout=60)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda index: module(**args), range(8)))
    assert [r.get("failed") for r in results] == [None] * 8, [r.get("msg") for r in results]
    mappings = held(lam, EventSourceArn=queue)
    assert len(mappings) == 1 and mappings[0]["BatchSize"] == 5
    assert tags_of(lam, mappings[0]) == {"run": "concurrent"}
    creates = Counter(r["status"] for r in lambda_calls(srv, "CreateEventSourceMapping"))
    # Deterministic: every run listed (and found nothing) before any created; one Create won, 7 met it.
    assert creates == {202: 1, 409: 7}, creates
    assert sum(1 for r in results if r["changed"]) == 1, "the winner reports changed, the 7 adopters ok"
    assert {r["event_source_mapping"]["uuid"] for r in results} == {mappings[0]["UUID"]}
    ninth = module(**args)
    assert ninth.get("failed") is None and ninth["changed"] is False, ninth
    FIGURES.section(
        "concurrency",
        runs=8,
        succeeded=sum(1 for r in results if not r.get("failed")),
        reported_changed=sum(1 for r in results if r["changed"]),
        mappings=len(mappings),
        creates_sent=sum(creates.values()),
        creates_answered_409=creates[409],
        ninth_run_changed=ninth["changed"],
    )


def test_conflict_adopts_the_other_writers_mapping_and_applies_the_rest(proxy, module, srv, lam, fn, queue):
    """Another writer creates the mapping between this run's List and its Create: the run adopts it and still
    applies its own settings and tags to it."""
    proxy.latency("ListEventSourceMappings", RACE_WINDOW, after=True)
    outcome: dict[str, Any] = {}
    args = {"function_name": "fn", "event_source_arn": queue, "batch_size": 5, "tags": {"owner": "ansible"}}
    srv.reset_requests()
    runner = threading.Thread(target=lambda: outcome.update(module(**args)))
    runner.start()
    deadline = time.monotonic() + 20
    while not lambda_calls(srv, "ListEventSourceMappings") and time.monotonic() < deadline:
        time.sleep(0.02)
    # The run's List has been answered (empty) but the answer is still in the proxy: now the other writer.
    other = lam.create_event_source_mapping(FunctionName="fn", EventSourceArn=queue, BatchSize=3)
    runner.join(timeout=60)
    assert not outcome.get("failed"), outcome
    assert outcome["changed"] is True
    [mapping] = held(lam, EventSourceArn=queue)
    assert mapping["UUID"] == other["UUID"] == outcome["event_source_mapping"]["uuid"]
    assert mapping["BatchSize"] == 5 and tags_of(lam, mapping) == {"owner": "ansible"}
    statuses = [r["status"] for r in lambda_calls(srv, "CreateEventSourceMapping")]
    assert statuses == [202, 409], "the other writer's create, then the run's, refused as a duplicate"
    assert [r["status"] for r in lambda_calls(srv, "UpdateEventSourceMapping")] == [202]
    FIGURES.section("concurrency", other_writer_race="adopted the other writer's mapping, then updated and tagged it")


# ------------------------------------------------------------------------------ IAM propagation (docs/aws-behaviour.md §10)


def test_iam_propagation_errors_are_retried_until_they_pass(proxy, module, srv, lam, fn, queue):
    proxy.schedule("CreateEventSourceMapping", [iam_propagation_reply(), iam_propagation_reply()])
    started = time.monotonic()
    result = module(function_name="fn", event_source_arn=queue)
    elapsed = time.monotonic() - started
    assert not result.get("failed"), result
    assert result["changed"] is True and len(held(lam, EventSourceArn=queue)) == 1
    assert [e["action"] for e in proxy.requests("CreateEventSourceMapping")] == ["iam", "iam", "ok"]
    # The update path retries too (a Kinesis-style message this time).
    proxy.schedule(
        "UpdateEventSourceMapping",
        [
            iam_propagation_reply(
                "Cannot access stream arn:aws:kinesis:us-east-1:123456789012:stream/s. Please ensure the role can "
                "perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM."
            )
        ],
    )
    updated = module(function_name="fn", event_source_arn=queue, batch_size=4)
    assert not updated.get("failed"), updated
    assert held(lam, EventSourceArn=queue)[0]["BatchSize"] == 4
    FIGURES.section(
        "iam_propagation",
        create_retried_after=2,
        create_seconds=round(elapsed, 1),
        update_retried_after=1,
        outcome="succeeded",
    )


@pytest.mark.fatal_faults
def test_other_invalid_parameter_errors_fail_at_once(proxy, module, srv, lam, fn, queue):
    message = "Unsupported MaximumBatchingWindowInSeconds parameter for given event source mapping type."
    proxy.schedule("CreateEventSourceMapping", [Reply(400, "InvalidParameterValueException", message), "ok"])
    started = time.monotonic()
    result = module(function_name="fn", event_source_arn=queue)
    elapsed = time.monotonic() - started
    assert result["failed"] is True and result["changed"] is False
    assert result["error"] == {"code": "InvalidParameterValueException", "message": message}
    assert message in result["msg"]
    assert len(proxy.requests("CreateEventSourceMapping")) == 1
    assert held(lam, EventSourceArn=queue) == []
    FIGURES.section("iam_propagation", other_message_requests=1, other_message_seconds=round(elapsed, 1))


@pytest.mark.fatal_faults
def test_role_propagation_timeout_bounds_the_retrying(proxy, module, srv, lam, fn, queue):
    proxy.schedule("CreateEventSourceMapping", [iam_propagation_reply()] * 20)
    started = time.monotonic()
    result = module(function_name="fn", event_source_arn=queue, role_propagation_timeout=3)
    elapsed = time.monotonic() - started
    assert result["failed"] is True and result["changed"] is False
    assert result["error"]["code"] == "InvalidParameterValueException"
    assert "execution role does not have permissions" in result["msg"]
    attempts = len(proxy.requests("CreateEventSourceMapping"))
    assert 2 <= attempts <= 3
    # 2 s of waiting between the two attempts; the rest is the module's start-up (slow on a loaded machine).
    assert elapsed < 3 + 5, f"took {elapsed:.1f}s with role_propagation_timeout=3"
    assert held(lam, EventSourceArn=queue) == []
    FIGURES.section(
        "iam_propagation",
        bounded_timeout_option=3,
        bounded_attempts=attempts,
        bounded_seconds=round(elapsed, 1),
    )


# ------------------------------------------------------------------------------ partial failure


def test_created_but_the_wait_timed_out_then_the_next_run_completes(proxy, module, srv, lam, fn, queue):
    srv.configure(transition_seconds=3.5)
    args = {"function_name": "fn", "event_source_arn": queue, "batch_size": 5, "tags": {"team": "a"}}
    failed = module(wait_timeout=1, **args)
    assert failed["failed"] is True and failed["changed"] is True, failed
    assert failed["error"]["code"] == "Timeout" and "Creating" in failed["msg"]
    uuid = failed["event_source_mapping"]["uuid"]
    assert [m["UUID"] for m in held(lam, EventSourceArn=queue)] == [uuid]
    again = module(**args)
    assert not again.get("failed"), again
    assert again["changed"] is False and again["event_source_mapping"]["uuid"] == uuid
    [mapping] = held(lam, EventSourceArn=queue)
    assert mapping["UUID"] == uuid and mapping["State"] == "Enabled" and mapping["BatchSize"] == 5
    FIGURES.section(
        "partial_failure",
        wait_timed_out="failed with changed: true and the UUID; next run: ok, 1 mapping",
    )


@pytest.mark.fatal_faults
def test_updated_but_tagging_failed_then_the_next_run_completes(proxy, module, srv, lam, fn, queue):
    mapping = settled_mapping(srv, lam, queue, Tags={"team": "a"})
    args = {"uuid": mapping["UUID"], "batch_size": 7, "tags": {"team": "b"}}
    proxy.schedule("TagResource", ["500", "500"])
    # botocore's max_attempts counts retries: 1 means one retry, two attempts, both answered 500.
    failed = module(aws_config={"retries": {"mode": "standard", "max_attempts": 1}}, **args)
    assert failed["failed"] is True and failed["changed"] is True, failed
    assert failed["error"]["code"] == "ServiceException"
    assert failed["event_source_mapping"]["uuid"] == mapping["UUID"]
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["BatchSize"] == 7
    assert tags_of(lam, mapping) == {"team": "a"}
    again = module(**args)
    assert not again.get("failed") and again["changed"] is True, again
    [after] = held(lam, EventSourceArn=queue)
    assert after["UUID"] == mapping["UUID"] and after["BatchSize"] == 7 and tags_of(lam, after) == {"team": "b"}
    assert module(**args)["changed"] is False
    FIGURES.section(
        "partial_failure",
        tagging_failed="failed with changed: true and the UUID; next run: tags set, 1 mapping; third run: ok",
    )
