"""runner: which listed mapping a task names (ref §6 identity), and the create-time SQS window rule."""

from __future__ import annotations

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import aws, runner, validate
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError, ValidationError

U1 = "11111111-1111-4111-8111-111111111111"
U2 = "22222222-2222-4222-8222-222222222222"
U3 = "33333333-3333-4333-8333-333333333333"
FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:order-processor"
SQS_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"
KINESIS_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
DDB_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000"
MSK_ARN = "arn:aws:kafka:us-east-1:123456789012:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1"
MQ_ARN = "arn:aws:mq:us-east-1:123456789012:broker:rabbit:b-0a1b2c3d-1111-2222-3333-444455556666"
DOCDB_ARN = "arn:aws:rds:us-east-1:123456789012:cluster:docs"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:creds-AbCdEf"


def listed(uuid=U1, function_arn=FN_ARN, state="Enabled", **extra):
    return dict({"UUID": uuid, "FunctionArn": function_arn, "State": state}, **extra)


def kafka_task(servers="k1.example.com:9092,k2.example.com:9092", topic="orders", function_name="order-processor"):
    return validate.validate(
        {
            "function_name": function_name,
            "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}},
            "topics": [topic],
            "starting_position": "LATEST",
            "source_access_configuration": [{"type": "BASIC_AUTH", "uri": SECRET}],
        }
    )


def kafka_listed(servers, topic="orders", **extra):
    return listed(SelfManagedEventSource={"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}}, Topics=[topic], **extra)


def arn_task(arn, function_name="order-processor", **values):
    return validate.validate(
        dict({"function_name": function_name, "event_source_arn": arn, "state": "absent"}, **values)
    )


# --- kind_of_mapping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mapping, kind",
    [
        (listed(EventSourceArn=SQS_ARN), "sqs"),
        (listed(EventSourceArn=KINESIS_ARN), "kinesis"),
        (listed(EventSourceArn=DDB_ARN), "dynamodb"),
        (listed(EventSourceArn=MSK_ARN), "msk"),
        (listed(EventSourceArn=MQ_ARN), "mq"),
        (listed(EventSourceArn=DOCDB_ARN), "documentdb"),
        (kafka_listed(["k1:9092"]), "kafka"),
        (listed(), None),
    ],
)
def test_kind_of_mapping(mapping, kind):
    assert runner.kind_of_mapping(mapping) == kind


# --- source_matches ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "held_servers, held_topic, matches",
    [
        (["k1.example.com:9092", "k2.example.com:9092"], "orders", True),
        (["k2.example.com:9092", "k1.example.com:9092"], "orders", True),
        # AWS refuses a second mapping whose brokers overlap on any one (ref §6): overlap is identity.
        (["k2.example.com:9092", "k3.example.com:9092"], "orders", True),
        (["k1.example.com:9092"], "orders", True),
        (["k3.example.com:9092", "k4.example.com:9092"], "orders", False),
        (["k1.example.com:9093"], "orders", False),
        # The same brokers with another topic are another mapping (ref §6).
        (["k1.example.com:9092", "k2.example.com:9092"], "returns", False),
        ([], "orders", False),
    ],
)
def test_self_managed_kafka_identity(held_servers, held_topic, matches):
    assert runner.source_matches(kafka_task(), "kafka", kafka_listed(held_servers, held_topic)) is matches


def test_self_managed_kafka_without_endpoints_does_not_match():
    assert runner.source_matches(kafka_task(), "kafka", listed(Topics=["orders"])) is False


@pytest.mark.parametrize(
    "held_arn, held_topics, matches",
    [
        (MSK_ARN, ["orders"], True),
        (MSK_ARN, ["returns"], False),
        (MSK_ARN.replace("events", "other"), ["orders"], False),
        (MSK_ARN, None, False),
    ],
)
def test_msk_identity_includes_the_topic(held_arn, held_topics, matches):
    desired = arn_task(MSK_ARN, topics=["orders"])
    mapping = listed(EventSourceArn=held_arn)
    if held_topics is not None:
        mapping["Topics"] = held_topics
    assert runner.source_matches(desired, "msk", mapping) is matches


def test_msk_without_a_topic_in_the_task_matches_on_the_cluster():
    assert runner.source_matches(arn_task(MSK_ARN), "msk", listed(EventSourceArn=MSK_ARN, Topics=["returns"])) is True


@pytest.mark.parametrize(
    "held_queues, matches",
    [(["orders"], True), (["returns"], False), ([], False), (None, False)],
)
def test_mq_identity_includes_the_queue(held_queues, matches):
    mapping = listed(EventSourceArn=MQ_ARN)
    if held_queues is not None:
        mapping["Queues"] = held_queues
    assert runner.source_matches(arn_task(MQ_ARN, queues=["orders"]), "mq", mapping) is matches


@pytest.mark.parametrize(
    "held_arn, matches",
    [(SQS_ARN, True), (SQS_ARN + ".fifo", False), (SQS_ARN.replace("orders", "orders2"), False), (None, False)],
)
def test_arn_identity(held_arn, matches):
    mapping = listed() if held_arn is None else listed(EventSourceArn=held_arn)
    assert runner.source_matches(arn_task(SQS_ARN), "sqs", mapping) is matches


# --- select -------------------------------------------------------------------------------------------------


def test_select_none():
    assert runner.select(arn_task(SQS_ARN), "sqs", []) is None
    assert runner.select(arn_task(SQS_ARN), "sqs", [listed(EventSourceArn=KINESIS_ARN)]) is None


def test_select_matches_the_function_qualifier():
    mappings = [
        listed(U1, FN_ARN + ":live", EventSourceArn=SQS_ARN),
        listed(U2, FN_ARN, EventSourceArn=SQS_ARN),
        listed(U3, FN_ARN + ":$LATEST", EventSourceArn=SQS_ARN),
    ]
    assert runner.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U2
    assert runner.select(arn_task(SQS_ARN, function_name=FN_ARN), "sqs", mappings)["UUID"] == U2
    assert (
        runner.select(arn_task(SQS_ARN, function_name="123456789012:function:order-processor"), "sqs", mappings)["UUID"]
        == U2
    )
    assert runner.select(arn_task(SQS_ARN, function_name="order-processor:live"), "sqs", mappings)["UUID"] == U1
    assert runner.select(arn_task(SQS_ARN, function_name="order-processor:$LATEST"), "sqs", mappings)["UUID"] == U3
    assert runner.select(arn_task(SQS_ARN, function_name="order-processor:7"), "sqs", mappings) is None
    assert runner.select(arn_task(SQS_ARN, function_name="other-fn"), "sqs", mappings) is None


def test_select_fails_on_several_matches_listing_their_uuids():
    mappings = [
        kafka_listed(["k1.example.com:9092"], uuid=U1),
        kafka_listed(["k2.example.com:9092"], uuid=U2),
        kafka_listed(["k3.example.com:9092"], uuid=U3),
    ]
    with pytest.raises(EsmError) as info:
        runner.select(kafka_task(), "kafka", mappings)
    assert U1 in info.value.msg and U2 in info.value.msg and U3 not in info.value.msg
    assert "uuid" in info.value.msg
    assert "order-processor" in info.value.msg


def test_select_prefers_a_live_mapping_over_a_deleting_one():
    mappings = [
        listed(U1, state="Deleting", EventSourceArn=SQS_ARN),
        listed(U2, state="Disabled", EventSourceArn=SQS_ARN),
    ]
    assert runner.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U2


def test_select_deleting_ones_do_not_count_as_several():
    mappings = [
        listed(U1, state="Deleting", EventSourceArn=SQS_ARN),
        listed(U2, state="Deleting", EventSourceArn=SQS_ARN),
        listed(U3, state="Enabled", EventSourceArn=SQS_ARN),
    ]
    assert runner.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U3


def test_select_returns_a_deleting_mapping_when_it_is_the_only_one():
    mappings = [listed(U1, state="Deleting", EventSourceArn=SQS_ARN), listed(U2, EventSourceArn=KINESIS_ARN)]
    assert runner.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U1


# --- the SQS window rule on create --------------------------------------------------------------------------


def _run(fake_lambda, fake_clock, params, pages):
    client = fake_lambda(
        {
            "create_event_source_mapping": [listed(state="Creating", EventSourceArn=SQS_ARN, UUID=U1)],
            "update_event_source_mapping": [listed(state="Updating", EventSourceArn=SQS_ARN, UUID=U1)],
            "get_event_source_mapping": [
                listed(EventSourceArn=SQS_ARN, UUID=U1, BatchSize=11, MaximumBatchingWindowInSeconds=5)
            ],
        },
        pages=pages,
    )

    def factory(desired):
        return aws.Api(client, wait_timeout=desired.wait_timeout, sleep=fake_clock.sleep, clock=fake_clock.clock)

    return client, lambda: runner.run(
        dict({"function_name": "order-processor", "event_source_arn": SQS_ARN}, **params), factory
    )


def test_sqs_create_with_a_large_batch_needs_a_window_before_any_write(fake_lambda, fake_clock):
    # Nothing held: the new mapping would get AWS's default window of 0, which AWS refuses with a batch above 10
    # (ref §4). The rule is "in what the task sets or what AWS holds", checked before any write.
    client, run = _run(fake_lambda, fake_clock, {"batch_size": 11}, pages=[{"EventSourceMappings": []}])
    with pytest.raises(ValidationError) as info:
        run()
    assert info.value.option == "maximum_batching_window_in_seconds"
    assert "create_event_source_mapping" not in client.ops()


def test_sqs_update_with_a_large_batch_against_the_held_window(fake_lambda, fake_clock):
    held = listed(
        EventSourceArn=SQS_ARN, BatchSize=10, MaximumBatchingWindowInSeconds=0, EventSourceMappingArn="arn:esm"
    )
    client, run = _run(fake_lambda, fake_clock, {"batch_size": 11}, pages=[{"EventSourceMappings": [held]}])
    with pytest.raises(ValidationError) as info:
        run()
    assert info.value.option == "maximum_batching_window_in_seconds"
    assert "update_event_source_mapping" not in client.ops()


def test_sqs_update_with_a_large_batch_and_a_held_window_goes_ahead(fake_lambda, fake_clock):
    held = listed(
        EventSourceArn=SQS_ARN, BatchSize=10, MaximumBatchingWindowInSeconds=5, EventSourceMappingArn="arn:esm"
    )
    client, run = _run(fake_lambda, fake_clock, {"batch_size": 11}, pages=[{"EventSourceMappings": [held]}])
    result = run()
    assert result["changed"] is True
    assert ("update_event_source_mapping", {"UUID": U1, "BatchSize": 11}) in client.calls
