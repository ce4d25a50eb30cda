"""translate: API responses -> result shape, Create/Update parameters, exact comparison."""

from __future__ import annotations

import datetime
import re

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import options, translate
from tests.support import builders
from tests.support.builders import (
    ARNS,
    DLQ,
    ESM_ARN,
    FN_ARN,
    HELD,
    KINESIS_ARN,
    KMS,
    REGISTRY,
    SECRET,
    SQS_ARN,
    STREAM_DEFAULTS,
    STREAM_RESULT_DEFAULTS,
    UUID,
)

# botocore parses LastModified into an aware datetime in the local zone of the response.
MODIFIED = datetime.datetime(2024, 9, 3, 14, 30, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
MODIFIED_ISO = "2024-09-03T12:30:05+00:00"
META = {"RequestId": "r", "HTTPStatusCode": 202, "HTTPHeaders": {}, "RetryAttempts": 0}

# Responses shaped like the recorded ones in reference §3.
SQS_RESPONSE = {
    "UUID": UUID,
    "BatchSize": 10,
    "MaximumBatchingWindowInSeconds": 0,
    "EventSourceArn": SQS_ARN,
    "FunctionArn": FN_ARN,
    "LastModified": MODIFIED,
    "State": "Enabled",
    "StateTransitionReason": "USER_INITIATED",
    "FunctionResponseTypes": [],
    "EventSourceMappingArn": ESM_ARN,
    "ResponseMetadata": META,
}
SQS_RESULT = {
    "uuid": UUID,
    "arn": ESM_ARN,
    "function_arn": FN_ARN,
    "state": "Enabled",
    "state_transition_reason": "USER_INITIATED",
    "last_modified": MODIFIED_ISO,
    "enabled": True,
    "event_source_arn": SQS_ARN,
    "batch_size": 10,
    "maximum_batching_window_in_seconds": 0,
}

KINESIS_RESPONSE = {
    **STREAM_DEFAULTS,
    "UUID": UUID,
    "EventSourceArn": ARNS["kinesis"],
    "FunctionArn": FN_ARN,
    "LastModified": MODIFIED,
    "State": "Creating",
    "EventSourceMappingArn": ESM_ARN,
    "ResponseMetadata": META,
}
KINESIS_RESULT = {
    "uuid": UUID,
    "arn": ESM_ARN,
    "function_arn": FN_ARN,
    "state": "Creating",
    "state_transition_reason": "User action",
    "last_processing_result": "No records processed",
    "last_modified": MODIFIED_ISO,
    "enabled": True,
    "event_source_arn": ARNS["kinesis"],
    **STREAM_RESULT_DEFAULTS,
}

DDB_RESPONSE = dict(
    KINESIS_RESPONSE,
    EventSourceArn=ARNS["dynamodb"],
    State="Disabled",
    StartingPosition="TRIM_HORIZON",
    DestinationConfig={"OnFailure": {"Destination": DLQ}},
    FilterCriteria={"Filters": [{"Pattern": '{"dynamodb": {"NewImage": {"status": {"S": ["paid"]}}}}'}]},
    FunctionResponseTypes=["ReportBatchItemFailures"],
    MaximumRetryAttempts=3,
)
DDB_RESULT = dict(
    KINESIS_RESULT,
    event_source_arn=ARNS["dynamodb"],
    state="Disabled",
    enabled=False,
    starting_position="TRIM_HORIZON",
    destination_config={"on_failure": {"destination_arn": DLQ}},
    filter_criteria={"filter": [{"pattern": '{"dynamodb": {"NewImage": {"status": {"S": ["paid"]}}}}'}]},
    function_response_types=["ReportBatchItemFailures"],
    maximum_retry_attempts=3,
)

KAFKA_RESPONSE = {
    "UUID": UUID,
    "StartingPosition": "TRIM_HORIZON",
    "BatchSize": 100,
    "FunctionArn": FN_ARN,
    "LastModified": MODIFIED,
    "LastProcessingResult": "No records processed",
    "State": "Enabled",
    "StateTransitionReason": "USER_INITIATED",
    "Topics": ["orders"],
    "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": SECRET}],
    "SelfManagedEventSource": {
        "Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k1.example.com:9092", "k2.example.com:9092"]}
    },
    "SelfManagedKafkaEventSourceConfig": {"ConsumerGroupId": UUID},
    "EventSourceMappingArn": ESM_ARN,
    "ResponseMetadata": META,
}
KAFKA_RESULT = {
    "uuid": UUID,
    "arn": ESM_ARN,
    "function_arn": FN_ARN,
    "state": "Enabled",
    "state_transition_reason": "USER_INITIATED",
    "last_processing_result": "No records processed",
    "last_modified": MODIFIED_ISO,
    "enabled": True,
    "batch_size": 100,
    "starting_position": "TRIM_HORIZON",
    "topics": ["orders"],
    "source_access_configuration": [{"type": "BASIC_AUTH", "uri": SECRET}],
    "self_managed_event_source": {
        "endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k1.example.com:9092", "k2.example.com:9092"]}
    },
    "self_managed_kafka_event_source_config": {"consumer_group_id": UUID},
}

MSK_RESPONSE = {
    "UUID": UUID,
    "StartingPosition": "AT_TIMESTAMP",
    "StartingPositionTimestamp": datetime.datetime(
        2024, 1, 31, 7, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
    ),
    "BatchSize": 500,
    "MaximumBatchingWindowInSeconds": 2,
    "EventSourceArn": ARNS["msk"],
    "FunctionArn": FN_ARN + ":live",
    "State": "Disabling",
    "StateTransitionReason": "USER_INITIATED",
    "Topics": ["orders"],
    "SourceAccessConfigurations": [{"Type": "CLIENT_CERTIFICATE_TLS_AUTH", "URI": SECRET}],
    "AmazonManagedKafkaEventSourceConfig": {
        "ConsumerGroupId": "orders-consumers",
        "SchemaRegistryConfig": {
            "SchemaRegistryURI": REGISTRY,
            "EventRecordFormat": "JSON",
            "AccessConfigs": [{"Type": "BASIC_AUTH", "URI": SECRET}],
            "SchemaValidationConfigs": [{"Attribute": "VALUE"}],
        },
    },
    "ProvisionedPollerConfig": {"MinimumPollers": 1, "MaximumPollers": 200, "PollerGroupName": ""},
    "LoggingConfig": {"SystemLogLevel": "WARN"},
    "MetricsConfig": {"Metrics": ["EventCount", "KafkaMetrics"]},
    "DestinationConfig": {"OnFailure": {"Destination": "kafka://failures"}},
    "EventSourceMappingArn": ESM_ARN,
}
MSK_RESULT = {
    "uuid": UUID,
    "arn": ESM_ARN,
    "function_arn": FN_ARN + ":live",
    "state": "Disabling",
    "state_transition_reason": "USER_INITIATED",
    "enabled": False,
    "event_source_arn": ARNS["msk"],
    "batch_size": 500,
    "maximum_batching_window_in_seconds": 2,
    "starting_position": "AT_TIMESTAMP",
    "starting_position_timestamp": "2024-01-31T12:00:00+00:00",
    "topics": ["orders"],
    "source_access_configuration": [{"type": "CLIENT_CERTIFICATE_TLS_AUTH", "uri": SECRET}],
    "amazon_managed_kafka_event_source_config": {
        "consumer_group_id": "orders-consumers",
        "schema_registry_config": {
            "schema_registry_uri": REGISTRY,
            "event_record_format": "JSON",
            "access_config": [{"type": "BASIC_AUTH", "uri": SECRET}],
            "schema_validation_config": [{"attribute": "VALUE"}],
        },
    },
    "provisioned_poller_config": {"minimum_pollers": 1, "maximum_pollers": 200},
    "logging_config": {"system_log_level": "WARN"},
    "metrics_config": {"metrics": ["EventCount", "KafkaMetrics"]},
    "destination_config": {"on_failure": {"destination_arn": "kafka://failures"}},
}

MQ_RESPONSE = dict(
    HELD["mq"],
    UUID=UUID,
    FunctionArn=FN_ARN,
    State="Updating",
    StateTransitionReason="USER_INITIATED",
    FilterCriteria={"Filters": []},
    MetricsConfig={"Metrics": []},
    KMSKeyArn="",
    ScalingConfig={},
    EventSourceMappingArn=ESM_ARN,
)
MQ_RESULT = {
    "uuid": UUID,
    "arn": ESM_ARN,
    "function_arn": FN_ARN,
    "state": "Updating",
    "state_transition_reason": "USER_INITIATED",
    "event_source_arn": ARNS["mq"],
    "batch_size": 100,
    "queues": ["orders"],
    "source_access_configuration": [{"type": "BASIC_AUTH", "uri": SECRET}, {"type": "VIRTUAL_HOST", "uri": "/prod"}],
}

DOCDB_RESPONSE = dict(
    HELD["documentdb"],
    UUID=UUID,
    FunctionArn=FN_ARN,
    State="Enabling",
    DocumentDBEventSourceConfig={"DatabaseName": "shop", "CollectionName": "orders", "FullDocument": "Default"},
    EventSourceMappingArn=ESM_ARN,
)
DOCDB_RESULT = {
    "uuid": UUID,
    "arn": ESM_ARN,
    "function_arn": FN_ARN,
    "state": "Enabling",
    "enabled": True,
    "event_source_arn": ARNS["documentdb"],
    "batch_size": 100,
    "starting_position": "LATEST",
    "source_access_configuration": [{"type": "BASIC_AUTH", "uri": SECRET}],
    "document_db_event_source_config": {
        "database_name": "shop",
        "collection_name": "orders",
        "full_document": "Default",
    },
}

RESPONSES = [
    ("sqs", SQS_RESPONSE, SQS_RESULT),
    ("kinesis", KINESIS_RESPONSE, KINESIS_RESULT),
    ("dynamodb", DDB_RESPONSE, DDB_RESULT),
    ("kafka", KAFKA_RESPONSE, KAFKA_RESULT),
    ("msk", MSK_RESPONSE, MSK_RESULT),
    ("mq", MQ_RESPONSE, MQ_RESULT),
    ("documentdb", DOCDB_RESPONSE, DOCDB_RESULT),
]


# --- normalise ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, response, expected", RESPONSES, ids=[r[0] for r in RESPONSES])
def test_normalise(kind, response, expected):
    assert translate.normalise(response) == expected


def _keys(value, path=""):
    if isinstance(value, dict):
        for key, sub in value.items():
            yield path + "." + key, key
            yield from _keys(sub, path + "." + key)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, path + "[]")


@pytest.mark.parametrize("kind, response, expected", RESPONSES, ids=[r[0] for r in RESPONSES])
def test_normalise_has_no_raw_api_keys(kind, response, expected):
    result = translate.normalise(response, tags={"Cost Center": "Orders"})
    for path, key in _keys(result):
        if path.startswith(".tags."):
            continue
        # KAFKA_BOOTSTRAP_SERVERS is the option's own (and the API's) name.
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key) or key == "KAFKA_BOOTSTRAP_SERVERS", path
    assert "response_metadata" not in result


@pytest.mark.parametrize(
    "state, enabled",
    [
        ("Enabled", True),
        ("Enabling", True),
        ("Creating", True),
        ("Disabled", False),
        ("Disabling", False),
        ("Updating", None),
        ("Deleting", None),
    ],
)
def test_enabled_comes_from_state(state, enabled):
    result = translate.normalise(dict(SQS_RESPONSE, State=state))
    assert result["state"] == state
    assert result.get("enabled", "absent") == ("absent" if enabled is None else enabled)


@pytest.mark.parametrize(
    "destination",
    [{"OnFailure": {}}, {"OnFailure": {"Destination": ""}}, {}, {"OnFailure": {"Destination": None}}],
)
def test_no_destination_has_one_form(destination):
    assert "destination_config" not in translate.normalise(dict(KINESIS_RESPONSE, DestinationConfig=destination))


@pytest.mark.parametrize("empty", [{}, {"Filters": []}, None])
def test_no_filters_has_one_form(empty):
    assert "filter_criteria" not in translate.normalise(dict(SQS_RESPONSE, FilterCriteria=empty))


def test_normalise_nothing():
    assert translate.normalise(None) == {}
    assert translate.normalise({}) == {}
    assert translate.normalise(None, tags={"a": "b"}) == {}


def test_tags_only_when_passed():
    assert "tags" not in translate.normalise(SQS_RESPONSE)
    assert translate.normalise(SQS_RESPONSE, tags={})["tags"] == {}
    tags = {"Cost Center": "Orders", "CamelCase": "Yes", "aws:cloudformation:stack-name": "s"}
    result = translate.normalise(SQS_RESPONSE, tags=tags)
    assert result["tags"] == tags
    assert result["tags"] is not tags


def test_timestamps_are_iso8601_utc():
    result = translate.normalise(
        dict(SQS_RESPONSE, LastModified=datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc))
    )
    assert result["last_modified"] == "2024-01-31T12:00:00+00:00"
    assert (
        datetime.datetime.fromisoformat(translate.normalise(MSK_RESPONSE)["starting_position_timestamp"])
        == MSK_RESPONSE["StartingPositionTimestamp"]
    )


def test_filter_criteria_error_is_reported():
    response = dict(
        SQS_RESPONSE,
        FilterCriteria=None,
        FilterCriteriaError={"ErrorCode": "KMSAccessDeniedException", "Message": "denied"},
    )
    result = translate.normalise(response)
    assert result["filter_criteria_error"] == {"error_code": "KMSAccessDeniedException", "message": "denied"}
    assert "filter_criteria" not in result


def test_normalise_does_not_touch_its_input():
    response = dict(KINESIS_RESPONSE)
    translate.normalise(response, tags={"a": "b"})
    assert response == KINESIS_RESPONSE


# --- create parameters ---------------------------------------------------------------------------------------


def test_create_params_leave_out_clears_and_unset_options():
    desired = {
        "function_name": "order-processor",
        "event_source_arn": SQS_ARN,
        "batch_size": None,
        "filter_criteria": {"filter": []},
        "destination_config": {},
        "kms_key_arn": "",
        "function_response_types": [],
        "scaling_config": {"maximum_concurrency": None},
        "metrics_config": {"metrics": []},
        "source_access_configuration": [],
        "provisioned_poller_config": {},
    }
    assert translate.create_params(desired) == {"FunctionName": "order-processor", "EventSourceArn": SQS_ARN}


@pytest.mark.parametrize(
    "values, expected",
    [
        # Patterns: the user's own string is sent; a mapping as compact JSON.
        (
            {"filter_criteria": {"filter": [{"pattern": '{ "body" : { "b": [1], "a" : [ "x" ] } }'}]}},
            {"FilterCriteria": {"Filters": [{"Pattern": '{ "body" : { "b": [1], "a" : [ "x" ] } }'}]}},
        ),
        (
            {"filter_criteria": {"filter": [{"pattern": {"body": {"b": [1], "a": ["x"]}}}, {"pattern": '{"a":[2]}'}]}},
            {"FilterCriteria": {"Filters": [{"Pattern": '{"body":{"b":[1],"a":["x"]}}'}, {"Pattern": '{"a":[2]}'}]}},
        ),
        # Bootstrap servers: a comma-separated string or a list -> a list.
        (
            {
                "self_managed_event_source": {
                    "endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k1.example.com:9092, k2.example.com:9092,"}
                }
            },
            {
                "SelfManagedEventSource": {
                    "Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k1.example.com:9092", "k2.example.com:9092"]}
                }
            },
        ),
        (
            {"self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k1.example.com:9092"]}}},
            {"SelfManagedEventSource": {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k1.example.com:9092"]}}},
        ),
        ({"enabled": False, "batch_size": 5}, {"Enabled": False, "BatchSize": 5}),
        (
            {"bisect_batch_on_function_error": False, "tumbling_window_in_seconds": 0},
            {"BisectBatchOnFunctionError": False, "TumblingWindowInSeconds": 0},
        ),
        (
            {"destination_config": {"on_failure": {"destination_arn": DLQ}}},
            {"DestinationConfig": {"OnFailure": {"Destination": DLQ}}},
        ),
        (
            {"provisioned_poller_config": {"minimum_pollers": 2, "maximum_pollers": None, "poller_group_name": None}},
            {"ProvisionedPollerConfig": {"MinimumPollers": 2}},
        ),
        (
            {
                "source_access_configuration": [
                    {"type": "BASIC_AUTH", "uri": SECRET},
                    {"type": "VIRTUAL_HOST", "uri": "/prod"},
                ]
            },
            {
                "SourceAccessConfigurations": [
                    {"Type": "BASIC_AUTH", "URI": SECRET},
                    {"Type": "VIRTUAL_HOST", "URI": "/prod"},
                ]
            },
        ),
        (
            {
                "self_managed_kafka_event_source_config": {
                    "consumer_group_id": "orders",
                    "schema_registry_config": {
                        "schema_registry_uri": REGISTRY,
                        "event_record_format": "SOURCE",
                        "access_config": [{"type": "BASIC_AUTH", "uri": SECRET}],
                        "schema_validation_config": [{"attribute": "KEY"}],
                    },
                }
            },
            {
                "SelfManagedKafkaEventSourceConfig": {
                    "ConsumerGroupId": "orders",
                    "SchemaRegistryConfig": {
                        "SchemaRegistryURI": REGISTRY,
                        "EventRecordFormat": "SOURCE",
                        "AccessConfigs": [{"Type": "BASIC_AUTH", "URI": SECRET}],
                        "SchemaValidationConfigs": [{"Attribute": "KEY"}],
                    },
                }
            },
        ),
        ({"topics": ["orders"], "starting_position": "LATEST"}, {"Topics": ["orders"], "StartingPosition": "LATEST"}),
        (
            {"kms_key_arn": KMS, "metrics_config": {"metrics": ["EventCount"]}},
            {"KMSKeyArn": KMS, "MetricsConfig": {"Metrics": ["EventCount"]}},
        ),
        ({"logging_config": {"system_log_level": "DEBUG"}}, {"LoggingConfig": {"SystemLogLevel": "DEBUG"}}),
        (
            {
                "document_db_event_source_config": {
                    "database_name": "shop",
                    "collection_name": None,
                    "full_document": "UpdateLookup",
                }
            },
            {"DocumentDBEventSourceConfig": {"DatabaseName": "shop", "FullDocument": "UpdateLookup"}},
        ),
    ],
)
def test_create_params(values, expected):
    assert translate.create_params(dict(values, function_name="fn:live")) == dict(expected, FunctionName="fn:live")


@pytest.mark.parametrize(
    "text, instant",
    [
        ("2024-01-31T12:00:00Z", datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)),
        ("2024-01-31T07:00:00-05:00", datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)),
        ("2024-01-31T13:30:00.5+01:30", datetime.datetime(2024, 1, 31, 12, 0, 0, 500000, tzinfo=datetime.timezone.utc)),
    ],
)
def test_create_params_timestamp_is_a_datetime(text, instant):
    params = translate.create_params(
        {"function_name": "fn", "starting_position": "AT_TIMESTAMP", "starting_position_timestamp": text}
    )
    assert isinstance(params["StartingPositionTimestamp"], datetime.datetime)
    assert params["StartingPositionTimestamp"] == instant
    assert params["StartingPositionTimestamp"].tzinfo is not None


# --- update values ---------------------------------------------------------------------------------------


CLEARS = [
    ("destination_config", {}, {"OnFailure": {"Destination": ""}}),
    ("destination_config", {"on_failure": {}}, {"OnFailure": {"Destination": ""}}),
    ("destination_config", {"on_failure": {"destination_arn": ""}}, {"OnFailure": {"Destination": ""}}),
    ("destination_config", {"on_failure": None}, {"OnFailure": {"Destination": ""}}),
    ("filter_criteria", {}, {}),
    ("filter_criteria", {"filter": []}, {}),
    ("function_response_types", [], []),
    ("kms_key_arn", "", ""),
    ("metrics_config", {}, {"Metrics": []}),
    ("metrics_config", {"metrics": []}, {"Metrics": []}),
    ("provisioned_poller_config", {}, {}),
    ("provisioned_poller_config", {"minimum_pollers": None, "maximum_pollers": None, "poller_group_name": None}, {}),
    ("scaling_config", {}, {}),
    ("scaling_config", {"maximum_concurrency": None}, {}),
    ("source_access_configuration", [], []),
]


@pytest.mark.parametrize("option, empty, encoding", CLEARS)
def test_update_value_clears(option, empty, encoding):
    assert translate.update_value(option, empty, {"anything": "held"}) == encoding


def test_every_clearable_option_has_a_clear_encoding():
    # The list of what can be cleared (Updates bullet), plus kms_key_arn and function_response_types.
    clearable = {f.name for f in options.FIELDS if f.clear is not None}
    assert clearable == {option for option, _unused, _unused in CLEARS}


@pytest.mark.parametrize(
    "option, desired, current, expected",
    [
        ("batch_size", 5, 10, 5),
        ("enabled", False, True, False),
        ("kms_key_arn", KMS, None, KMS),
        ("function_response_types", ["ReportBatchItemFailures"], None, ["ReportBatchItemFailures"]),
        # Struct merging: the task's keys over what AWS holds.
        (
            "provisioned_poller_config",
            {"maximum_pollers": 300, "minimum_pollers": None},
            {"minimum_pollers": 1, "maximum_pollers": 200, "poller_group_name": "orders"},
            {"MinimumPollers": 1, "MaximumPollers": 300, "PollerGroupName": "orders"},
        ),
        (
            "document_db_event_source_config",
            {"full_document": "UpdateLookup"},
            {"database_name": "shop", "collection_name": "orders", "full_document": "Default"},
            # docs/aws-behaviour.md §2: an Update that carries the database or collection is refused
            # (aws/aws-cli#7756); they are create-only, so a full_document change sends FullDocument alone.
            {"FullDocument": "UpdateLookup"},
        ),
        ("destination_config", {"on_failure": {"destination_arn": DLQ}}, None, {"OnFailure": {"Destination": DLQ}}),
        (
            "destination_config",
            {"on_failure": {"destination_arn": DLQ}},
            {"on_failure": {"destination_arn": "arn:aws:sns:us-east-1:123456789012:old"}},
            {"OnFailure": {"Destination": DLQ}},
        ),
        (
            "amazon_managed_kafka_event_source_config",
            {"schema_registry_config": {"event_record_format": "SOURCE"}},
            {
                "consumer_group_id": "orders",
                "schema_registry_config": {"schema_registry_uri": REGISTRY, "event_record_format": "JSON"},
            },
            # The consumer group id can only be set at creation, so an update never sends it (docs/aws-behaviour.md §2).
            {"SchemaRegistryConfig": {"SchemaRegistryURI": REGISTRY, "EventRecordFormat": "SOURCE"}},
        ),
        ("scaling_config", {"maximum_concurrency": 50}, {"maximum_concurrency": 5}, {"MaximumConcurrency": 50}),
        (
            "filter_criteria",
            {"filter": [{"pattern": {"body": {"a": ["x"]}}}]},
            {"filter": [{"pattern": '{"old": [1]}'}]},
            {"Filters": [{"Pattern": '{"body":{"a":["x"]}}'}]},
        ),
        # docs/aws-behaviour.md §2: VIRTUAL_HOST cannot be sent in an update.
        (
            "source_access_configuration",
            [{"type": "BASIC_AUTH", "uri": SECRET}, {"type": "VIRTUAL_HOST", "uri": "/prod"}],
            [{"type": "BASIC_AUTH", "uri": "old"}, {"type": "VIRTUAL_HOST", "uri": "/prod"}],
            [{"Type": "BASIC_AUTH", "URI": SECRET}],
        ),
    ],
)
def test_update_value(option, desired, current, expected):
    assert translate.update_value(option, desired, current) == expected


def test_update_value_does_not_change_what_aws_holds():
    current = {"minimum_pollers": 1, "maximum_pollers": 200}
    translate.update_value("provisioned_poller_config", {"maximum_pollers": 300}, current)
    assert current == {"minimum_pollers": 1, "maximum_pollers": 200}


@pytest.mark.parametrize(
    ("option", "desired", "current", "expected"),
    [
        ("batch_size", 5, 10, 5),
        ("enabled", False, True, False),
        # A cleared block or list is no longer reported.
        ("scaling_config", {}, {"maximum_concurrency": 5}, None),
        ("function_response_types", [], ["ReportBatchItemFailures"], None),
        ("destination_config", {}, {"on_failure": {"destination_arn": DLQ}}, None),
        # A block keeps the keys the task leaves out; create-only keys keep what AWS holds.
        (
            "amazon_managed_kafka_event_source_config",
            {"schema_registry_config": {"schema_registry_uri": REGISTRY}},
            {"consumer_group_id": "group-1"},
            {"consumer_group_id": "group-1", "schema_registry_config": {"schema_registry_uri": REGISTRY}},
        ),
        # Reported as AWS reports it: a timestamp in UTC, servers as a list.
        ("starting_position_timestamp", "2024-01-31T14:00:00+02:00", None, "2024-01-31T12:00:00+00:00"),
        (
            "self_managed_event_source",
            {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "b1:9092, b2:9092"}},
            None,
            {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["b1:9092", "b2:9092"]}},
        ),
    ],
)
def test_predicted_value(option, desired, current, expected):
    assert translate.predicted_value(option, desired, current) == expected


# --- exact comparison -------------------------------------------------------------------------------------------

HELD = {
    "enabled": True,
    "batch_size": 10,
    "bisect_batch_on_function_error": False,
    "maximum_batching_window_in_seconds": 0,
    "filter_criteria": {
        "filter": [{"pattern": '{ "body" : { "a" : ["x"], "b" : [1] } }'}, {"pattern": '{"c": [true]}'}]
    },
    "function_response_types": ["ReportBatchItemFailures"],
    "metrics_config": {"metrics": ["EventCount", "ErrorCount"]},
    "topics": ["orders"],
    "source_access_configuration": [
        {"type": "BASIC_AUTH", "uri": SECRET},
        {"type": "VPC_SUBNET", "uri": "subnet:subnet-1"},
    ],
    "self_managed_event_source": {
        "endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k1.example.com:9092", "k2.example.com:9092"]}
    },
    "starting_position_timestamp": "2024-01-31T12:00:00+00:00",
    "document_db_event_source_config": {"database_name": "shop", "full_document": "Default"},
    "provisioned_poller_config": {"minimum_pollers": 1, "maximum_pollers": 200},
}


@pytest.mark.parametrize(
    "desired, changed",
    [
        ({}, []),
        (
            {
                "batch_size": 10,
                "enabled": True,
                "bisect_batch_on_function_error": False,
                "maximum_batching_window_in_seconds": 0,
            },
            [],
        ),
        ({"batch_size": 11}, ["batch_size"]),
        ({"enabled": False}, ["enabled"]),
        ({"bisect_batch_on_function_error": True}, ["bisect_batch_on_function_error"]),
        ({"maximum_batching_window_in_seconds": 1}, ["maximum_batching_window_in_seconds"]),
        # Patterns as parsed JSON: key order, spacing, mapping-vs-string do not matter; filters as a multiset.
        (
            {"filter_criteria": {"filter": [{"pattern": '{"c":[true]}'}, {"pattern": '{"body":{"b":[1],"a":["x"]}}'}]}},
            [],
        ),
        (
            {
                "filter_criteria": {
                    "filter": [{"pattern": {"c": [True]}}, {"pattern": {"body": {"a": ["x"], "b": [1]}}}]
                }
            },
            [],
        ),
        (
            {
                "filter_criteria": {
                    "filter": [{"pattern": '{"c": [false]}'}, {"pattern": '{"body":{"b":[1],"a":["x"]}}'}]
                }
            },
            ["filter_criteria"],
        ),
        (
            {
                "filter_criteria": {
                    "filter": [{"pattern": '{"body":{"b":[1.0],"a":["x"]}}'}, {"pattern": '{"c": [true]}'}]
                }
            },
            ["filter_criteria"],
        ),
        ({"filter_criteria": {"filter": [{"pattern": '{"c": [true]}'}]}}, ["filter_criteria"]),
        (
            {"filter_criteria": {"filter": [{"pattern": '{"c": [true]}'}, {"pattern": '{"c": [true]}'}]}},
            ["filter_criteria"],
        ),
        ({"filter_criteria": {"filter": []}}, ["filter_criteria"]),
        # Sets.
        ({"function_response_types": ["ReportBatchItemFailures"]}, []),
        ({"function_response_types": []}, ["function_response_types"]),
        ({"metrics_config": {"metrics": ["ErrorCount", "EventCount"]}}, []),
        ({"metrics_config": {"metrics": ["EventCount"]}}, ["metrics_config"]),
        ({"topics": ["orders"]}, []),
        ({"topics": ["returns"]}, ["topics"]),
        (
            {
                "source_access_configuration": [
                    {"type": "VPC_SUBNET", "uri": "subnet:subnet-1"},
                    {"type": "BASIC_AUTH", "uri": SECRET},
                ]
            },
            [],
        ),
        (
            {
                "source_access_configuration": [
                    {"type": "VPC_SUBNET", "uri": "subnet:subnet-2"},
                    {"type": "BASIC_AUTH", "uri": SECRET},
                ]
            },
            ["source_access_configuration"],
        ),
        (
            {
                "self_managed_event_source": {
                    "endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k2.example.com:9092, k1.example.com:9092"}
                }
            },
            [],
        ),
        (
            {
                "self_managed_event_source": {
                    "endpoints": {
                        "KAFKA_BOOTSTRAP_SERVERS": ["k2.example.com:9092", "k1.example.com:9092", "k1.example.com:9092"]
                    }
                }
            },
            [],
        ),
        (
            {"self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k1.example.com:9092"}}},
            ["self_managed_event_source"],
        ),
        # Timestamps as instants.
        ({"starting_position_timestamp": "2024-01-31T12:00:00Z"}, []),
        ({"starting_position_timestamp": "2024-01-31T07:00:00-05:00"}, []),
        ({"starting_position_timestamp": "2024-01-31T12:00:01Z"}, ["starting_position_timestamp"]),
        # Unset members of a block are not compared; set ones are.
        ({"document_db_event_source_config": {"database_name": "shop", "collection_name": None}}, []),
        ({"document_db_event_source_config": {"full_document": "UpdateLookup"}}, ["document_db_event_source_config"]),
        ({"provisioned_poller_config": {"maximum_pollers": 200}}, []),
        ({"provisioned_poller_config": {"maximum_pollers": 300}}, ["provisioned_poller_config"]),
        # Not held: any set value differs, a clear does not.
        ({"scaling_config": {"maximum_concurrency": 2}}, ["scaling_config"]),
        ({"scaling_config": {}}, []),
        ({"destination_config": {}}, []),
        ({"destination_config": {"on_failure": {"destination_arn": ""}}}, []),
        ({"kms_key_arn": ""}, []),
        ({"kms_key_arn": KMS}, ["kms_key_arn"]),
        ({"parallelization_factor": 1}, ["parallelization_factor"]),
        # Held: a clear differs.
        ({"provisioned_poller_config": {}}, ["provisioned_poller_config"]),
        ({"metrics_config": {}}, ["metrics_config"]),
        ({"source_access_configuration": []}, ["source_access_configuration"]),
        ({"batch_size": 10, "topics": ["returns"], "enabled": False}, ["enabled", "topics"]),
    ],
)
def test_diff_names(desired, changed):
    assert sorted(translate.diff_names(desired, HELD)) == sorted(changed)


def test_diff_names_enabled_unknown_while_updating():
    # An Updating mapping reports no enabled state, so any requested state counts as a change.
    held = translate.normalise(dict(SQS_RESPONSE, State="Updating"))
    assert translate.diff_names({"enabled": True}, held) == ["enabled"]
    assert translate.diff_names({"batch_size": 10}, held) == []


def test_diff_names_against_a_normalised_stream_response():
    desired = {
        "batch_size": 100,
        "destination_config": {},
        "function_response_types": [],
        "maximum_record_age_in_seconds": -1,
        "maximum_retry_attempts": -1,
        "starting_position": "LATEST",
        "filter_criteria": {},
        "tumbling_window_in_seconds": 0,
    }
    assert translate.diff_names(desired, translate.normalise(KINESIS_RESPONSE)) == []
    assert translate.diff_names(
        dict(desired, destination_config={"on_failure": {"destination_arn": DLQ}}),
        translate.normalise(KINESIS_RESPONSE),
    ) == ["destination_config"]


def test_trimmed_keeps_what_differs_from_aws_defaults_and_the_checked_keys():
    kafka = translate.normalise(
        {
            "UUID": UUID,
            "EventSourceMappingArn": ESM_ARN,
            "FunctionArn": FN_ARN,
            "State": "Enabled",
            "StateTransitionReason": "USER_INITIATED",
            "LastModified": datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc),
            "LastProcessingResult": "OK",
            **builders.HELD["kafka"],
            "BatchSize": 500,
        },
        {"team": "orders"},
    )
    assert kafka["self_managed_kafka_event_source_config"] == {"consumer_group_id": UUID}
    lean = translate.trimmed(kafka)
    # Output-only keys but the two the set module checks, and the consumer group AWS generated, are left out.
    assert lean == {
        key: kafka[key]
        for key in (
            "uuid",
            "function_arn",
            "enabled",
            "batch_size",
            "starting_position",
            "topics",
            "self_managed_event_source",
            "source_access_configuration",
            "tags",
        )
    }
    stream = translate.normalise(dict(STREAM_DEFAULTS, UUID=UUID, EventSourceArn=KINESIS_ARN, ParallelizationFactor=4))
    assert translate.trimmed(stream) == {
        "uuid": UUID,
        "event_source_arn": KINESIS_ARN,
        "starting_position": "LATEST",
        "parallelization_factor": 4,
    }
    # Nested defaults go key by key (DocumentDB's full_document), a chosen consumer group stays.
    docdb = translate.normalise(dict(builders.HELD["documentdb"], UUID=UUID))
    assert translate.trimmed(docdb)["document_db_event_source_config"] == {"database_name": "shop"}
    msk = translate.normalise(
        dict(builders.HELD["msk"], UUID=UUID, AmazonManagedKafkaEventSourceConfig={"ConsumerGroupId": "g"})
    )
    assert translate.trimmed(msk)["amazon_managed_kafka_event_source_config"] == {"consumer_group_id": "g"}
