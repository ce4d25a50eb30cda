"""The set module behaves as the main module does: each case runs the same task through
lambda_event_source_mapping and through lambda_event_source_mapping_set (one item), and checks both the result
and what the endpoint holds."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import sdk
from ansible_collections.esmkit.aws.plugins.module_utils._esm.converge import NOT_IN_DIFF
from tests.module.conftest import TRANSITION_SECONDS, lambda_requests
from tests.support.aws_fixtures import held
from tests.support.module_helpers import encrypted, settled, writes
from tests.support.runner import run_module

MODULES = ("main", "set")
# The set module's own options, which apply to every item.
SHARED = ("purge_tags", "allow_replacement", "wait", "wait_timeout", "role_propagation_timeout", "purge")
PATTERN = {"body": {"kind": ["order"]}}


def as_set(task: dict[str, Any]) -> dict[str, Any]:
    """The set module's arguments for one task of the main module."""
    item = {k: v for k, v in task.items() if k not in SHARED and k != "function_name"}
    return dict({k: v for k, v in task.items() if k in SHARED}, function_name=task["function_name"], mappings=[item])


@pytest.fixture
def through(
    esm: Callable[..., dict[str, Any]], esm_set: Callable[..., dict[str, Any]]
) -> Callable[..., dict[str, Any]]:
    """Run one task through a module; the result with ``mapping`` and ``diff`` of that one mapping."""

    def run(module: str, check: bool = False, diff: bool = True, **task: Any) -> dict[str, Any]:
        if module == "main":
            result = esm(check=check, diff=diff, **task)
            result["mapping"] = result.get("event_source_mapping")
            return result
        result = esm_set(check=check, diff=diff, **as_set(task))
        result["mapping"] = (result.get("event_source_mappings") or [None])[0]
        result["diff"] = (result.get("diff") or [None])[0]
        return result

    return run


@pytest.mark.parametrize("module", MODULES)
def test_concurrent_writers_of_one_mapping_all_converge_on_it(module, srv, lam, env, fn, queue):
    """Four hosts apply the same task at once, with AWS answering slowly: one creates the mapping, the others
    meet it (ResourceConflictException) and adopt it; every host reports ok or changed, none fails."""
    task = {"function_name": "fn", "event_source_arn": queue, "batch_size": 7}
    name, args = (
        ("lambda_event_source_mapping", task) if module == "main" else ("lambda_event_source_mapping_set", as_set(task))
    )
    srv.configure(latency_seconds=1.5)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _host: run_module(name, args, env=env), range(4)))
    finally:
        srv.configure(latency_seconds=0)
    assert [r.get("failed", False) for r in results] == [False] * 4, [r.get("msg") for r in results]
    [mapping] = held(lam, FunctionName="fn")
    assert mapping["BatchSize"] == 7
    uuids = {
        (r.get("event_source_mapping") or (r.get("event_source_mappings") or [{}])[0]).get("uuid") for r in results
    }
    assert uuids == {mapping["UUID"]}
    assert lambda_requests(srv).count("CreateEventSourceMapping") >= 2, "the hosts did race"


@pytest.mark.parametrize("module", MODULES)
def test_diff_of_a_real_run_leaves_out_what_changes_on_its_own(module, through, srv, lam, fn, queue):
    first = through(module, function_name="fn", event_source_arn=queue, batch_size=5)
    assert not first.get("failed"), first
    changed = through(module, function_name="fn", event_source_arn=queue, batch_size=7)
    assert changed["changed"] is True, changed
    assert changed["diff"]["before"]["batch_size"] == 5
    assert changed["diff"]["after"]["batch_size"] == 7
    for side in ("before", "after"):
        assert not set(NOT_IN_DIFF) & set(changed["diff"][side]), changed["diff"][side]
    assert "last_modified" in changed["mapping"], "the result still has them"
    assert [m["BatchSize"] for m in held(lam, FunctionName="fn")] == [7]


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("option, value", [("wait_timeout", -5), ("wait_timeout", 0), ("role_propagation_timeout", -3)])
def test_run_options_are_refused_before_any_request(module, through, srv, lam, fn, queue, option, value):
    old = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, BatchSize=3)
    srv.reset_requests()
    task = {"function_name": "fn", "event_source_arn": queue, "batch_size": 4, option: value}
    if module == "set":
        # purge would delete the held mapping (no item names it) if the options were checked after the read.
        task = dict(task, purge=True, event_source_arn=queue.replace("orders", "elsewhere"))
    failed = through(module, **task)
    assert failed.get("failed") is True, failed
    assert failed["option"] == option, "a module option is named as the module's, not an item's"
    assert failed["changed"] is False
    assert lambda_requests(srv) == []
    assert [m["UUID"] for m in held(lam, FunctionName="fn")] == [old["UUID"]]


def test_run_options_are_refused_for_a_set_without_items(esm_set, srv, fn):
    srv.reset_requests()
    for option, value in (("wait_timeout", -5), ("role_propagation_timeout", -3)):
        failed = esm_set(function_name="fn", mappings=[], **{option: value})
        assert failed.get("failed") is True, failed
        assert failed["option"] == option
    assert lambda_requests(srv) == []


@pytest.mark.parametrize("module", MODULES)
def test_encrypted_filters_are_in_the_result_when_the_task_leaves_them_out(module, through, srv, lam, fn, queue):
    """List hides KMS-encrypted filters (docs/aws-behaviour.md §6, §13); the result still shows them."""
    encrypted(srv, lam, TRANSITION_SECONDS, queue, PATTERN)
    for check in (True, False):
        result = through(module, check=check, function_name="fn", event_source_arn=queue, batch_size=10)
        assert not result.get("failed"), result
        patterns = [f["pattern"] for f in result["mapping"]["filter_criteria"]["filter"]]
        assert [json.loads(p) if isinstance(p, str) else p for p in patterns] == [PATTERN], check


@pytest.mark.parametrize("module", MODULES)
def test_a_task_without_a_source_is_told_what_it_can_give(module, through, srv, fn):
    srv.reset_requests()
    failed = through(module, function_name="fn", batch_size=5)
    assert failed.get("failed") is True, failed
    assert failed["option"].endswith("event_source_arn")
    assert "one of event_source_arn or self_managed_event_source is required" in failed["msg"]
    # Only the main module can name a mapping by uuid instead.
    assert ("unless uuid is given" in failed["msg"]) is (module == "main"), failed["msg"]
    assert lambda_requests(srv) == []


@pytest.mark.parametrize("module", MODULES)
def test_an_option_the_installed_botocore_cannot_send_is_named_where_it_is(
    module, through, srv, fn, queue, monkeypatch
):
    """The module runs in a fork of this process, so it sees the older botocore this test pretends to have."""
    monkeypatch.setattr(sdk, "installed", lambda: (sdk.MINIMUM_BOTO3, sdk.MINIMUM_BOTOCORE))
    srv.reset_requests()
    failed = through(module, function_name="fn", event_source_arn=queue, metrics_config={"metrics": ["EventCount"]})
    assert failed.get("failed") is True, failed
    where = "metrics_config" if module == "main" else "mappings[0].metrics_config"
    assert failed["option"] == where
    assert failed["msg"].startswith("metrics_config needs botocore" if module == "main" else "mappings[0]: ")
    assert "metrics_config needs botocore >= " in failed["msg"]
    assert writes(srv) == [] and lambda_requests(srv) == []


@pytest.mark.parametrize("module", MODULES)
def test_a_task_against_a_mapping_being_deleted_predicts_the_create(module, through, srv, lam, fn, queue):
    """Check mode, an SQS mapping with maximum concurrency being deleted, a task that moves the source to
    provisioned pollers: the mapping is going away, so its scaling mode is no rule for the task; both modules
    predict the create that the real run makes."""
    old = settled(
        srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, ScalingConfig={"MaximumConcurrency": 5}
    )
    srv.configure(transition_seconds=30)
    lam.delete_event_source_mapping(UUID=old["UUID"])
    srv.reset_requests()
    task = {"function_name": "fn", "event_source_arn": queue, "provisioned_poller_config": {"minimum_pollers": 2}}
    checked = through(module, check=True, **task)
    assert not checked.get("failed"), checked
    assert checked["changed"] is True
    assert checked["mapping"]["provisioned_poller_config"]["minimum_pollers"] == 2
    assert "scaling_config" not in checked["mapping"]
    assert writes(srv) == []
    assert [m["State"] for m in held(lam, FunctionName="fn")] == ["Deleting"]


@pytest.mark.parametrize("module", MODULES)
def test_the_diff_is_in_the_result_only_in_diff_mode(module, esm, esm_set, fn, queue):
    task = {"function_name": "fn", "event_source_arn": queue, "batch_size": 5}
    run = esm if module == "main" else esm_set
    args = task if module == "main" else as_set(task)
    assert "diff" not in run(check=True, diff=False, **args)
    assert run(check=True, diff=True, **args)["diff"]
