"""The forked runner the module suite uses (tests/support/forked_runner.py) against a real ``python -m`` process:
the same result, diff, exit code and environment for a success, a check-mode diff and a failure."""

from __future__ import annotations

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import held
from tests.support.module_helpers import settled
from tests.support.runner import run_module

ESM = "lambda_event_source_mapping"


def both(name, args, env, **modes):
    """Run the module the real way, then forked; both results without the volatile members."""
    return [
        {k: v for k, v in run_module(name, args, env=env, fork=fork, **modes).items() if k != "stderr"}
        for fork in (False, True)
    ]


def test_forked_run_matches_a_real_process(env, lam, fn, queue):
    args = {"function_name": "fn", "event_source_arn": queue, "batch_size": 5, "tags": {"team": "a"}}
    real, forked = both(ESM, args, env, check_mode=True, diff=True)
    assert real == forked and forked["changed"] is True and forked["diff"]["after"]["batch_size"] == 5
    assert held(lam, EventSourceArn=queue) == []

    created = run_module(ESM, args, env=env, fork=True)
    assert created["rc"] == 0 and created["changed"] is True
    real, forked = both(ESM, args, env)
    assert real == forked and forked["changed"] is False and forked["rc"] == 0
    assert forked["event_source_mapping"]["uuid"] == created["event_source_mapping"]["uuid"]

    real, forked = both("lambda_event_source_mapping_info", {"function_name": "fn"}, env)
    assert real == forked and [m["uuid"] for m in forked["event_source_mappings"]] == [held(lam)[0]["UUID"]]


def test_forked_failure_matches_a_real_process(env, fn, queue):
    real, forked = both(ESM, {"function_name": "fn", "event_source_arn": queue, "batch_size": 0}, env)
    assert real == forked and forked["failed"] is True and forked["rc"] == 1


def test_forked_run_reads_the_given_environment(env, srv, lam, fn, queue):
    # Credentials and Region come from the AWS_* variables given to the run, as in a real process.
    # The mapping is made settled: the two runs read it at different moments, and a mapping still in its
    # transition could change state between them (Creating for the first read, Enabled for the second).
    settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue)
    real, forked = both("lambda_event_source_mapping_info", {"event_source_arn": queue}, env)
    assert real == forked and len(forked["event_source_mappings"]) == 1
    elsewhere = dict(env, AWS_REGION="eu-west-1")
    real, forked = both("lambda_event_source_mapping_info", {"event_source_arn": queue}, elsewhere)
    assert real == forked and forked["event_source_mappings"] == [], "the mapping is in us-east-1"
    assert forked["invocation"]["module_args"]["region"] == "eu-west-1"
