"""plan_present / plan_absent: what to create, update, tag, replace or delete, and the predicted result."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import plan, translate, validate
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError
from tests.support.builders import (
    DDB_ARN,
    DLQ,
    DOCDB_ARN,
    ESM_ARN,
    FN_ARN,
    HELD,
    KINESIS_ARN,
    KMS,
    MQ_ARN,
    MSK_ARN,
    REGISTRY,
    SECRET,
    SECRET2,
    SERVERS,
    SQS_ARN,
    STREAM_DEFAULTS,
    STREAM_RESULT_DEFAULTS,
    UUID,
)

MODIFIED = datetime.datetime(2024, 9, 3, 12, 30, 5, tzinfo=datetime.timezone.utc)


def common(**extra):
    mapping = {
        "UUID": UUID,
        "FunctionArn": FN_ARN,
        "LastModified": MODIFIED,
        "State": "Enabled",
        "StateTransitionReason": "USER_INITIATED",
        "EventSourceMappingArn": ESM_ARN,
    }
    mapping.update(extra)
    return mapping


def sqs(**extra):
    return common(**dict(HELD["sqs"], **extra))


def stream(arn=KINESIS_ARN, **extra):
    return common(**dict(STREAM_DEFAULTS, EventSourceArn=arn, **extra))


def kafka(**extra):
    return common(**dict(HELD["kafka"], **extra))


def msk(**extra):
    return common(**dict(HELD["msk"], **extra))


def mq(**extra):
    return common(**dict(HELD["mq"], **extra))


def docdb(**extra):
    return common(**dict(HELD["documentdb"], **extra))


def by_uuid(**values):
    return validate.validate(dict(values, uuid=UUID))


def task(**values):
    return validate.validate(dict({"function_name": "order-processor"}, **values))


def check_after_holds(desired, result):
    """The prediction holds every option the task asked for (so a re-run would report no change)."""
    assert translate.diff_names(desired.values, result.after) == []


# --- no change -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "desired, current",
    [
        (task(event_source_arn=SQS_ARN, batch_size=10, maximum_batching_window_in_seconds=0, enabled=True), sqs()),
        (
            task(event_source_arn=SQS_ARN, filter_criteria={"filter": [{"pattern": {"body": {"b": [1], "a": ["x"]}}}]}),
            sqs(FilterCriteria={"Filters": [{"Pattern": '{ "body" : { "a" : ["x"], "b" : [1] } }'}]}),
        ),
        (
            task(
                event_source_arn=SQS_ARN,
                scaling_config={},
                filter_criteria={"filter": []},
                kms_key_arn="",
                function_response_types=[],
            ),
            sqs(),
        ),
        (
            task(
                event_source_arn=KINESIS_ARN,
                starting_position="LATEST",
                destination_config={},
                parallelization_factor=1,
            ),
            stream(),
        ),
        (
            task(function_name=FN_ARN, event_source_arn=KINESIS_ARN, starting_position="LATEST", enabled=False),
            stream(State="Disabled"),
        ),
        (
            task(
                self_managed_event_source={
                    "endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k2.example.com:9092,k1.example.com:9092"}
                },
                topics=["orders"],
                starting_position="TRIM_HORIZON",
                source_access_configuration=[{"type": "BASIC_AUTH", "uri": SECRET}],
            ),
            kafka(),
        ),
        (
            by_uuid(
                batch_size=100,
                queues=["orders"],
                source_access_configuration=[
                    {"type": "VIRTUAL_HOST", "uri": "/prod"},
                    {"type": "BASIC_AUTH", "uri": SECRET},
                ],
            ),
            mq(),
        ),
        (by_uuid(document_db_event_source_config={"database_name": "shop"}), docdb()),
        (by_uuid(), sqs()),
    ],
)
def test_no_change(desired, current):
    result = plan.plan_present(desired, "x", current, None)
    assert result.action == "none"
    assert result.changed is False
    assert result.update_params == {}
    assert result.create_params == {}
    assert result.create_only_changes == []
    assert result.before == translate.normalise(current)
    assert result.after == result.before


def test_no_change_with_equal_tags():
    tags = {"Cost Center": "Orders", "CamelCase": "Yes"}
    result = plan.plan_present(task(event_source_arn=SQS_ARN, tags=dict(tags)), "sqs", sqs(), dict(tags))
    assert result.action == "none"
    assert (result.tags_to_set, result.tags_to_unset) == ({}, [])
    assert result.before["tags"] == result.after["tags"] == tags


# --- updates -------------------------------------------------------------------------------------------------

UPDATES = [
    # (current mapping, option, value, the one API member sent)
    (sqs(), "batch_size", 5, {"BatchSize": 5}),
    (sqs(), "maximum_batching_window_in_seconds", 20, {"MaximumBatchingWindowInSeconds": 20}),
    (sqs(), "enabled", False, {"Enabled": False}),
    (sqs(State="Disabled"), "enabled", True, {"Enabled": True}),
    (stream(), "bisect_batch_on_function_error", True, {"BisectBatchOnFunctionError": True}),
    (
        stream(),
        "destination_config",
        {"on_failure": {"destination_arn": DLQ}},
        {"DestinationConfig": {"OnFailure": {"Destination": DLQ}}},
    ),
    (
        stream(DestinationConfig={"OnFailure": {"Destination": "arn:aws:sns:us-east-1:123456789012:old"}}),
        "destination_config",
        {"on_failure": {"destination_arn": DLQ}},
        {"DestinationConfig": {"OnFailure": {"Destination": DLQ}}},
    ),
    (
        docdb(),
        "document_db_event_source_config",
        {"full_document": "UpdateLookup"},
        # docs/aws-behaviour.md §2: the database and collection are create-only; FullDocument goes alone.
        {"DocumentDBEventSourceConfig": {"FullDocument": "UpdateLookup"}},
    ),
    (
        sqs(),
        "filter_criteria",
        {"filter": [{"pattern": '{ "body": {"a": ["x"]} }'}]},
        {"FilterCriteria": {"Filters": [{"Pattern": '{ "body": {"a": ["x"]} }'}]}},
    ),
    (
        sqs(FilterCriteria={"Filters": [{"Pattern": '{"body": {"a": ["x"]}}'}]}),
        "filter_criteria",
        {"filter": [{"pattern": {"body": {"a": ["y"]}}}]},
        {"FilterCriteria": {"Filters": [{"Pattern": '{"body":{"a":["y"]}}'}]}},
    ),
    (
        sqs(),
        "function_response_types",
        ["ReportBatchItemFailures"],
        {"FunctionResponseTypes": ["ReportBatchItemFailures"]},
    ),
    (sqs(), "kms_key_arn", KMS, {"KMSKeyArn": KMS}),
    (stream(), "maximum_record_age_in_seconds", 3600, {"MaximumRecordAgeInSeconds": 3600}),
    (stream(), "maximum_retry_attempts", 3, {"MaximumRetryAttempts": 3}),
    (sqs(), "metrics_config", {"metrics": ["EventCount"]}, {"MetricsConfig": {"Metrics": ["EventCount"]}}),
    (stream(DDB_ARN), "parallelization_factor", 4, {"ParallelizationFactor": 4}),
    (
        msk(),
        "provisioned_poller_config",
        {"maximum_pollers": 300},
        {"ProvisionedPollerConfig": {"MinimumPollers": 1, "MaximumPollers": 300}},
    ),
    (sqs(), "scaling_config", {"maximum_concurrency": 5}, {"ScalingConfig": {"MaximumConcurrency": 5}}),
    (
        sqs(ScalingConfig={"MaximumConcurrency": 5}),
        "scaling_config",
        {"maximum_concurrency": 50},
        {"ScalingConfig": {"MaximumConcurrency": 50}},
    ),
    # The consumer group id cannot be updated (docs/aws-behaviour.md §2), so it is never sent.
    (
        kafka(),
        "self_managed_kafka_event_source_config",
        {"schema_registry_config": {"schema_registry_uri": REGISTRY, "event_record_format": "JSON"}},
        {
            "SelfManagedKafkaEventSourceConfig": {
                "SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY, "EventRecordFormat": "JSON"}
            }
        },
    ),
    (
        msk(
            AmazonManagedKafkaEventSourceConfig={
                "ConsumerGroupId": "orders",
                "SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY, "EventRecordFormat": "JSON"},
            }
        ),
        "amazon_managed_kafka_event_source_config",
        {"consumer_group_id": "orders", "schema_registry_config": {"event_record_format": "SOURCE"}},
        {
            "AmazonManagedKafkaEventSourceConfig": {
                "SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY, "EventRecordFormat": "SOURCE"}
            }
        },
    ),
    (
        msk(SourceAccessConfigurations=[{"Type": "SASL_SCRAM_512_AUTH", "URI": SECRET}]),
        "source_access_configuration",
        [{"type": "SASL_SCRAM_512_AUTH", "uri": SECRET2}],
        {"SourceAccessConfigurations": [{"Type": "SASL_SCRAM_512_AUTH", "URI": SECRET2}]},
    ),
    (stream(), "tumbling_window_in_seconds", 60, {"TumblingWindowInSeconds": 60}),
    (msk(), "logging_config", {"system_log_level": "WARN"}, {"LoggingConfig": {"SystemLogLevel": "WARN"}}),
    (
        msk(LoggingConfig={"SystemLogLevel": "WARN"}),
        "logging_config",
        {"system_log_level": "DEBUG"},
        {"LoggingConfig": {"SystemLogLevel": "DEBUG"}},
    ),
]


@pytest.mark.parametrize("current, option, value, sent", UPDATES, ids=[u[1] for u in UPDATES])
def test_each_updatable_option(current, option, value, sent):
    desired = by_uuid(**{option: value})
    result = plan.plan_present(desired, "x", current, None)
    assert result.action == "update"
    assert result.changed_options == [option]
    assert result.update_params == sent
    assert result.create_params == {}
    assert result.before == translate.normalise(current)
    check_after_holds(desired, result)


def test_source_access_update_keeps_virtual_host_out_of_the_call():
    desired = by_uuid(
        source_access_configuration=[{"type": "BASIC_AUTH", "uri": SECRET2}, {"type": "VIRTUAL_HOST", "uri": "/prod"}]
    )
    result = plan.plan_present(desired, "mq", mq(), None)
    assert result.action == "update"
    assert result.update_params == {"SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": SECRET2}]}


def test_only_changed_options_are_sent():
    desired = by_uuid(batch_size=5, maximum_batching_window_in_seconds=0, enabled=True, function_response_types=[])
    result = plan.plan_present(desired, "sqs", sqs(), None)
    assert result.update_params == {"BatchSize": 5}


def test_enabled_change_predicts_the_state():
    result = plan.plan_present(by_uuid(enabled=False), "sqs", sqs(), None)
    assert (result.after["state"], result.after["enabled"]) == ("Disabled", False)
    assert (result.before["state"], result.before["enabled"]) == ("Enabled", True)


@pytest.mark.parametrize(
    "function_name, current_arn, sent, after_arn",
    [
        ("order-processor:live", FN_ARN, "order-processor:live", FN_ARN + ":live"),
        ("order-processor", FN_ARN + ":live", "order-processor", FN_ARN),
        (FN_ARN + ":2", FN_ARN + ":1", FN_ARN + ":2", FN_ARN + ":2"),
        ("other-fn", FN_ARN, "other-fn", "arn:aws:lambda:us-east-1:123456789012:function:other-fn"),
    ],
)
def test_function_change_by_uuid(function_name, current_arn, sent, after_arn):
    result = plan.plan_present(by_uuid(function_name=function_name), "sqs", sqs(FunctionArn=current_arn), None)
    assert result.action == "update"
    assert result.changed_options == ["function_name"]
    assert result.update_params == {"FunctionName": sent}
    assert result.after["function_arn"] == after_arn


def test_same_function_by_uuid_is_no_change():
    assert plan.plan_present(by_uuid(function_name=FN_ARN), "sqs", sqs(), None).action == "none"
    assert (
        plan.plan_present(by_uuid(function_name="123456789012:function:order-processor"), "sqs", sqs(), None).action
        == "none"
    )


# --- clears ---------------------------------------------------------------------------------------------------

CLEARS = [
    (
        stream(DestinationConfig={"OnFailure": {"Destination": DLQ}}),
        "destination_config",
        {},
        {"DestinationConfig": {"OnFailure": {"Destination": ""}}},
    ),
    (
        stream(DestinationConfig={"OnFailure": {"Destination": DLQ}}),
        "destination_config",
        {"on_failure": {"destination_arn": ""}},
        {"DestinationConfig": {"OnFailure": {"Destination": ""}}},
    ),
    (sqs(FilterCriteria={"Filters": [{"Pattern": "{}"}]}), "filter_criteria", {"filter": []}, {"FilterCriteria": {}}),
    (sqs(FilterCriteria={"Filters": [{"Pattern": "{}"}]}), "filter_criteria", {}, {"FilterCriteria": {}}),
    (
        sqs(FunctionResponseTypes=["ReportBatchItemFailures"]),
        "function_response_types",
        [],
        {"FunctionResponseTypes": []},
    ),
    (sqs(KMSKeyArn=KMS), "kms_key_arn", "", {"KMSKeyArn": ""}),
    (sqs(MetricsConfig={"Metrics": ["EventCount"]}), "metrics_config", {}, {"MetricsConfig": {"Metrics": []}}),
    (
        sqs(MetricsConfig={"Metrics": ["EventCount"]}),
        "metrics_config",
        {"metrics": []},
        {"MetricsConfig": {"Metrics": []}},
    ),
    (msk(), "provisioned_poller_config", {}, {"ProvisionedPollerConfig": {}}),
    (sqs(ScalingConfig={"MaximumConcurrency": 5}), "scaling_config", {}, {"ScalingConfig": {}}),
    (
        sqs(ScalingConfig={"MaximumConcurrency": 5}),
        "scaling_config",
        {"maximum_concurrency": None},
        {"ScalingConfig": {}},
    ),
    (
        msk(SourceAccessConfigurations=[{"Type": "SASL_SCRAM_512_AUTH", "URI": SECRET}]),
        "source_access_configuration",
        [],
        {"SourceAccessConfigurations": []},
    ),
]


@pytest.mark.parametrize("current, option, empty, sent", CLEARS, ids=[c[1] for c in CLEARS])
def test_clear(current, option, empty, sent):
    desired = by_uuid(**{option: empty})
    result = plan.plan_present(desired, "x", current, None)
    assert result.action == "update"
    assert result.update_params == sent
    assert option in result.before
    assert option not in result.after


@pytest.mark.parametrize("current, option, empty, sent", CLEARS, ids=[c[1] for c in CLEARS])
def test_clear_of_what_is_not_there_is_no_change(current, option, empty, sent):
    bare = {key: value for key, value in current.items() if key not in sent}
    if option == "destination_config":
        bare["DestinationConfig"] = {"OnFailure": {}}  # what streams return without a destination
    result = plan.plan_present(by_uuid(**{option: empty}), "x", bare, None)
    assert result.action == "none"
    assert result.update_params == {}


@pytest.mark.parametrize(
    "current, option, empty",
    [
        (msk(LoggingConfig={"SystemLogLevel": "WARN"}), "logging_config", {"system_log_level": None}),
        (
            docdb(),
            "document_db_event_source_config",
            {"database_name": None, "collection_name": None, "full_document": None},
        ),
        (
            msk(
                AmazonManagedKafkaEventSourceConfig={
                    "ConsumerGroupId": UUID,
                    "SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY},
                }
            ),
            "amazon_managed_kafka_event_source_config",
            {"consumer_group_id": None, "schema_registry_config": None},
        ),
    ],
)
def test_empty_block_that_cannot_be_cleared_never_sends_none(current, option, empty):
    # These blocks have no clear encoding. An empty one (Ansible's form of `option: {}`) must not become an
    # UpdateEventSourceMapping member of None (botocore rejects it after the read, as an AWS-call failure):
    # either it is refused naming the option, or nothing is sent for it.
    try:
        result = plan.plan_present(by_uuid(**{option: empty}), "x", current, None)
    except EsmError as exc:
        assert option in exc.msg
    else:
        assert None not in result.update_params.values(), result.update_params


@pytest.mark.parametrize(
    "held_group, sent",
    [
        (None, None),
        ("orders", {"ProvisionedPollerConfig": {"MinimumPollers": 1, "MaximumPollers": 200, "PollerGroupName": ""}}),
    ],
)
def test_leaving_the_poller_group_keeps_the_pollers(held_group, sent):
    # Documented: poller_group_name "" leaves the group. It must not clear the whole provisioned mode.
    pollers = {"MinimumPollers": 1, "MaximumPollers": 200}
    if held_group:
        pollers["PollerGroupName"] = held_group
    result = plan.plan_present(
        by_uuid(provisioned_poller_config={"poller_group_name": ""}), "msk", msk(ProvisionedPollerConfig=pollers), None
    )
    if sent is None:
        assert result.action == "none", result.update_params
    else:
        assert result.update_params == sent


# --- create-only options ------------------------------------------------------------------------------------

CREATE_ONLY = [
    # (current, desired, [(field, current value, requested value)])
    (stream(), by_uuid(starting_position="TRIM_HORIZON"), [("starting_position", "LATEST", "TRIM_HORIZON")]),
    (
        stream(),
        task(event_source_arn=KINESIS_ARN, starting_position="TRIM_HORIZON", batch_size=50),
        [("starting_position", "LATEST", "TRIM_HORIZON")],
    ),
    (
        sqs(),
        by_uuid(event_source_arn="arn:aws:sqs:us-east-1:123456789012:returns"),
        [("event_source_arn", SQS_ARN, "arn:aws:sqs:us-east-1:123456789012:returns")],
    ),
    (msk(), by_uuid(topics=["returns"]), [("topics", ["orders"], ["returns"])]),
    (mq(), by_uuid(queues=["returns"]), [("queues", ["orders"], ["returns"])]),
    (
        kafka(),
        by_uuid(self_managed_event_source={"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k9.example.com:9092"}}),
        [
            (
                "self_managed_event_source",
                {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": SERVERS}},
                {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k9.example.com:9092"}},
            )
        ],
    ),
    (
        stream(
            StartingPosition="AT_TIMESTAMP",
            StartingPositionTimestamp=datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc),
        ),
        by_uuid(starting_position="AT_TIMESTAMP", starting_position_timestamp="2024-01-30T12:00:00Z"),
        [("starting_position_timestamp", "2024-01-31T12:00:00+00:00", "2024-01-30T12:00:00Z")],
    ),
    (
        kafka(SelfManagedKafkaEventSourceConfig={"ConsumerGroupId": "orders-v1"}),
        by_uuid(self_managed_kafka_event_source_config={"consumer_group_id": "orders-v2"}),
        [("self_managed_kafka_event_source_config.consumer_group_id", "orders-v1", "orders-v2")],
    ),
    (
        msk(),
        by_uuid(amazon_managed_kafka_event_source_config={"consumer_group_id": "orders"}),
        [("amazon_managed_kafka_event_source_config.consumer_group_id", UUID, "orders")],
    ),
    (
        mq(),
        by_uuid(
            source_access_configuration=[
                {"type": "BASIC_AUTH", "uri": SECRET},
                {"type": "VIRTUAL_HOST", "uri": "/staging"},
            ]
        ),
        [("source_access_configuration (VIRTUAL_HOST)", ["/prod"], ["/staging"])],
    ),
    (
        msk(),
        by_uuid(topics=["returns"], starting_position="TRIM_HORIZON"),
        [("starting_position", "LATEST", "TRIM_HORIZON"), ("topics", ["orders"], ["returns"])],
    ),
]


@pytest.mark.parametrize("current, desired, changes", CREATE_ONLY, ids=[c[2][0][0] for c in CREATE_ONLY])
def test_create_only_change_fails_naming_each_field(current, desired, changes):
    with pytest.raises(EsmError) as info:
        plan.plan_present(desired, "x", current, None)
    msg = info.value.msg
    for name, held, wanted in changes:
        assert (
            f"{name} (current: {json.dumps(held, sort_keys=True)}, requested: {json.dumps(wanted, sort_keys=True)})"
            in msg
        )
    assert UUID in msg and "allow_replacement" in msg and "Nothing was changed" in msg
    assert "batch_size" not in msg
    assert info.value.changed is False


@pytest.mark.parametrize(
    "current, desired",
    [
        (
            kafka(),
            by_uuid(
                self_managed_kafka_event_source_config={"schema_registry_config": {"schema_registry_uri": REGISTRY}}
            ),
        ),
        (kafka(), by_uuid(self_managed_kafka_event_source_config={"consumer_group_id": UUID})),
        (
            kafka(),
            by_uuid(
                self_managed_event_source={
                    "endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k2.example.com:9092", "k1.example.com:9092"]}
                }
            ),
        ),
        (
            stream(
                StartingPosition="AT_TIMESTAMP",
                StartingPositionTimestamp=datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc),
            ),
            by_uuid(starting_position="AT_TIMESTAMP", starting_position_timestamp="2024-01-31T07:00:00-05:00"),
        ),
        (
            mq(),
            by_uuid(
                source_access_configuration=[
                    {"type": "VIRTUAL_HOST", "uri": "/prod"},
                    {"type": "BASIC_AUTH", "uri": SECRET},
                ]
            ),
        ),
        # Not reported by AWS, so not comparable: not a change.
        (sqs(), by_uuid(starting_position="LATEST")),
    ],
)
def test_no_create_only_drift(current, desired):
    result = plan.plan_present(desired, "x", current, None)
    assert result.create_only_changes == []
    assert "ConsumerGroupId" not in json.dumps(result.update_params)


def test_generated_consumer_group_id_is_not_sent_in_an_update():
    desired = by_uuid(
        self_managed_kafka_event_source_config={"schema_registry_config": {"schema_registry_uri": REGISTRY}}
    )
    result = plan.plan_present(desired, "kafka", kafka(), None)
    assert result.update_params == {
        "SelfManagedKafkaEventSourceConfig": {"SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY}}
    }


# --- replacement ---------------------------------------------------------------------------------------------


def test_replacement_keeps_old_settings_and_tags():
    current = stream(
        State="Disabled",
        BatchSize=50,
        FilterCriteria={"Filters": [{"Pattern": '{"data": {"kind": ["click"]}}'}]},
        DestinationConfig={"OnFailure": {"Destination": DLQ}},
        MaximumRetryAttempts=3,
    )
    tags = {"Cost Center": "Orders", "aws:cloudformation:stack-name": "s"}
    desired = task(event_source_arn=KINESIS_ARN, starting_position="TRIM_HORIZON", allow_replacement=True)
    result = plan.plan_present(desired, "kinesis", current, dict(tags))
    assert result.action == "replace"
    assert result.changed is True
    assert result.create_only_changes == [("starting_position", "LATEST", "TRIM_HORIZON")]
    assert result.update_params == {}
    assert result.create_params == {
        "FunctionName": "order-processor",
        "EventSourceArn": KINESIS_ARN,
        "StartingPosition": "TRIM_HORIZON",
        "Enabled": False,
        "BatchSize": 50,
        "BisectBatchOnFunctionError": False,
        "FilterCriteria": {"Filters": [{"Pattern": '{"data": {"kind": ["click"]}}'}]},
        "DestinationConfig": {"OnFailure": {"Destination": DLQ}},
        "MaximumBatchingWindowInSeconds": 0,
        "MaximumRecordAgeInSeconds": -1,
        "MaximumRetryAttempts": 3,
        "ParallelizationFactor": 1,
        "TumblingWindowInSeconds": 0,
        "Tags": tags,
    }
    assert result.before == translate.normalise(current, tags)
    assert result.after["starting_position"] == "TRIM_HORIZON"
    assert result.after["batch_size"] == 50 and result.after["enabled"] is False
    assert result.after["tags"] == tags
    assert result.after["function_arn"] == FN_ARN
    assert "uuid" not in result.after


def test_replacement_takes_the_tasks_tags():
    desired = by_uuid(
        starting_position="TRIM_HORIZON",
        allow_replacement=True,
        tags={"Cost Center": "New", "Team": "A"},
        purge_tags=False,
    )
    result = plan.plan_present(desired, "kinesis", stream(), {"Cost Center": "Old", "Keep": "me"})
    assert result.create_params["Tags"] == {"Cost Center": "New", "Team": "A", "Keep": "me"}
    assert result.create_params["FunctionName"] == FN_ARN


def test_replacement_drops_the_generated_consumer_group_id():
    current = kafka(
        SelfManagedKafkaEventSourceConfig={
            "ConsumerGroupId": UUID,
            "SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY},
        }
    )
    result = plan.plan_present(by_uuid(topics=["returns"], allow_replacement=True), "kafka", current, {})
    assert result.action == "replace"
    assert result.create_params["Topics"] == ["returns"]
    assert result.create_params["SelfManagedKafkaEventSourceConfig"] == {
        "SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY}
    }
    result = plan.plan_present(by_uuid(topics=["returns"], allow_replacement=True), "kafka", kafka(), {})
    assert "SelfManagedKafkaEventSourceConfig" not in result.create_params
    assert result.create_params["SelfManagedEventSource"] == {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": SERVERS}}
    assert result.create_params["SourceAccessConfigurations"] == [{"Type": "BASIC_AUTH", "URI": SECRET}]


def test_replacement_keeps_a_consumer_group_id_the_user_chose():
    # Only the id AWS generated (the mapping's UUID, docs/aws-behaviour.md §3) is left for AWS to generate again; one the user
    # set is a setting like any other, and "keeps the old one's settings" (module docs, allow_replacement).
    current = msk(AmazonManagedKafkaEventSourceConfig={"ConsumerGroupId": "orders-consumers"})
    result = plan.plan_present(by_uuid(topics=["returns"], allow_replacement=True), "msk", current, {})
    assert result.create_params["AmazonManagedKafkaEventSourceConfig"] == {"ConsumerGroupId": "orders-consumers"}


def test_replacement_away_from_at_timestamp_drops_the_old_timestamp():
    # StartingPositionTimestamp goes only with AT_TIMESTAMP (docs/aws-behaviour.md §2); a create sending it with LATEST is refused.
    current = stream(
        StartingPosition="AT_TIMESTAMP",
        StartingPositionTimestamp=datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc),
    )
    result = plan.plan_present(by_uuid(starting_position="LATEST", allow_replacement=True), "kinesis", current, {})
    assert result.action == "replace"
    assert result.create_params["StartingPosition"] == "LATEST"
    assert "StartingPositionTimestamp" not in result.create_params


def test_replacement_keeps_the_old_timestamp_when_still_at_timestamp():
    instant = datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)
    current = msk(StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=instant)
    result = plan.plan_present(by_uuid(topics=["returns"], allow_replacement=True), "msk", current, {})
    assert result.create_params["StartingPositionTimestamp"] == instant


# --- tags ------------------------------------------------------------------------------------------------------

TAGS = [
    # (held, wanted, purge, to set, to unset, after)
    ({}, {"Cost Center": "Orders"}, True, {"Cost Center": "Orders"}, [], {"Cost Center": "Orders"}),
    ({"Cost Center": "A"}, {"Cost Center": "B"}, True, {"Cost Center": "B"}, [], {"Cost Center": "B"}),
    ({"Old": "x", "Keep": "y"}, {"Keep": "y"}, True, {}, ["Old"], {"Keep": "y"}),
    ({"Old": "x", "Keep": "y"}, {"Keep": "y"}, False, {}, [], {"Old": "x", "Keep": "y"}),
    ({"Old": "x"}, {"New": "z"}, False, {"New": "z"}, [], {"Old": "x", "New": "z"}),
    ({"Old": "x", "Other": "w"}, {}, True, {}, ["Old", "Other"], {}),
    ({"aws:cloudformation:stack-name": "s", "Old": "x"}, {}, True, {}, ["Old"], {"aws:cloudformation:stack-name": "s"}),
    (
        {"CostCenter": "a", "cost center": "b", "Cost Center": "c"},
        {"CostCenter": "a", "Cost Center": "C"},
        True,
        {"Cost Center": "C"},
        ["cost center"],
        {"CostCenter": "a", "Cost Center": "C"},
    ),
    ({"Name": "x"}, {"name": "x"}, True, {"name": "x"}, ["Name"], {"name": "x"}),
    ({"Empty": ""}, {"Empty": ""}, True, {}, [], {"Empty": ""}),
]


@pytest.mark.parametrize("held, wanted, purge, to_set, to_unset, after", TAGS)
def test_tags(held, wanted, purge, to_set, to_unset, after):
    desired = task(event_source_arn=SQS_ARN, tags=wanted, purge_tags=purge)
    result = plan.plan_present(desired, "sqs", sqs(), dict(held))
    assert result.tags_to_set == to_set
    assert sorted(result.tags_to_unset) == sorted(to_unset)
    assert result.action == ("update" if to_set or to_unset else "none")
    assert result.update_params == {}
    assert result.before["tags"] == held
    assert result.after["tags"] == after
    assert result.tags_after == after


def test_tags_not_set_are_neither_read_nor_changed():
    result = plan.plan_present(task(event_source_arn=SQS_ARN), "sqs", sqs(), None)
    assert result.action == "none"
    assert "tags" not in result.before and "tags" not in result.after
    result = plan.plan_present(task(event_source_arn=SQS_ARN), "sqs", sqs(), {"Team": "A"})
    assert (result.tags_to_set, result.tags_to_unset, result.action) == ({}, [], "none")


def test_tags_and_options_together():
    result = plan.plan_present(task(event_source_arn=SQS_ARN, batch_size=5, tags={"A": "1"}), "sqs", sqs(), {"B": "2"})
    assert result.action == "update"
    assert result.update_params == {"BatchSize": 5}
    assert (result.tags_to_set, result.tags_to_unset) == ({"A": "1"}, ["B"])


# --- create ------------------------------------------------------------------------------------------------------


def test_create_when_nothing_is_held():
    desired = task(event_source_arn=SQS_ARN, batch_size=5, scaling_config={}, tags={"Cost Center": "Orders"})
    result = plan.plan_present(desired, "sqs", None, None, function_arn=FN_ARN)
    assert result.action == "create"
    assert result.create_params == {
        "FunctionName": "order-processor",
        "EventSourceArn": SQS_ARN,
        "BatchSize": 5,
        "Tags": {"Cost Center": "Orders"},
    }
    assert result.before == {}
    assert result.after["tags"] == {"Cost Center": "Orders"}
    assert result.after["function_arn"] == FN_ARN


def test_create_with_empty_tags_sends_none():
    result = plan.plan_present(task(event_source_arn=SQS_ARN, tags={}), "sqs", None, None)
    assert "Tags" not in result.create_params
    assert result.after["tags"] == {}


def test_create_instead_of_a_deleting_mapping():
    current = sqs(State="Deleting", BatchSize=7)
    result = plan.plan_present(task(event_source_arn=SQS_ARN, batch_size=5), "sqs", current, None)
    assert result.action == "create"
    assert result.create_params == {"FunctionName": "order-processor", "EventSourceArn": SQS_ARN, "BatchSize": 5}
    assert result.before == {}


# Check-mode predictions of a create: what AWS returns when options are omitted (docs/aws-behaviour.md §3).
# docs/aws-behaviour.md §9: Amazon MQ and DocumentDB create with a BASIC_AUTH secret.
MQ_SECRET = [{"type": "BASIC_AUTH", "uri": SECRET}]

PREDICTIONS = [
    (
        "sqs",
        {"event_source_arn": SQS_ARN},
        {"event_source_arn": SQS_ARN, "batch_size": 10, "maximum_batching_window_in_seconds": 0},
    ),
    (
        "sqs",
        {"event_source_arn": SQS_ARN, "batch_size": 50, "maximum_batching_window_in_seconds": 5, "enabled": False},
        {"event_source_arn": SQS_ARN, "batch_size": 50, "maximum_batching_window_in_seconds": 5},
    ),
    (
        "kinesis",
        {"event_source_arn": KINESIS_ARN, "starting_position": "LATEST"},
        {"event_source_arn": KINESIS_ARN, **STREAM_RESULT_DEFAULTS},
    ),
    (
        "dynamodb",
        {
            "event_source_arn": DDB_ARN,
            "starting_position": "TRIM_HORIZON",
            "destination_config": {"on_failure": {"destination_arn": DLQ}},
        },
        {
            "event_source_arn": DDB_ARN,
            "starting_position": "TRIM_HORIZON",
            "batch_size": 100,
            "bisect_batch_on_function_error": False,
            "destination_config": {"on_failure": {"destination_arn": DLQ}},
            "maximum_batching_window_in_seconds": 0,
            "maximum_record_age_in_seconds": -1,
            "maximum_retry_attempts": -1,
            "parallelization_factor": 1,
            "tumbling_window_in_seconds": 0,
        },
    ),
    (
        "kafka",
        {
            "self_managed_event_source": {
                "endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k1.example.com:9092,k2.example.com:9092"}
            },
            "topics": ["orders"],
            "starting_position": "LATEST",
            "source_access_configuration": [{"type": "BASIC_AUTH", "uri": SECRET}],
        },
        {
            "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": SERVERS}},
            "topics": ["orders"],
            "starting_position": "LATEST",
            "source_access_configuration": [{"type": "BASIC_AUTH", "uri": SECRET}],
            "batch_size": 100,
        },
    ),
    (
        "msk",
        {"event_source_arn": MSK_ARN, "topics": ["orders"], "starting_position": "LATEST"},
        {"event_source_arn": MSK_ARN, "topics": ["orders"], "starting_position": "LATEST", "batch_size": 100},
    ),
    (
        "mq",
        {"event_source_arn": MQ_ARN, "queues": ["orders"], "source_access_configuration": MQ_SECRET},
        {"event_source_arn": MQ_ARN, "queues": ["orders"], "source_access_configuration": MQ_SECRET, "batch_size": 100},
    ),
    (
        "documentdb",
        {
            "event_source_arn": DOCDB_ARN,
            "document_db_event_source_config": {"database_name": "shop"},
            "source_access_configuration": MQ_SECRET,
        },
        {
            "event_source_arn": DOCDB_ARN,
            "source_access_configuration": MQ_SECRET,
            "batch_size": 100,
            "document_db_event_source_config": {"database_name": "shop", "full_document": "Default"},
        },
    ),
    (
        "documentdb",
        {
            "event_source_arn": DOCDB_ARN,
            "document_db_event_source_config": {"database_name": "shop", "full_document": "UpdateLookup"},
            "source_access_configuration": MQ_SECRET,
        },
        {
            "event_source_arn": DOCDB_ARN,
            "source_access_configuration": MQ_SECRET,
            "batch_size": 100,
            "document_db_event_source_config": {"database_name": "shop", "full_document": "UpdateLookup"},
        },
    ),
]


@pytest.mark.parametrize("kind, values, expected", PREDICTIONS, ids=[p[0] for p in PREDICTIONS])
def test_create_prediction_uses_create_defaults(kind, values, expected):
    desired = task(**values)
    result = plan.plan_present(desired, kind, None, None, function_arn=FN_ARN)
    enabled = values.get("enabled", True)
    assert result.after == dict(
        expected, function_arn=FN_ARN, enabled=enabled, state="Enabled" if enabled else "Disabled"
    )
    check_after_holds(desired, result)


def test_create_prediction_without_a_function_arn():
    result = plan.plan_present(task(event_source_arn=SQS_ARN), "sqs", None, None)
    assert "function_arn" not in result.after
    assert result.after["batch_size"] == 10


# --- absent ----------------------------------------------------------------------------------------------------


def test_plan_absent():
    result = plan.plan_absent(None)
    assert (result.action, result.changed, result.before, result.after) == ("none", False, {}, {})

    result = plan.plan_absent(sqs(State="Deleting"))
    assert (result.action, result.changed) == ("none", False)
    assert result.before == translate.normalise(sqs(State="Deleting"))

    result = plan.plan_absent(sqs(State="Disabled"), {"Team": "A"})
    assert (result.action, result.changed, result.after) == ("delete", True, {})
    assert result.before == translate.normalise(sqs(State="Disabled"), {"Team": "A"})
    assert result.create_params == {} and result.update_params == {}


@pytest.mark.parametrize(
    "current, option, config",
    [
        (kafka(), "self_managed_kafka_event_source_config", "SelfManagedKafkaEventSourceConfig"),
        (msk(), "amazon_managed_kafka_event_source_config", "AmazonManagedKafkaEventSourceConfig"),
    ],
)
def test_update_prediction_keeps_the_generated_consumer_group_id(current, option, config):
    # The group id is never sent in an update (it cannot change), so AWS keeps it; the prediction must too.
    result = plan.plan_present(
        by_uuid(**{option: {"schema_registry_config": {"schema_registry_uri": REGISTRY}}}), "x", current, None
    )
    assert result.update_params == {config: {"SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY}}}
    assert result.after[option] == {
        "consumer_group_id": UUID,
        "schema_registry_config": {"schema_registry_uri": REGISTRY},
    }
