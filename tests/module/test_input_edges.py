"""Issue 19 §3 and §4: input that looks right but is not, and a ``uuid`` that names a mapping being deleted.

Stray line breaks and white space in every string option that names something fail before any request, naming
the option, in all three modules; Kafka brokers of the wrong type, an ARN with an upper-case region and a null tag
value get a message that says what is wrong. A task that names a uuid never gets a mapping under another UUID.
"""

from __future__ import annotations

import time

import pytest

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import held
from tests.support.builders import kafka_source, mq_broker_arn, msk_cluster_arn, secret_arn
from tests.support.module_helpers import lambda_ops, settled
from tests.support.runner import run_module

Q = "arn:aws:sqs:us-east-1:123456789012:q2"
SQS = {"function_name": "fn", "event_source_arn": Q}
KAFKA = {
    "function_name": "fn",
    "self_managed_event_source": kafka_source("b1:9092"),
    "topics": ["t"],
    "starting_position": "LATEST",
}
MSK = {"function_name": "fn", "event_source_arn": msk_cluster_arn(), "topics": ["t"], "starting_position": "LATEST"}
MQ = {
    "function_name": "fn",
    "event_source_arn": mq_broker_arn(),
    "queues": ["orders"],
    "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
}
UUID = "14e0db71-5d35-4eb5-b481-8945cf9d10c2"

STRAY = [
    # (id, args, the option the failure names)
    ("function_name", dict(SQS, function_name="fn2\n"), "function_name"),
    ("event_source_arn block scalar", dict(SQS, event_source_arn=Q + "\n"), "event_source_arn"),
    ("event_source_arn leading space", dict(SQS, event_source_arn=" " + Q), "event_source_arn"),
    ("uuid", {"uuid": UUID + "\n", "batch_size": 5}, "uuid"),
    ("kms_key_arn", dict(SQS, kms_key_arn="arn:aws:kms:us-east-1:123456789012:key/k\n"), "kms_key_arn"),
    ("topics", dict(MSK, topics=["t\n"]), "topics[0]"),
    ("queues", dict(MQ, queues=["orders\n"]), "queues[0]"),
    (
        "source access uri",
        dict(MQ, source_access_configuration=[{"type": "BASIC_AUTH", "uri": secret_arn() + "\n"}]),
        "source_access_configuration[0].uri",
    ),
    (
        "destination",
        dict(SQS, destination_config={"on_failure": {"destination_arn": "arn:aws:sqs:us-east-1:123456789012:dlq\n"}}),
        "destination_config.on_failure.destination_arn",
    ),
    (
        "consumer group",
        dict(MSK, amazon_managed_kafka_event_source_config={"consumer_group_id": "g\n"}),
        "amazon_managed_kafka_event_source_config.consumer_group_id",
    ),
    ("tag key", dict(SQS, tags={"team\n": "a"}), "tags"),
    ("tag value", dict(SQS, tags={"team": "a\n"}), "tags.team"),
    ("tab inside", dict(SQS, function_name="f\tn"), "function_name"),
]


@pytest.mark.parametrize("args, option", [case[1:] for case in STRAY], ids=[case[0] for case in STRAY])
def test_stray_line_breaks_and_space_fail_before_any_request(esm, srv, args, option):
    srv.reset_requests()
    failed = esm(**args)
    assert failed.get("failed") is True, failed
    assert failed.get("option") == option, failed
    assert failed["msg"].startswith(option + " must not contain"), failed["msg"]
    assert lambda_ops(srv) == [], "nothing is sent"


@pytest.mark.parametrize(
    "args",
    [{"function_name": "fn\n"}, {"event_source_arn": Q + "\n"}, {"uuid": UUID + "\n"}],
    ids=["function_name", "event_source_arn", "uuid"],
)
def test_info_refuses_stray_line_breaks(esm_info, srv, args):
    srv.reset_requests()
    failed = esm_info(**args)
    [option] = args
    assert failed.get("failed") is True and failed["msg"].startswith(option + " must not contain a line break"), failed
    assert lambda_ops(srv) == []


def test_set_refuses_stray_line_breaks(env, srv):
    srv.reset_requests()
    for args, option in (
        ({"function_name": "fn\n", "mappings": [{"event_source_arn": Q}]}, "function_name"),
        ({"function_name": "fn", "mappings": [{"event_source_arn": Q + "\n"}]}, "mappings[0].event_source_arn"),
    ):
        failed = run_module("lambda_event_source_mapping_set", args, env=env, fork=True)
        assert failed.get("failed") is True and failed.get("option") == option, failed
        assert "must not contain a line break" in failed["msg"], failed["msg"]
    assert lambda_ops(srv) == []


@pytest.mark.parametrize(
    "servers, words",
    [
        (9092, ["must be a comma-separated string or a list of host:port strings", "int 9092"]),
        ([None, "b:1"], ["KAFKA_BOOTSTRAP_SERVERS[0] must be a host:port string", "NoneType None"]),
        (["b:1", 9092], ["KAFKA_BOOTSTRAP_SERVERS[1] must be a host:port string", "int 9092"]),
    ],
    ids=["int", "null entry", "int entry"],
)
def test_kafka_brokers_of_the_wrong_type_are_named(esm, srv, servers, words):
    srv.reset_requests()
    failed = esm(**dict(KAFKA, self_managed_event_source={"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}}))
    assert failed.get("failed") is True, failed
    assert failed["option"] == "self_managed_event_source.endpoints.KAFKA_BOOTSTRAP_SERVERS", failed
    for word in words:
        assert word in failed["msg"], (word, failed["msg"])
    assert "at least one broker" not in failed["msg"]
    assert lambda_ops(srv) == []


@pytest.mark.parametrize(
    "arn, words",
    [
        ("arn:aws:sqs:US-EAST-1:123456789012:q2", ["region 'US-EAST-1' must be lower case", "'us-east-1'"]),
        ("arn:aws:sqs:us-east-1:12345:q2", ["account '12345' must be 12 digits"]),
        ("arn:amazon:sqs:us-east-1:123456789012:q2", ["partition 'amazon'"]),
    ],
    ids=["upper-case region", "short account", "partition"],
)
def test_an_arn_of_a_known_service_says_what_is_wrong(esm, srv, arn, words):
    srv.reset_requests()
    failed = esm(**dict(SQS, event_source_arn=arn))
    assert failed.get("failed") is True and failed["option"] == "event_source_arn", failed
    assert "must be the ARN of an SQS queue" not in failed["msg"], failed["msg"]
    for word in words:
        assert word in failed["msg"], (word, failed["msg"])
    assert lambda_ops(srv) == []


def test_a_null_tag_value_says_tag_values_are_strings(esm, srv):
    srv.reset_requests()
    failed = esm(**dict(SQS, tags={"a": None}))
    assert failed.get("failed") is True and failed["option"] == "tags", failed
    assert "tag values are strings" in failed["msg"] and '""' in failed["msg"], failed["msg"]
    assert lambda_ops(srv) == []


# ---------------------------------------------------------------- §4 a uuid that names a mapping being deleted


@pytest.fixture
def deleting(srv, lam, fn, queue):
    """A mapping whose delete was sent with wait: false: Deleting for a while (the endpoint's transition)."""
    mapping = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue, BatchSize=10)
    srv.configure(transition_seconds=3)
    lam.delete_event_source_mapping(UUID=mapping["UUID"])
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Deleting"
    srv.reset_requests()
    return mapping


@pytest.mark.parametrize("check", [True, False], ids=["check mode", "real run"])
@pytest.mark.parametrize("with_source", [False, True], ids=["uuid only", "uuid with function and source"])
def test_a_uuid_being_deleted_fails_at_once(esm, srv, lam, queue, deleting, check, with_source):
    args = {"uuid": deleting["UUID"], "batch_size": 5}
    if with_source:
        args.update(function_name="fn", event_source_arn=queue)
    started = time.monotonic()
    failed = esm(check=check, **args)
    assert failed.get("failed") is True and failed["changed"] is False, failed
    assert failed["msg"].startswith(
        f"No event source mapping with UUID {deleting['UUID']} exists (it is being deleted)"
    ), failed["msg"]
    assert time.monotonic() - started < 3, "no waiting for the delete to end"
    assert lambda_ops(srv) == ["GetEventSourceMapping"], "one read, no write"
    # Never a mapping under another UUID.
    time.sleep(3.5)
    assert held(lam, FunctionName="fn") == []


def test_deleting_a_uuid_being_deleted_is_still_ok(esm, srv, deleting):
    done = esm(uuid=deleting["UUID"], state="absent", wait=False)
    assert not done.get("failed") and done["changed"] is False, done
