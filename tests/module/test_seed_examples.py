"""The SQS, SQS-with-filtering, Kinesis and DynamoDB examples, each in four steps: check, apply, check again,
apply again."""

from __future__ import annotations

import json

import pytest

from tests.support.aws_fixtures import held

SEEDS = {
    "sqs": lambda src: {
        "event_source_arn": src["queue"],
        "batch_size": 10,
        "scaling_config": {"maximum_concurrency": 100},
    },
    "sqs_filtering": lambda src: {
        "event_source_arn": src["queue"],
        "filter_criteria": {
            "filter": [
                {
                    "pattern": json.dumps(
                        {"body": {"Temperature": [{"numeric": [">", 0, "<=", 100]}], "Location": ["New York"]}}
                    )
                }
            ]
        },
    },
    "kinesis": lambda src: {
        "event_source_arn": src["stream"],
        "starting_position": "LATEST",
        "batch_size": 100,
        "maximum_batching_window_in_seconds": 5,
        "parallelization_factor": 2,
        "destination_config": {"on_failure": {"destination_arn": src["dlq"]}},
    },
    "dynamodb": lambda src: {
        "event_source_arn": src["table_stream"],
        "starting_position": "LATEST",
        "tags": {"Name": "dynamodb-stream-mapping"},
    },
}


@pytest.fixture
def sources(clients, queue, stream, table_stream):
    from tests.support.aws_fixtures import create_queue

    return {"queue": queue, "stream": stream, "table_stream": table_stream, "dlq": create_queue(clients, "dlq")}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_four_step_rhythm(seed, esm, lam, fn, sources, srv):
    args = dict(SEEDS[seed](sources), function_name=fn)

    checked = esm(check=True, **args)
    assert checked["changed"] is True, checked
    assert checked["diff"]["before"] == {}
    assert checked["diff"]["after"]["event_source_arn"] == args["event_source_arn"]
    assert held(lam, FunctionName="fn") == [], "check mode must not create anything"

    created = esm(**args)
    assert created["changed"] is True, created
    mappings = held(lam, FunctionName="fn")
    assert [m["UUID"] for m in mappings] == [created["event_source_mapping"]["uuid"]]
    assert mappings[0]["State"] == "Enabled", "the module waits until the mapping settles"
    assert created["diff"]["before"] == {} and created["diff"]["after"]["uuid"] == mappings[0]["UUID"]
    for option in ("batch_size", "maximum_batching_window_in_seconds", "parallelization_factor"):
        if option in args:
            assert created["event_source_mapping"][option] == args[option]

    rechecked = esm(check=True, **args)
    assert rechecked["changed"] is False, rechecked
    assert rechecked["diff"]["before"] == rechecked["diff"]["after"]

    srv.reset_requests()
    again = esm(**args)
    assert again["changed"] is False, again
    assert len(held(lam, FunctionName="fn")) == 1
    writes = [r["operation"] for r in srv.requests() if r["method"] != "GET" and r["service"] == "lambda"]
    assert writes == [], "a re-run that changes nothing makes no write"


def test_diff_shows_a_change_before_and_after(esm, fn, queue):
    esm(function_name=fn, event_source_arn=queue, batch_size=5)
    changed = esm(function_name=fn, event_source_arn=queue, batch_size=8)
    assert changed["changed"] is True
    assert changed["diff"]["before"]["batch_size"] == 5
    assert changed["diff"]["after"]["batch_size"] == 8


def test_check_mode_predicts_aws_defaults(esm, fn, stream):
    checked = esm(check=True, function_name="fn", event_source_arn=stream, starting_position="LATEST")
    after = checked["event_source_mapping"]
    assert after["batch_size"] == 100 and after["parallelization_factor"] == 1
    assert after["function_arn"] == fn
    assert "destination_config" not in after, "the streams' empty OnFailure is 'none'"
    real = esm(function_name="fn", event_source_arn=stream, starting_position="LATEST")["event_source_mapping"]
    predicted_keys = set(after)
    assert predicted_keys <= set(real), "check mode predicts keys the real mapping has"
    for key in predicted_keys - {"state"}:
        assert after[key] == real[key], key


def test_delete_and_delete_again(esm, lam, fn, queue):
    esm(function_name=fn, event_source_arn=queue)
    checked = esm(check=True, function_name=fn, event_source_arn=queue, state="absent")
    assert checked["changed"] is True and len(held(lam, FunctionName="fn")) == 1
    deleted = esm(function_name=fn, event_source_arn=queue, state="absent")
    assert deleted["changed"] is True
    assert deleted["diff"]["after"] == {} and deleted["event_source_mapping"] == {}
    assert held(lam, FunctionName="fn") == [], "the module waited until the mapping was gone"
    again = esm(function_name=fn, event_source_arn=queue, state="absent")
    assert again["changed"] is False
