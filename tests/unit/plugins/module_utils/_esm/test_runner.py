"""runner: which listed mapping a task names (docs/aws-behaviour.md §6 identity), and the create-time SQS window rule."""

from __future__ import annotations

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import aws, identity, runner, validate
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError, ValidationError
from tests.support.builders import DDB_ARN, DOCDB_ARN, FN_ARN, KINESIS_ARN, MQ_ARN, MSK_ARN, SECRET, SQS_ARN, arn

U1 = "11111111-1111-4111-8111-111111111111"
U2 = "22222222-2222-4222-8222-222222222222"
U3 = "33333333-3333-4333-8333-333333333333"


def api_factory(client, fake_clock):
    """What the module hands the runner: an Api over the fake client, waiting on the fake clock."""

    def factory(desired):
        return aws.Api(client, wait_timeout=desired.wait_timeout, sleep=fake_clock.sleep, clock=fake_clock.clock)

    return factory


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
    assert identity.kind_of_mapping(mapping) == kind


# --- source_matches ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "held_servers, held_topic, matches",
    [
        (["k1.example.com:9092", "k2.example.com:9092"], "orders", True),
        (["k2.example.com:9092", "k1.example.com:9092"], "orders", True),
        # AWS refuses a second mapping whose brokers overlap on any one (docs/aws-behaviour.md §6): overlap is identity.
        (["k2.example.com:9092", "k3.example.com:9092"], "orders", True),
        (["k1.example.com:9092"], "orders", True),
        (["k3.example.com:9092", "k4.example.com:9092"], "orders", False),
        (["k1.example.com:9093"], "orders", False),
        # The same brokers with another topic are another mapping (docs/aws-behaviour.md §6).
        (["k1.example.com:9092", "k2.example.com:9092"], "returns", False),
        ([], "orders", False),
    ],
)
def test_self_managed_kafka_identity(held_servers, held_topic, matches):
    assert identity.source_matches(kafka_task(), "kafka", kafka_listed(held_servers, held_topic)) is matches


def test_self_managed_kafka_without_endpoints_does_not_match():
    assert identity.source_matches(kafka_task(), "kafka", listed(Topics=["orders"])) is False


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
    assert identity.source_matches(desired, "msk", mapping) is matches


def test_msk_without_a_topic_in_the_task_matches_on_the_cluster():
    assert identity.source_matches(arn_task(MSK_ARN), "msk", listed(EventSourceArn=MSK_ARN, Topics=["returns"])) is True


@pytest.mark.parametrize(
    "held_queues, matches",
    [(["orders"], True), (["returns"], False), ([], False), (None, False)],
)
def test_mq_identity_includes_the_queue(held_queues, matches):
    mapping = listed(EventSourceArn=MQ_ARN)
    if held_queues is not None:
        mapping["Queues"] = held_queues
    assert identity.source_matches(arn_task(MQ_ARN, queues=["orders"]), "mq", mapping) is matches


@pytest.mark.parametrize(
    "held_arn, matches",
    [(SQS_ARN, True), (SQS_ARN + ".fifo", False), (SQS_ARN.replace("orders", "orders2"), False), (None, False)],
)
def test_arn_identity(held_arn, matches):
    mapping = listed() if held_arn is None else listed(EventSourceArn=held_arn)
    assert identity.source_matches(arn_task(SQS_ARN), "sqs", mapping) is matches


# --- select -------------------------------------------------------------------------------------------------


def test_select_none():
    assert identity.select(arn_task(SQS_ARN), "sqs", []) is None
    assert identity.select(arn_task(SQS_ARN), "sqs", [listed(EventSourceArn=KINESIS_ARN)]) is None


def test_select_matches_the_function_qualifier():
    mappings = [
        listed(U1, FN_ARN + ":live", EventSourceArn=SQS_ARN),
        listed(U2, FN_ARN, EventSourceArn=SQS_ARN),
        listed(U3, FN_ARN + ":$LATEST", EventSourceArn=SQS_ARN),
    ]
    assert identity.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U2
    assert identity.select(arn_task(SQS_ARN, function_name=FN_ARN), "sqs", mappings)["UUID"] == U2
    assert (
        identity.select(arn_task(SQS_ARN, function_name="123456789012:function:order-processor"), "sqs", mappings)[
            "UUID"
        ]
        == U2
    )
    assert identity.select(arn_task(SQS_ARN, function_name="order-processor:live"), "sqs", mappings)["UUID"] == U1
    assert identity.select(arn_task(SQS_ARN, function_name="order-processor:$LATEST"), "sqs", mappings)["UUID"] == U3
    assert identity.select(arn_task(SQS_ARN, function_name="order-processor:7"), "sqs", mappings) is None
    assert identity.select(arn_task(SQS_ARN, function_name="other-fn"), "sqs", mappings) is None


def test_select_fails_on_several_matches_listing_their_uuids():
    mappings = [
        kafka_listed(["k1.example.com:9092"], uuid=U1),
        kafka_listed(["k2.example.com:9092"], uuid=U2),
        kafka_listed(["k3.example.com:9092"], uuid=U3),
    ]
    with pytest.raises(EsmError) as info:
        identity.select(kafka_task(), "kafka", mappings)
    assert U1 in info.value.msg and U2 in info.value.msg and U3 not in info.value.msg
    assert "uuid" in info.value.msg
    assert "order-processor" in info.value.msg


def test_select_prefers_a_live_mapping_over_a_deleting_one():
    mappings = [
        listed(U1, state="Deleting", EventSourceArn=SQS_ARN),
        listed(U2, state="Disabled", EventSourceArn=SQS_ARN),
    ]
    assert identity.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U2


def test_select_deleting_ones_do_not_count_as_several():
    mappings = [
        listed(U1, state="Deleting", EventSourceArn=SQS_ARN),
        listed(U2, state="Deleting", EventSourceArn=SQS_ARN),
        listed(U3, state="Enabled", EventSourceArn=SQS_ARN),
    ]
    assert identity.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U3


def test_select_returns_a_deleting_mapping_when_it_is_the_only_one():
    mappings = [listed(U1, state="Deleting", EventSourceArn=SQS_ARN), listed(U2, EventSourceArn=KINESIS_ARN)]
    assert identity.select(arn_task(SQS_ARN), "sqs", mappings)["UUID"] == U1


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

    factory = api_factory(client, fake_clock)

    return client, lambda: runner.run(
        dict({"function_name": "order-processor", "event_source_arn": SQS_ARN}, **params), factory
    )


def test_sqs_create_with_a_large_batch_needs_a_window_before_any_write(fake_lambda, fake_clock):
    # Nothing held: the new mapping would get AWS's default window of 0, which AWS refuses with a batch above 10
    # (docs/aws-behaviour.md §4). The rule is "in what the task sets or what AWS holds", checked before any write.
    client, run = _run(fake_lambda, fake_clock, {"batch_size": 11}, pages=[{"EventSourceMappings": []}])
    with pytest.raises(ValidationError) as info:
        run()
    assert info.value.option == "maximum_batching_window_in_seconds"
    assert "create_event_source_mapping" not in client.ops()


@pytest.mark.parametrize("held_window, refused", [(0, True), (5, False)])
def test_sqs_update_with_a_large_batch_against_the_held_window(fake_lambda, fake_clock, held_window, refused):
    """A batch above 10 needs a window of at least 1: the one held counts when the task leaves it out."""
    held = listed(
        EventSourceArn=SQS_ARN,
        BatchSize=10,
        MaximumBatchingWindowInSeconds=held_window,
        EventSourceMappingArn="arn:esm",
    )
    client, run = _run(fake_lambda, fake_clock, {"batch_size": 11}, pages=[{"EventSourceMappings": [held]}])
    if not refused:
        assert run()["changed"] is True
        assert ("update_event_source_mapping", {"UUID": U1, "BatchSize": 11}) in client.calls
        return
    with pytest.raises(ValidationError) as info:
        run()
    assert info.value.option == "maximum_batching_window_in_seconds"
    assert "update_event_source_mapping" not in client.ops()


# --- replacement: never lose a mapping -------------------------------------------------------------------------

SQS2_ARN = SQS_ARN.replace("orders", "returns")
ESM_ARN = arn("lambda", "event-source-mapping:" + U1)


def kinesis_held(uuid=U1, state="Enabled"):
    return listed(
        uuid,
        state=state,
        EventSourceArn=KINESIS_ARN,
        EventSourceMappingArn=ESM_ARN,
        StartingPosition="LATEST",
        BatchSize=50,
    )


def _replace(fake_lambda, fake_clock, script, listings, **params):
    client = fake_lambda(script, listings=listings)

    factory = api_factory(client, fake_clock)

    task = dict(
        {
            "function_name": "order-processor",
            "event_source_arn": KINESIS_ARN,
            "starting_position": "TRIM_HORIZON",
            "allow_replacement": True,
        },
        **params,
    )
    return client, lambda: runner.run(task, factory)


def _refused_replacement(fake_lambda, fake_clock, tags, creates, gets):
    """A held Kinesis mapping with ``tags``, replaced by a task; the creates and the reads after its delete
    answer ``creates`` and ``gets``."""
    script = {
        "list_tags": [{"Tags": tags}],
        "get_function": [{"Configuration": {"FunctionArn": FN_ARN}}],
        "delete_event_source_mapping": [kinesis_held(state="Deleting")],
        "create_event_source_mapping": creates,
        "get_event_source_mapping": gets,
    }
    return _replace(fake_lambda, fake_clock, script, [[{"EventSourceMappings": [kinesis_held()]}]])


def test_a_refused_replacement_restores_the_old_mapping_with_its_tags(
    fake_lambda, fake_clock, aws_error, aws_not_found
):
    refused = aws_error("InvalidParameterValueException", "Something only AWS knows", "CreateEventSourceMapping")
    client, run = _refused_replacement(
        fake_lambda,
        fake_clock,
        {"team": "a"},
        creates=[refused, kinesis_held(U2, state="Creating")],
        gets=[aws_not_found(), kinesis_held(U2)],
    )
    with pytest.raises(EsmError) as info:
        run()
    failure = info.value.result()
    assert failure["changed"] is True
    assert failure["error"] == {"code": "InvalidParameterValueException", "message": "Something only AWS knows"}
    assert failure["replacement"]["old_uuid"] == U1
    assert failure["replacement"]["new_uuid"] == U2
    assert failure["replacement"]["restored"] is True
    assert failure["replacement"]["old_configuration"]["starting_position"] == "LATEST"
    assert failure["replacement"]["old_configuration"]["batch_size"] == 50
    assert failure["replacement"]["old_configuration"]["tags"] == {"team": "a"}
    # The result describes the restored mapping, never the deleted one.
    assert failure["event_source_mapping"]["uuid"] == U2
    creates = [kwargs for op, kwargs in client.calls if op == "create_event_source_mapping"]
    assert creates[0]["StartingPosition"] == "TRIM_HORIZON"
    assert creates[1] == {
        "FunctionName": FN_ARN,
        "EventSourceArn": KINESIS_ARN,
        "StartingPosition": "LATEST",
        "BatchSize": 50,
        "Enabled": True,
        "Tags": {"team": "a"},
    }
    # The checks come before the delete.
    ops = client.ops()
    assert ops.index("get_function") < ops.index("delete_event_source_mapping")


def test_a_replacement_whose_restore_fails_returns_the_old_configuration(
    fake_lambda, fake_clock, aws_error, aws_not_found
):
    refused = aws_error("InvalidParameterValueException", "No", "CreateEventSourceMapping")
    client, run = _refused_replacement(fake_lambda, fake_clock, {}, creates=[refused], gets=[aws_not_found()])
    with pytest.raises(EsmError) as info:
        run()
    failure = info.value.result()
    assert failure["changed"] is True
    assert failure["replacement"]["restored"] is False
    assert failure["replacement"]["new_uuid"] is None
    assert failure["event_source_mapping"] == {}
    old = failure["replacement"]["old_configuration"]
    assert old["function_name"] == FN_ARN and old["event_source_arn"] == KINESIS_ARN
    # Re-applicable as a task: it validates as the create it is.
    validate.check_create(validate.validate(old), "kinesis")


def test_a_replacement_onto_a_source_another_mapping_reads_deletes_nothing(fake_lambda, fake_clock):
    held = listed(U1, EventSourceArn=SQS_ARN, EventSourceMappingArn=ESM_ARN)
    other = listed(U2, EventSourceArn=SQS2_ARN)
    client = fake_lambda(
        {"get_event_source_mapping": [held], "list_tags": [{"Tags": {}}]},
        listings=[[{"EventSourceMappings": [other]}]],
    )

    factory = api_factory(client, fake_clock)

    task = {"uuid": U1, "function_name": "order-processor", "event_source_arn": SQS2_ARN, "allow_replacement": True}
    with pytest.raises(EsmError) as info:
        runner.run(task, factory)
    assert U2 in info.value.msg and "Nothing was changed" in info.value.msg
    assert info.value.changed is False
    assert "delete_event_source_mapping" not in client.ops()
    # Check mode refuses it too.
    client.calls.clear()
    with pytest.raises(EsmError):
        runner.run(task, factory, check_mode=True)


def test_a_replacement_to_a_missing_function_deletes_nothing(fake_lambda, fake_clock, aws_not_found):
    client, run = _replace(
        fake_lambda,
        fake_clock,
        {"list_tags": [{"Tags": {}}], "get_function": [aws_not_found("GetFunction")]},
        [[{"EventSourceMappings": [kinesis_held()]}]],
    )
    with pytest.raises(EsmError) as info:
        run()
    assert "does not exist" in info.value.msg and info.value.changed is False
    assert "delete_event_source_mapping" not in client.ops()


def test_a_replacement_that_meets_another_writers_mapping_after_the_delete_is_changed(
    fake_lambda, fake_clock, aws_error, aws_not_found
):
    held = listed(U1, EventSourceArn=SQS_ARN, EventSourceMappingArn=ESM_ARN, BatchSize=10)
    theirs = listed(U3, EventSourceArn=SQS2_ARN, BatchSize=10)
    conflict = aws_error(
        "ResourceConflictException",
        f"An event source mapping with SQS arn ... already exists. Please update or delete the existing mapping with UUID {U3}",
        "CreateEventSourceMapping",
        409,
    )
    client = fake_lambda(
        {
            # The read by uuid, the wait for the delete, then the conflict's UUID.
            "get_event_source_mapping": [held, aws_not_found(), theirs],
            "list_tags": [{"Tags": {}}],
            "get_function": [{"Configuration": {"FunctionArn": FN_ARN}}],
            "delete_event_source_mapping": [dict(held, State="Deleting")],
            "create_event_source_mapping": [conflict],
        },
        # Free before the delete; another writer's mapping after it.
        listings=[[{"EventSourceMappings": []}], [{"EventSourceMappings": [theirs]}]],
    )

    factory = api_factory(client, fake_clock)

    task = {"uuid": U1, "function_name": "order-processor", "event_source_arn": SQS2_ARN, "allow_replacement": True}
    result = runner.run(task, factory)
    assert result["changed"] is True
    assert result["event_source_mapping"]["uuid"] == U3
    assert result["diff"]["before"]["uuid"] == U1
    assert any(U1 in warning and U3 in warning for warning in result["warnings"])


# --- a delete by uuid deletes only what the task names ------------------------------------------------------


@pytest.mark.parametrize(
    "task",
    [
        {"function_name": "other-fn", "event_source_arn": SQS_ARN},
        {"function_name": "order-processor", "event_source_arn": SQS2_ARN},
        {"function_name": "order-processor:live"},
    ],
)
def test_delete_by_uuid_of_another_functions_or_sources_mapping_fails(fake_lambda, fake_clock, task):
    client = fake_lambda({"get_event_source_mapping": [listed(U1, EventSourceArn=SQS_ARN)]})

    factory = api_factory(client, fake_clock)

    with pytest.raises(EsmError) as info:
        runner.run(dict(task, uuid=U1, state="absent"), factory)
    assert U1 in info.value.msg and "Nothing was deleted" in info.value.msg
    assert client.ops() == ["get_event_source_mapping"]


def test_changed_comes_from_the_calls_a_delete_made(fake_lambda, fake_clock, aws_not_found):
    # The mapping vanished between the read and the delete: nothing was written, so nothing changed.
    client = fake_lambda(
        {
            "get_event_source_mapping": [listed(U1, EventSourceArn=SQS_ARN)],
            "delete_event_source_mapping": [aws_not_found("DeleteEventSourceMapping")],
        }
    )

    factory = api_factory(client, fake_clock)

    result = runner.run({"uuid": U1, "state": "absent"}, factory)
    assert result["changed"] is False
