"""Validation is exact at the edges.

Bad input fails before any request, naming the option and what is allowed; input at the edge of what AWS takes
goes through and the endpoint holds it; rules that depend on what the mapping holds fail after the read and before
any write; and AWS's own refusal (the SQS visibility timeout rule, docs/aws-behaviour.md §13) is reported with its code and message.
"""

from __future__ import annotations

import json

import pytest

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import create_queue, held
from tests.support.builders import kafka_source, msk_cluster_arn, secret_arn
from tests.support.module_helpers import KAFKA_BROKERS, READS, lambda_ops, settled, writes

ACCOUNT = "arn:aws:{}:us-east-1:123456789012:"
Q = ACCOUNT.format("sqs") + "q"
K = ACCOUNT.format("kinesis") + "stream/clicks"
SQS = {"function_name": "fn", "event_source_arn": Q}
STREAM = {"function_name": "fn", "event_source_arn": K, "starting_position": "LATEST"}
AT = dict(STREAM, starting_position="AT_TIMESTAMP")
MSK = {"function_name": "fn", "event_source_arn": msk_cluster_arn(), "topics": ["t"], "starting_position": "LATEST"}
KAFKA = {
    "function_name": "fn",
    "self_managed_event_source": kafka_source(KAFKA_BROKERS),
    "topics": ["t"],
    "starting_position": "LATEST",
    "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
}


def pollers(**config):
    return {"provisioned_poller_config": config}


def beyond(name, base, option, low, high):
    """Rows for the values just outside [low, high] of ``option`` (``group.member``): each fails naming both."""
    group, member = option.split(".")
    return [
        (f"{name}-{value}", dict(base, **{group: {member: value}}), option, [str(low), str(high)])
        for value in (low - 1, high + 1)
    ]


CASES = [
    # (id, args, option (or the options either of which it may name), words the message must hold: the allowed
    # values or shape)
    ("sqs-arn-no-name", dict(SQS, event_source_arn=ACCOUNT.format("sqs")), "event_source_arn", []),
    ("sqs-arn-slash", dict(SQS, event_source_arn=Q + "/x"), "event_source_arn", []),
    (
        "kinesis-arn-not-stream",
        dict(STREAM, event_source_arn=ACCOUNT.format("kinesis") + "clicks"),
        "event_source_arn",
        ["stream/"],
    ),
    (
        "msk-arn-not-cluster",
        dict(MSK, event_source_arn=ACCOUNT.format("kafka") + "topic/c/0b5a1f6c-1/t"),
        "event_source_arn",
        ["cluster/"],
    ),
    (
        "mq-arn-not-broker",
        {"function_name": "fn", "event_source_arn": ACCOUNT.format("mq") + "configuration:c-1", "queues": ["q"]},
        "event_source_arn",
        ["broker:"],
    ),
    *beyond("concurrency", SQS, "scaling_config.maximum_concurrency", 2, 1000),
    *beyond("sqs-min-pollers", SQS, "provisioned_poller_config.minimum_pollers", 2, 200),
    *beyond("sqs-max-pollers", SQS, "provisioned_poller_config.maximum_pollers", 2, 10000),
    (
        "msk-max-pollers-2001",
        dict(MSK, **pollers(maximum_pollers=2001)),
        "provisioned_poller_config.maximum_pollers",
        ["2000"],
    ),
    (
        "kafka-max-pollers-2001",
        dict(KAFKA, **pollers(maximum_pollers=2001)),
        "provisioned_poller_config.maximum_pollers",
        ["2000"],
    ),
    (
        "sqs-concurrency-with-pollers",
        dict(SQS, scaling_config={"maximum_concurrency": 5}, **pollers(minimum_pollers=2, maximum_pollers=10)),
        ("provisioned_poller_config", "scaling_config", "scaling_config.maximum_concurrency"),
        ["scaling_config", "provisioned_poller_config"],
    ),
    (
        "poller-group-on-sqs",
        dict(SQS, **pollers(poller_group_name="g")),
        "provisioned_poller_config.poller_group_name",
        [],
    ),
    ("wait-timeout-0", dict(SQS, wait_timeout=0), "wait_timeout", ["1"]),
    ("role-propagation-timeout-negative", dict(SQS, role_propagation_timeout=-1), "role_propagation_timeout", ["0"]),
    (
        "timestamp-no-offset",
        dict(AT, starting_position_timestamp="2024-01-31T12:00:00"),
        "starting_position_timestamp",
        [],
    ),
    ("timestamp-date-only", dict(AT, starting_position_timestamp="2024-01-31"), "starting_position_timestamp", []),
    (
        "timestamp-space",
        dict(AT, starting_position_timestamp="2024-01-31 12:00:00Z"),
        "starting_position_timestamp",
        [],
    ),
]


@pytest.mark.parametrize("args, option, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_fails_before_any_request_naming_option_and_allowed_values(esm, srv, args, option, words):
    srv.reset_requests()
    failed = esm(**args)
    assert failed.get("failed") is True, failed
    options = option if isinstance(option, tuple) else (option,)
    assert failed.get("option") in options, failed
    for word in [failed["option"].rsplit(".", 1)[-1], *words]:
        assert word in failed["msg"], (word, failed["msg"])
    assert lambda_ops(srv) == [], "no Lambda request before the input is valid"


@pytest.mark.parametrize("stamp", ["2024-01-31T12:00:00Z", "2024-01-31T12:00:00+02:00"])
def test_rfc3339_timestamps_with_an_offset_are_accepted(esm, lam, fn, stream, stamp):
    made = esm(
        function_name="fn", event_source_arn=stream, starting_position="AT_TIMESTAMP", starting_position_timestamp=stamp
    )
    assert not made.get("failed"), made
    [mapping] = held(lam, EventSourceArn=stream)
    assert mapping["StartingPosition"] == "AT_TIMESTAMP"
    assert mapping["StartingPositionTimestamp"].timestamp() == 1706702400 - (7200 if stamp.endswith("+02:00") else 0)


@pytest.mark.parametrize(
    "kind, config, held_config",
    [
        ("sqs", {"minimum_pollers": 2, "maximum_pollers": 10000}, {"MinimumPollers": 2, "MaximumPollers": 10000}),
        ("msk", {"minimum_pollers": 1, "maximum_pollers": 2000}, {"MinimumPollers": 1, "MaximumPollers": 2000}),
    ],
)
def test_pollers_at_the_edge_are_accepted_and_held(esm, lam, clients, fn, kind, config, held_config):
    if kind == "sqs":
        # The shortest SQS ARN shape: a one-letter queue name.
        assert create_queue(clients, "q") == Q
        source = {"event_source_arn": Q}
    else:
        source = {k: v for k, v in MSK.items() if k != "function_name"}
    made = esm(function_name="fn", provisioned_poller_config=config, **source)
    assert not made.get("failed"), made
    [mapping] = held(lam, FunctionName="fn")
    assert mapping["ProvisionedPollerConfig"] == held_config


def test_a_non_ascii_pattern_is_measured_as_sent_unescaped(esm, lam, fn, queue):
    text = "é" * 1500
    pattern = {"body": {"name": [text]}}
    assert len(json.dumps(pattern, ensure_ascii=False)) <= 4096 < len(json.dumps(pattern))
    made = esm(function_name="fn", event_source_arn=queue, filter_criteria={"filter": [{"pattern": pattern}]})
    assert not made.get("failed"), made
    [mapping] = held(lam, EventSourceArn=queue)
    sent = lam.get_event_source_mapping(UUID=mapping["UUID"])["FilterCriteria"]["Filters"][0]["Pattern"]
    assert text in sent, "the endpoint holds the text itself, not \\u00e9 escapes"
    assert json.loads(sent) == pattern


@pytest.fixture
def concurrency_mapping(srv, lam, fn, queue) -> str:
    """An SQS mapping of fn with maximum concurrency 5; its UUID."""
    made = settled(
        srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, ScalingConfig={"MaximumConcurrency": 5}
    )
    return made["UUID"]


def test_adding_pollers_to_a_mapping_with_concurrency_needs_scaling_config_cleared(
    esm, srv, lam, queue, concurrency_mapping
):
    srv.reset_requests()
    failed = esm(function_name="fn", event_source_arn=queue, provisioned_poller_config={"minimum_pollers": 2})
    assert failed.get("failed") is True and failed["changed"] is False, failed
    assert "scaling_config: {}" in failed["msg"], failed["msg"]
    assert "ListEventSourceMappings" in lambda_ops(srv) and set(lambda_ops(srv)) <= READS, "after the read"
    assert writes(srv) == []
    mapping = lam.get_event_source_mapping(UUID=concurrency_mapping)
    assert mapping["ScalingConfig"] == {"MaximumConcurrency": 5} and not mapping.get("ProvisionedPollerConfig")


def test_pollers_with_scaling_config_cleared_replace_the_concurrency(esm, lam, queue, concurrency_mapping):
    args = {
        "function_name": "fn",
        "event_source_arn": queue,
        "scaling_config": {},
        "provisioned_poller_config": {"minimum_pollers": 2, "maximum_pollers": 20},
    }
    switched = esm(**args)
    assert not switched.get("failed") and switched["changed"] is True, switched
    mapping = lam.get_event_source_mapping(UUID=concurrency_mapping)
    assert mapping["ProvisionedPollerConfig"] == {"MinimumPollers": 2, "MaximumPollers": 20}
    assert not (mapping.get("ScalingConfig") or {}).get("MaximumConcurrency")
    assert esm(**args)["changed"] is False


def test_a_queue_visibility_timeout_shorter_than_the_function_timeout_is_refused_by_aws(esm, lam, fn, queue):
    lam.update_function_configuration(FunctionName="fn", Timeout=120)
    failed = esm(function_name="fn", event_source_arn=queue)
    assert failed.get("failed") is True and failed["changed"] is False, failed
    assert failed["error"]["code"] == "InvalidParameterValueException", failed
    assert "Queue visibility timeout" in failed["error"]["message"]
    assert held(lam, EventSourceArn=queue) == []
