"""validate(): every rule of "Validation before any AWS call", each failure naming the option."""

from __future__ import annotations

import copy
import datetime
import json

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import identity, options, validate
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import ValidationError
from tests.support.builders import ARNS, DLQ, FIFO_ARN, KINDS, KMS, SECRET, UUID
from tests.support.builders import task as base

PAST = "2024-01-31T12:00:00Z"

# How AWS names the kinds in messages (the test's own words, not the code's table).
KIND_WORDS = {
    "sqs": "SQS",
    "kinesis": "Kinesis",
    "dynamodb": "DynamoDB",
    "msk": "MSK",
    "kafka": "self-managed Kafka",
    "mq": "Amazon MQ",
    "documentdb": "DocumentDB",
}


def fails(params, option):
    """validate(params) raises ValidationError for ``option``, and the message names it."""
    with pytest.raises(ValidationError) as info:
        validate.validate(params)
    exc = info.value
    assert exc.option == option, exc.msg
    assert option in exc.msg
    assert exc.result()["option"] == option
    assert exc.result()["msg"] == exc.msg
    return exc


def without(params, *keys):
    params = copy.deepcopy(params)
    for key in keys:
        params.pop(key, None)
    return params


# --- the valid tasks themselves -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_complete_task_passes_and_gets_its_kind(kind):
    params = base(kind)
    desired = validate.validate(params)
    assert desired.kind == kind
    assert desired.values == {k: v for k, v in params.items() if k not in ("function_name", "state")}
    assert desired.function.name == "order-processor"


def test_fifo_queue_is_recognised():
    validate.validate(base("sqs", event_source_arn=FIFO_ARN, batch_size=10))
    fails(base("sqs", event_source_arn=FIFO_ARN, batch_size=11), "batch_size")


def test_unset_options_are_not_in_values():
    params = dict(base("sqs"), batch_size=None, filter_criteria=None, tags=None, enabled=False)
    desired = validate.validate(params)
    assert desired.values == {"event_source_arn": ARNS["sqs"], "enabled": False}
    assert desired.tags is None
    assert (desired.purge_tags, desired.wait, desired.wait_timeout, desired.allow_replacement) == (
        True,
        True,
        600,
        False,
    )


# --- numeric ranges ------------------------------------------------------------------------------------


def _set(params, path, value):
    if len(path) == 1:
        params[path[0]] = value
    else:
        params[path[0]] = {path[1]: value}
    return params


RANGE_CASES = [
    # (kind, option path, value, valid)
    ("kinesis", "batch_size", 0, False),
    ("kinesis", "batch_size", 1, True),
    ("kinesis", "batch_size", 10000, True),
    ("kinesis", "batch_size", 10001, False),
    ("sqs", "maximum_batching_window_in_seconds", -1, False),
    ("sqs", "maximum_batching_window_in_seconds", 0, True),
    ("sqs", "maximum_batching_window_in_seconds", 300, True),
    ("sqs", "maximum_batching_window_in_seconds", 301, False),
    ("kinesis", "parallelization_factor", 0, False),
    ("kinesis", "parallelization_factor", 1, True),
    ("kinesis", "parallelization_factor", 10, True),
    ("kinesis", "parallelization_factor", 11, False),
    ("kinesis", "maximum_retry_attempts", -2, False),
    ("kinesis", "maximum_retry_attempts", -1, True),
    ("kinesis", "maximum_retry_attempts", 0, True),
    ("kinesis", "maximum_retry_attempts", 10000, True),
    ("kinesis", "maximum_retry_attempts", 10001, False),
    ("kinesis", "maximum_record_age_in_seconds", -2, False),
    ("kinesis", "maximum_record_age_in_seconds", -1, True),
    ("kinesis", "maximum_record_age_in_seconds", 0, False),
    ("kinesis", "maximum_record_age_in_seconds", 59, False),
    ("kinesis", "maximum_record_age_in_seconds", 60, True),
    ("kinesis", "maximum_record_age_in_seconds", 604800, True),
    ("kinesis", "maximum_record_age_in_seconds", 604801, False),
    ("msk", "maximum_record_age_in_seconds", 59, False),
    ("kinesis", "tumbling_window_in_seconds", -1, False),
    ("kinesis", "tumbling_window_in_seconds", 0, True),
    ("kinesis", "tumbling_window_in_seconds", 900, True),
    ("kinesis", "tumbling_window_in_seconds", 901, False),
    ("sqs", "scaling_config.maximum_concurrency", 1, False),
    ("sqs", "scaling_config.maximum_concurrency", 2, True),
    # The model's range (docs/aws-behaviour.md §2, §4).
    ("sqs", "scaling_config.maximum_concurrency", 1000, True),
    ("sqs", "scaling_config.maximum_concurrency", 1001, False),
    # Poller ranges per kind, as the current botocore model documents them (docs/aws-behaviour.md §13).
    ("msk", "provisioned_poller_config.maximum_pollers", 0, False),
    ("msk", "provisioned_poller_config.maximum_pollers", 1, True),
    ("msk", "provisioned_poller_config.maximum_pollers", 2000, True),
    ("msk", "provisioned_poller_config.maximum_pollers", 2001, False),
    ("kafka", "provisioned_poller_config.maximum_pollers", 2001, False),
    ("msk", "provisioned_poller_config.minimum_pollers", 1, True),
    ("msk", "provisioned_poller_config.minimum_pollers", 201, False),
    ("sqs", "provisioned_poller_config.minimum_pollers", 1, False),
    ("sqs", "provisioned_poller_config.minimum_pollers", 2, True),
    ("sqs", "provisioned_poller_config.minimum_pollers", 200, True),
    ("sqs", "provisioned_poller_config.minimum_pollers", 201, False),
    ("sqs", "provisioned_poller_config.maximum_pollers", 1, False),
    ("sqs", "provisioned_poller_config.maximum_pollers", 10000, True),
    ("sqs", "provisioned_poller_config.maximum_pollers", 10001, False),
]


@pytest.mark.parametrize("kind, option, value, valid", RANGE_CASES)
def test_ranges(kind, option, value, valid):
    params = _set(base(kind), option.split("."), value)
    if valid:
        desired = validate.validate(params)
        assert desired.values == {k: v for k, v in params.items() if k not in ("function_name", "state")}
    else:
        exc = fails(params, option)
        assert option in exc.msg
        assert str(value) in exc.msg


@pytest.mark.parametrize(
    "pollers, valid",
    [
        ({"minimum_pollers": 1, "maximum_pollers": 2}, True),
        ({"minimum_pollers": 4, "maximum_pollers": 4}, True),
        ({"minimum_pollers": 5, "maximum_pollers": 4}, False),
        ({"minimum_pollers": 5, "maximum_pollers": None}, True),
    ],
)
def test_minimum_pollers_not_above_maximum(pollers, valid):
    params = base("msk", provisioned_poller_config=pollers)
    if valid:
        validate.validate(params)
    else:
        exc = fails(params, "provisioned_poller_config.minimum_pollers")
        assert "maximum_pollers" in exc.msg


# --- filter patterns -------------------------------------------------------------------------------------


def _pattern_of_length(length):
    text = '{"k":"' + "x" * (length - len('{"k":""}')) + '"}'
    assert len(text) == length
    return text


def _mapping_of_length(length):
    return {"k": "x" * (length - len('{"k":""}'))}


PATTERN_CASES = [
    # (pattern, valid, words in the message)
    ('{"body": {"Temperature": [{"numeric": [">", 0, "<=", 100]}]}}', True, None),
    ({"body": {"Location": ["New York"]}}, True, None),
    ("{}", True, None),
    ('{"body": ', False, "valid JSON"),
    ("body = x", False, "valid JSON"),
    ('["a"]', False, "JSON object"),
    ('"text"', False, "JSON object"),
    ("null", False, "JSON object"),
    ("42", False, "JSON object"),
    (["a"], False, "JSON string or a mapping"),
    (42, False, "JSON string or a mapping"),
    (None, False, "required"),
    ({"a": {1, 2}}, False, "JSON"),
    (_pattern_of_length(4096), True, None),
    (_pattern_of_length(4097), False, "4096"),
    (_mapping_of_length(4096), True, None),
    (_mapping_of_length(4097), False, "4096"),
]


@pytest.mark.parametrize("pattern, valid, words", PATTERN_CASES)
def test_filter_patterns(pattern, valid, words):
    params = base("sqs", filter_criteria={"filter": [{"pattern": pattern}]})
    if valid:
        validate.validate(params)
    else:
        exc = fails(params, "filter_criteria.filter[0].pattern")
        assert "filter_criteria.filter[0].pattern" in exc.msg
        assert words in exc.msg


def test_filter_pattern_error_names_the_failing_entry():
    params = base("sqs", filter_criteria={"filter": [{"pattern": "{}"}, {"pattern": "not json"}]})
    exc = fails(params, "filter_criteria.filter[1].pattern")
    assert "filter_criteria.filter[1].pattern" in exc.msg


def test_many_filters_are_left_to_the_aws_quota():
    # Filters per mapping is a quota AWS raises on request: no maximum here.
    patterns = [{"pattern": json.dumps({"body": {"n": [n]}})} for n in range(30)]
    validate.validate(base("sqs", filter_criteria={"filter": patterns}))


# --- topics and queues -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, option, value, valid",
    [
        ("msk", "topics", ["orders"], True),
        ("msk", "topics", [], False),
        ("msk", "topics", ["orders", "returns"], False),
        ("kafka", "topics", ["a", "b"], False),
        ("mq", "queues", ["orders"], True),
        ("mq", "queues", [], False),
        ("mq", "queues", ["orders", "returns"], False),
    ],
)
def test_topics_and_queues_hold_exactly_one(kind, option, value, valid):
    params = base(kind, **{option: value})
    if valid:
        validate.validate(params)
    else:
        exc = fails(params, option)
        assert "exactly one" in exc.msg


# --- SQS batch and window rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arn, batch, window, option",
    [
        (FIFO_ARN, 10, None, None),
        (FIFO_ARN, 1, 0, None),
        (FIFO_ARN, 11, None, "batch_size"),
        (FIFO_ARN, 11, 5, "batch_size"),
        (FIFO_ARN, 10000, 20, "batch_size"),
        (FIFO_ARN, None, 1, "maximum_batching_window_in_seconds"),
        (FIFO_ARN, 5, 300, "maximum_batching_window_in_seconds"),
        (ARNS["sqs"], 10, 0, None),
        (ARNS["sqs"], 11, 1, None),
        (ARNS["sqs"], 10000, 300, None),
        (ARNS["sqs"], 11, 0, "maximum_batching_window_in_seconds"),
        (ARNS["sqs"], 10000, 0, "maximum_batching_window_in_seconds"),
        # The window is not set: the rule is checked against what AWS holds (check_against_current).
        (ARNS["sqs"], 11, None, None),
    ],
)
def test_sqs_batch_and_window(arn, batch, window, option):
    params = base("sqs", event_source_arn=arn, batch_size=batch, maximum_batching_window_in_seconds=window)
    if option is None:
        validate.validate(params)
    else:
        exc = fails(params, option)
        assert option in exc.msg
        if arn == FIFO_ARN:
            assert "FIFO" in exc.msg


@pytest.mark.parametrize(
    "batch, window, held_window, valid",
    [
        (11, None, 0, False),
        (11, None, None, False),  # AWS's default window is 0
        (11, None, 5, True),
        (11, 1, 0, True),
        (11, 0, 5, False),
        (10, None, 0, True),
        (None, None, 0, True),
        (10000, None, 300, True),
    ],
)
def test_sqs_batch_above_10_against_what_aws_holds(batch, window, held_window, valid):
    desired = validate.validate({"uuid": UUID, "batch_size": batch, "maximum_batching_window_in_seconds": window})
    held = {"batch_size": 10, "event_source_arn": ARNS["sqs"]}
    if held_window is not None:
        held["maximum_batching_window_in_seconds"] = held_window
    if valid:
        validate.check_against_current(desired, "sqs", held)
    else:
        with pytest.raises(ValidationError) as info:
            validate.check_against_current(desired, "sqs", held)
        assert info.value.option == "maximum_batching_window_in_seconds"
        assert "maximum_batching_window_in_seconds" in info.value.msg
        assert str(batch) in info.value.msg


def test_sqs_batch_rule_with_nothing_held():
    desired = validate.validate(base("sqs", batch_size=50))
    with pytest.raises(ValidationError) as info:
        validate.check_against_current(desired, "sqs", None)
    assert info.value.option == "maximum_batching_window_in_seconds"


@pytest.mark.parametrize("kind", ["kinesis", "dynamodb", "msk", "mq"])
def test_batch_above_10_with_window_0_is_only_an_sqs_rule(kind):
    desired = validate.validate(dict(base(kind), batch_size=100, maximum_batching_window_in_seconds=0))
    validate.check_against_current(desired, kind, {"maximum_batching_window_in_seconds": 0})


def test_fifo_rule_for_a_mapping_addressed_by_uuid():
    desired = validate.validate({"uuid": UUID, "batch_size": 11, "maximum_batching_window_in_seconds": 5})
    # The queue, and so FIFO, is known only from what AWS holds.
    validate.check_against_current(desired, "sqs", {"event_source_arn": ARNS["sqs"]})
    with pytest.raises(ValidationError) as info:
        validate.check_against_current(desired, "sqs", {"event_source_arn": FIFO_ARN})
    assert info.value.option == "batch_size"


@pytest.mark.parametrize(
    "kind, option, value",
    [
        ("sqs", "parallelization_factor", 2),
        ("kinesis", "scaling_config", {"maximum_concurrency": 5}),
        ("mq", "topics", ["orders"]),
        ("documentdb", "filter_criteria", {"filter": [{"pattern": "{}"}]}),
    ],
)
def test_kind_rules_for_a_mapping_addressed_by_uuid(kind, option, value):
    # Without a source the kind is only known from what AWS holds; the option is then checked against it.
    desired = validate.validate({"uuid": UUID, option: value})
    assert desired.kind is None
    with pytest.raises(ValidationError) as info:
        validate.check_against_current(desired, kind, {})
    assert info.value.option == option
    assert option in info.value.msg and KIND_WORDS[kind] in info.value.msg


# --- starting position ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["kinesis", "dynamodb", "msk", "kafka"])
def test_starting_position_required_only_when_this_run_creates(kind):
    # validate() passes: the mapping may exist, and changing it needs no starting position.
    desired = validate.validate(without(base(kind), "starting_position"))
    exc = creating_fails(desired, kind, "starting_position")
    assert KIND_WORDS[kind] in exc.msg
    validate.check_create(validate.validate(base(kind)), kind)


def creating_fails(desired, kind, option):
    """check_create (after the read: nothing is held) raises for ``option``, saying that no mapping exists."""
    with pytest.raises(ValidationError) as info:
        validate.check_create(desired, kind)
    assert info.value.option == option
    assert option in info.value.msg
    assert "no event source mapping exists for function 'order-processor'" in info.value.msg
    return info.value


@pytest.mark.parametrize("kind", ["kinesis", "dynamodb", "msk", "kafka"])
def test_starting_position_not_required_when_nothing_is_created(kind):
    validate.validate(dict(without(base(kind), "starting_position"), state="absent"))
    validate.validate(dict(without(base(kind), "starting_position", "function_name"), uuid=UUID))


@pytest.mark.parametrize("kind", ["sqs", "mq"])
@pytest.mark.parametrize("state", ["present", "absent"])
def test_starting_position_rejected_for_sqs_and_mq(kind, state):
    exc = fails(base(kind, starting_position="LATEST", state=state), "starting_position")
    assert KIND_WORDS[kind] in exc.msg


@pytest.mark.parametrize("kind", ["kinesis", "msk", "kafka", "documentdb"])
def test_at_timestamp_with_a_timestamp(kind):
    desired = validate.validate(base(kind, starting_position="AT_TIMESTAMP", starting_position_timestamp=PAST))
    assert desired.values["starting_position_timestamp"] == PAST


@pytest.mark.parametrize("kind", ["kinesis", "msk", "kafka"])
def test_at_timestamp_needs_a_timestamp(kind):
    exc = fails(base(kind, starting_position="AT_TIMESTAMP"), "starting_position_timestamp")
    assert "AT_TIMESTAMP" in exc.msg


def test_at_timestamp_rejected_for_dynamodb():
    exc = fails(
        base("dynamodb", starting_position="AT_TIMESTAMP", starting_position_timestamp=PAST), "starting_position"
    )
    assert "DynamoDB" in exc.msg and "AT_TIMESTAMP" in exc.msg


@pytest.mark.parametrize("position", ["LATEST", "TRIM_HORIZON"])
def test_timestamp_without_at_timestamp(position):
    exc = fails(
        base("kinesis", starting_position=position, starting_position_timestamp=PAST), "starting_position_timestamp"
    )
    assert "AT_TIMESTAMP" in exc.msg


@pytest.mark.parametrize(
    "timestamp",
    [
        "yesterday",
        "",
        "31/01/2024 12:00",
        "2024-13-01T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2024-01-31T25:00:00Z",
        "2024-01-31T12:00:00+25:00",
        "1706702400",
        # An offset is required, and the forms some Python versions accept are not RFC 3339.
        "2024-01-31T12:00:00",
        "2024-01-31",
        "2024-01-31 12:00:00Z",
        "2024-01-31T12:00Z",
        "20240131T120000Z",
        "2024-01-31T12:00:00+0200",
    ],
)
def test_timestamp_must_be_rfc3339(timestamp):
    exc = fails(
        base("kinesis", starting_position="AT_TIMESTAMP", starting_position_timestamp=timestamp),
        "starting_position_timestamp",
    )
    assert "RFC 3339" in exc.msg


@pytest.mark.parametrize(
    "timestamp",
    [
        "2024-01-31T12:00:00Z",
        "2024-01-31T12:00:00z",
        "2024-01-31T12:00:00+01:00",
        "2024-01-31T12:00:00.123456Z",
        "2024-01-31T12:00:00.1-05:00",
    ],
)
def test_rfc3339_timestamps_accepted(timestamp):
    validate.validate(base("kinesis", starting_position="AT_TIMESTAMP", starting_position_timestamp=timestamp))


@pytest.mark.parametrize("ahead", [datetime.timedelta(days=1), datetime.timedelta(days=3650)])
def test_timestamp_must_not_be_in_the_future(ahead):
    future = (datetime.datetime.now(datetime.timezone.utc) + ahead).strftime("%Y-%m-%dT%H:%M:%SZ")
    exc = fails(
        base("kinesis", starting_position="AT_TIMESTAMP", starting_position_timestamp=future),
        "starting_position_timestamp",
    )
    assert "future" in exc.msg


# --- options that do not apply to the kind ----------------------------------------------------------------------

STREAMS = {"kinesis", "dynamodb"}
KAFKAS = {"msk", "kafka"}
ALL = set(KINDS)

# Which kinds each option applies to, from the reference (§3, §7, §9) and the module documentation.
APPLIES = {
    "batch_size": ALL,
    "bisect_batch_on_function_error": STREAMS | KAFKAS,
    "destination_config": STREAMS | KAFKAS,
    "document_db_event_source_config": {"documentdb"},
    "enabled": ALL,
    "filter_criteria": ALL - {"documentdb"},
    "function_response_types": {"sqs"} | STREAMS | KAFKAS,
    "kms_key_arn": ALL - {"documentdb"},
    "maximum_batching_window_in_seconds": ALL,
    "maximum_record_age_in_seconds": STREAMS | KAFKAS,
    "maximum_retry_attempts": STREAMS | KAFKAS,
    "metrics_config": ALL,
    "parallelization_factor": STREAMS,
    "provisioned_poller_config": {"sqs"} | KAFKAS,
    "queues": {"mq"},
    "scaling_config": {"sqs"},
    "self_managed_event_source": {"kafka"},
    "self_managed_kafka_event_source_config": {"kafka"},
    "amazon_managed_kafka_event_source_config": {"msk"},
    "source_access_configuration": {"msk", "kafka", "mq", "documentdb"},
    "starting_position": STREAMS | KAFKAS | {"documentdb"},
    "starting_position_timestamp": STREAMS | KAFKAS | {"documentdb"},
    "topics": KAFKAS,
    "tumbling_window_in_seconds": STREAMS,
    "logging_config": KAFKAS,
}


def sample(option, kind):
    """A value of ``option`` that is valid in itself (so only the kind can make it fail): an integer option's
    smallest value, True, or one written here."""
    field = options.FIELDS_BY_NAME[option]
    if field.shape.spec_type == "int" and field.range:
        return field.range[0]
    if field.shape.spec_type == "bool":
        return True
    return {
        "destination_config": {"on_failure": {"destination_arn": DLQ}},
        "document_db_event_source_config": {"database_name": "shop", "full_document": "UpdateLookup"},
        "filter_criteria": {"filter": [{"pattern": '{"body": {"a": ["x"]}}'}]},
        "function_response_types": ["ReportBatchItemFailures"],
        "kms_key_arn": KMS,
        "metrics_config": {"metrics": ["EventCount"]},
        "provisioned_poller_config": {"minimum_pollers": 2, "maximum_pollers": 10},
        "queues": ["orders"],
        "scaling_config": {"maximum_concurrency": 5},
        "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["k1.example.com:9092"]}},
        "self_managed_kafka_event_source_config": {"consumer_group_id": "orders"},
        "amazon_managed_kafka_event_source_config": {"consumer_group_id": "orders"},
        "source_access_configuration": [
            {"type": "SASL_SCRAM_512_AUTH" if kind == "msk" else "BASIC_AUTH", "uri": SECRET}
        ],
        "starting_position": "TRIM_HORIZON",
        "starting_position_timestamp": PAST,
        "topics": ["orders"],
        "logging_config": {"system_log_level": "WARN"},
    }[option]


def test_applicability_table_covers_every_option():
    assert set(APPLIES) == {field.name for field in options.FIELDS} - {"event_source_arn"}


NOT_APPLYING = [(option, kind) for option in sorted(APPLIES) for kind in KINDS if kind not in APPLIES[option]]
# DynamoDB takes a timestamp only with AT_TIMESTAMP, which it refuses (tested above).
APPLYING = [
    (option, kind)
    for option in sorted(APPLIES)
    for kind in KINDS
    if kind in APPLIES[option] and (option, kind) != ("starting_position_timestamp", "dynamodb")
]


@pytest.mark.parametrize("option, kind", NOT_APPLYING)
def test_option_not_applying_to_the_kind_is_rejected(option, kind):
    params = base(kind, **{option: sample(option, kind)})
    expected = option
    if option == "starting_position_timestamp":
        # A timestamp needs starting_position AT_TIMESTAMP, which itself is the first option that does not apply.
        params["starting_position"] = "AT_TIMESTAMP"
        expected = "starting_position"
    exc = fails(params, expected)
    assert expected in exc.msg
    assert KIND_WORDS[kind] in exc.msg


@pytest.mark.parametrize("option, kind", APPLYING)
def test_option_applying_to_the_kind_is_accepted(option, kind):
    params = base(kind, **{option: sample(option, kind)})
    if option == "starting_position_timestamp":
        params["starting_position"] = "AT_TIMESTAMP"
    desired = validate.validate(params)
    assert desired.values[option] == params[option]


@pytest.mark.parametrize("kind", ["sqs", "msk", "kinesis"])
def test_event_source_arn_and_self_managed_event_source_exclude_each_other(kind):
    params = base(kind, self_managed_event_source={"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "k1.example.com:9092"}})
    exc = fails(params, "self_managed_event_source")
    assert KIND_WORDS[kind] in exc.msg


# --- source access types and metrics per kind -------------------------------------------------------------------

# docs/aws-behaviour.md §9 (DocumentDB takes its credentials secret as BASIC_AUTH).
ACCESS_TYPES = {
    "BASIC_AUTH": {"mq", "kafka", "documentdb"},
    "VPC_SUBNET": {"kafka"},
    "VPC_SECURITY_GROUP": {"kafka"},
    "SASL_SCRAM_512_AUTH": {"msk", "kafka"},
    "SASL_SCRAM_256_AUTH": {"kafka"},
    "VIRTUAL_HOST": {"mq"},
    "CLIENT_CERTIFICATE_TLS_AUTH": {"msk", "kafka"},
    "SERVER_ROOT_CA_CERTIFICATE": {"kafka"},
}
ACCESS_CASES = [(t, kind) for t in ACCESS_TYPES for kind in sorted(APPLIES["source_access_configuration"])]


@pytest.mark.parametrize("access_type, kind", ACCESS_CASES)
def test_source_access_types_per_kind(access_type, kind):
    entries = [{"type": "BASIC_AUTH", "uri": SECRET}] if kind == "kafka" else []
    entries.append({"type": access_type, "uri": "subnet:subnet-0123" if access_type.startswith("VPC") else SECRET})
    params = base(kind, source_access_configuration=entries)
    if kind in ACCESS_TYPES[access_type]:
        validate.validate(params)
    else:
        option = f"source_access_configuration[{len(entries) - 1}].type"
        exc = fails(params, option)
        assert access_type in exc.msg and KIND_WORDS[kind] in exc.msg


METRICS = {"EventCount": ALL, "ErrorCount": KAFKAS, "KafkaMetrics": KAFKAS}


@pytest.mark.parametrize("metric, kind", [(m, k) for m in METRICS for k in KINDS])
def test_metrics_per_kind(metric, kind):
    params = base(kind, metrics_config={"metrics": ["EventCount", metric]})
    if kind in METRICS[metric]:
        validate.validate(params)
    else:
        exc = fails(params, "metrics_config.metrics")
        assert "metrics_config.metrics" in exc.msg
        assert metric in exc.msg and KIND_WORDS[kind] in exc.msg


# --- destinations, KMS, uuid, function name, source ARN, tags -----------------------------------------------------


@pytest.mark.parametrize(
    "kind, destination, valid",
    [
        ("kinesis", DLQ, True),
        ("dynamodb", "arn:aws:sns:us-east-1:123456789012:failures", True),
        ("kinesis", "", True),  # an empty string clears it
        ("kinesis", "kafka://failures", False),
        ("dynamodb", "kafka://failures", False),
        ("kinesis", "failures-queue", False),
        ("msk", "kafka://failures", True),
        ("kafka", "kafka://failures", True),
        ("msk", "arn:aws:s3:::failures-bucket", True),
        ("kafka", "failures-topic", False),
    ],
)
def test_destination_prefixes(kind, destination, valid):
    params = base(kind, destination_config={"on_failure": {"destination_arn": destination}})
    if valid:
        validate.validate(params)
    else:
        exc = fails(params, "destination_config.on_failure.destination_arn")
        assert "destination_config.on_failure.destination_arn" in exc.msg
        assert destination in exc.msg


@pytest.mark.parametrize(
    "kms, valid",
    [(KMS, True), ("", True), ("alias/my-key", False), ("1234abcd-12ab-34cd-56ef-1234567890ab", False)],
)
def test_kms_key_arn(kms, valid):
    params = base("sqs", kms_key_arn=kms)
    if valid:
        validate.validate(params)
    else:
        fails(params, "kms_key_arn")


@pytest.mark.parametrize(
    "uuid, valid",
    [
        (UUID, True),
        (UUID.upper(), True),
        ("", False),
        ("abc", False),
        (UUID.replace("-", ""), False),
        (UUID + "0", False),
        ("arn:aws:lambda:us-east-1:123456789012:event-source-mapping:" + UUID, False),
    ],
)
def test_uuid_format(uuid, valid):
    params = {"uuid": uuid, "batch_size": 5}
    if valid:
        assert validate.validate(params).uuid == uuid
    else:
        fails(params, "uuid")


@pytest.mark.parametrize(
    "name, parts",
    [
        ("order-processor", ("order-processor", None, None, None)),
        ("order_processor2", ("order_processor2", None, None, None)),
        ("order-processor:live", ("order-processor", "live", None, None)),
        ("order-processor:7", ("order-processor", "7", None, None)),
        ("order-processor:$LATEST", ("order-processor", "$LATEST", None, None)),
        ("order-processor:$LATEST.PUBLISHED", ("order-processor", "$LATEST.PUBLISHED", None, None)),
        ("123456789012:function:order-processor", ("order-processor", None, "123456789012", None)),
        ("123456789012:function:order-processor:live", ("order-processor", "live", "123456789012", None)),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:order-processor",
            ("order-processor", None, "123456789012", "us-east-1"),
        ),
        (
            "arn:aws:lambda:eu-west-1:123456789012:function:order-processor:3",
            ("order-processor", "3", "123456789012", "eu-west-1"),
        ),
        (
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:order-processor",
            ("order-processor", None, "123456789012", "cn-north-1"),
        ),
    ],
)
def test_function_name_forms_accepted(name, parts):
    desired = validate.validate(base("sqs", function_name=name))
    assert (
        desired.function.name,
        desired.function.qualifier,
        desired.function.account,
        desired.function.region,
    ) == parts


@pytest.mark.parametrize(
    "name",
    [
        "",
        "order processor",
        "order-processor:",
        "order-processor:live:1",
        "order/processor",
        "arn:aws:lambda:us-east-1:123456789012:function:",
        "arn:aws:lambda:us-east-1:12345:function:order-processor",
        "arn:aws:s3:::order-processor",
        "arn:aws:lambda:us-east-1:123456789012:layer:order-processor",
    ],
)
def test_function_name_forms_rejected(name):
    exc = fails(base("sqs", function_name=name), "function_name")
    assert repr(name) in exc.msg


def test_function_name_required_without_uuid():
    fails(without(base("sqs"), "function_name"), "function_name")


def test_source_required_without_uuid():
    exc = fails(without(base("sqs"), "event_source_arn"), "event_source_arn")
    assert "self_managed_event_source" in exc.msg


def test_uuid_alone_is_enough():
    desired = validate.validate({"uuid": UUID})
    assert (desired.kind, desired.function, desired.values) == (None, None, {})


@pytest.mark.parametrize(
    "arn, kind",
    [
        (ARNS["sqs"], "sqs"),
        (FIFO_ARN, "sqs"),
        (ARNS["kinesis"], "kinesis"),
        (ARNS["dynamodb"], "dynamodb"),
        (ARNS["msk"], "msk"),
        (ARNS["mq"], "mq"),
        (ARNS["documentdb"], "documentdb"),
        ("arn:aws-us-gov:sqs:us-gov-west-1:123456789012:orders", "sqs"),
    ],
)
def test_event_source_arn_services(arn, kind):
    assert identity.kind_of_arn(arn) == kind


@pytest.mark.parametrize(
    "arn, words",
    [
        ("arn:aws:s3:::orders-bucket", "services"),
        ("arn:aws:sns:us-east-1:123456789012:orders", "services"),
        ("orders", "services"),
        ("https://sqs.us-east-1.amazonaws.com/123456789012/orders", "services"),
        ("arn:aws:dynamodb:us-east-1:123456789012:table/orders", "stream"),
        ("arn:aws:rds:us-east-1:123456789012:db:docs-instance", "cluster"),
    ],
)
def test_event_source_arn_rejected(arn, words):
    params = {"function_name": "order-processor", "event_source_arn": arn}
    exc = fails(params, "event_source_arn")
    assert words in exc.msg and arn in exc.msg


@pytest.mark.parametrize("servers", ["", " , ", []])
def test_self_managed_event_source_needs_a_broker(servers):
    params = base("kafka", self_managed_event_source={"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}})
    fails(params, "self_managed_event_source")


@pytest.mark.parametrize(
    "tags, valid",
    [
        ({"Cost Center": "Orders", "CamelCase": "x", "awsome": "y", "team:aws": "z"}, True),
        ({"aws:cloudformation:stack-name": "x"}, False),
        ({"AWS:Owner": "x"}, False),
        ({}, True),
    ],
)
def test_tag_keys(tags, valid):
    params = base("sqs", tags=tags)
    if valid:
        assert validate.validate(params).tags == tags
    else:
        exc = fails(params, "tags")
        assert "aws:" in exc.msg


@pytest.mark.parametrize("access", [None, []])
def test_self_managed_kafka_needs_source_access(access):
    desired = validate.validate(base("kafka", source_access_configuration=access))
    exc = creating_fails(desired, "kafka", "source_access_configuration")
    assert "self-managed Kafka" in exc.msg


def test_self_managed_kafka_source_access_not_needed_without_a_create():
    validate.validate(dict(without(base("kafka"), "source_access_configuration"), state="absent"))
    validate.validate({"uuid": UUID, "self_managed_event_source": base("kafka")["self_managed_event_source"]})


@pytest.mark.parametrize("config", [None, {"collection_name": "orders"}])
def test_documentdb_needs_database_name(config):
    desired = validate.validate(base("documentdb", document_db_event_source_config=config))
    creating_fails(desired, "documentdb", "document_db_event_source_config.database_name")


def test_documentdb_database_name_not_empty():
    fails(
        base("documentdb", document_db_event_source_config={"database_name": ""}),
        "document_db_event_source_config.database_name",
    )


def test_documentdb_database_name_not_needed_without_a_create():
    validate.validate(dict(without(base("documentdb"), "document_db_event_source_config"), state="absent"))
    validate.validate({"uuid": UUID, "event_source_arn": ARNS["documentdb"]})


@pytest.mark.parametrize(
    "config", ["self_managed_kafka_event_source_config", "amazon_managed_kafka_event_source_config"]
)
@pytest.mark.parametrize("group, valid", [("", False), ("g", True), ("g" * 200, True), ("g" * 201, False)])
def test_consumer_group_id_length(config, group, valid):
    kind = "kafka" if config.startswith("self") else "msk"
    params = base(kind, **{config: {"consumer_group_id": group}})
    if valid:
        validate.validate(params)
    else:
        exc = fails(params, config + ".consumer_group_id")
        assert config + ".consumer_group_id" in exc.msg


def test_wait_timeout_at_least_one_second():
    fails(base("sqs", wait_timeout=-1), "wait_timeout")
    fails(base("sqs", wait_timeout=0), "wait_timeout")
    assert validate.validate(base("sqs", wait_timeout=1)).wait_timeout == 1


def test_role_propagation_timeout_not_negative():
    exc = fails(base("sqs", role_propagation_timeout=-1), "role_propagation_timeout")
    assert "0 or more" in exc.msg
    assert validate.validate(base("sqs", role_propagation_timeout=0)).role_propagation_timeout == 0


# ---------------------------------------------------------------- issue 16: source forms, Kafka error handling, secrets


@pytest.mark.parametrize(
    "arn, kind",
    [
        ("arn:aws:kinesis:us-east-1:123456789012:stream/clicks/consumer/reader:1700000000", "kinesis"),
        (
            "arn:aws:kafka:us-east-1:123456789012:vpc-connection/444455556666/my-cluster/51jn98b4-0a61-46cc-b0a6-61g9a3d797d5-7",
            "msk",
        ),
    ],
)
def test_stream_consumer_and_vpc_connection_are_sources(arn, kind):
    """docs/aws-behaviour.md §9: the model's EventSourceArn documentation names both forms."""
    params = base(kind, event_source_arn=arn)
    assert validate.validate(params).kind == kind


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:kinesis:us-east-1:123456789012:stream/clicks/consumer/reader",
        "arn:aws:kinesis:us-east-1:123456789012:stream/clicks/consumer/",
        "arn:aws:kafka:us-east-1:123456789012:vpc-connection/my-cluster/abc",
    ],
)
def test_malformed_consumer_and_vpc_connection_are_refused(arn):
    kind = "kinesis" if ":kinesis:" in arn else "msk"
    fails(base(kind, event_source_arn=arn), "event_source_arn")


KAFKA_ERROR_HANDLING = [
    ("bisect_batch_on_function_error", True),
    ("maximum_retry_attempts", 0),
    ("maximum_record_age_in_seconds", 60),
    ("function_response_types", ["ReportBatchItemFailures"]),
    ("destination_config", {"on_failure": {"destination_arn": "kafka://failed"}}),
]
POLLERS = {"minimum_pollers": 1, "maximum_pollers": 2}


def _create_check(params):
    desired = validate.validate(params)
    validate.check_against_current(desired, desired.kind, None)
    validate.check_create(desired, desired.kind)


@pytest.mark.parametrize("kind", ["msk", "kafka"])
@pytest.mark.parametrize("option, value", KAFKA_ERROR_HANDLING)
def test_kafka_error_handling_needs_pollers(kind, option, value):
    with pytest.raises(ValidationError) as info:
        _create_check(base(kind, **{option: value}))
    assert info.value.option == "provisioned_poller_config" and option in info.value.msg
    _create_check(base(kind, provisioned_poller_config=POLLERS, **{option: value}))
    # Held pollers count: an update that sets the option over a mapping in provisioned mode passes.
    desired = validate.validate(base(kind, **{option: value}))
    validate.check_against_current(desired, kind, {"provisioned_poller_config": POLLERS})
    # Cleared in the same task: decided before any read.
    with pytest.raises(ValidationError):
        validate.validate(base(kind, provisioned_poller_config={}, **{option: value}))


@pytest.mark.parametrize(
    "option, value",
    [
        ("bisect_batch_on_function_error", False),
        ("maximum_retry_attempts", -1),
        ("maximum_record_age_in_seconds", -1),
        ("function_response_types", []),
        ("destination_config", {"on_failure": {"destination_arn": DLQ}}),
    ],
)
def test_kafka_defaults_and_arn_destinations_need_no_pollers(option, value):
    _create_check(base("msk", **{option: value}))


def test_kafka_pollers_cannot_be_cleared_while_error_handling_is_held():
    held = {"topics": ["orders"], "maximum_retry_attempts": 3, "provisioned_poller_config": POLLERS}
    desired = validate.validate({"uuid": UUID, "provisioned_poller_config": {}})
    with pytest.raises(ValidationError) as info:
        validate.check_against_current(desired, "msk", held)
    assert info.value.option == "provisioned_poller_config" and "maximum_retry_attempts" in info.value.msg
    desired = validate.validate({"uuid": UUID, "provisioned_poller_config": {}, "maximum_retry_attempts": -1})
    validate.check_against_current(desired, "msk", held)


def test_kafka_destination_must_not_be_the_source_topic():
    option = "destination_config.on_failure.destination_arn"
    kafka_dlq = {"on_failure": {"destination_arn": "kafka://orders"}}
    fails(base("msk", destination_config=kafka_dlq, provisioned_poller_config=POLLERS), option)
    # Addressed by uuid: the topic comes from what is held.
    desired = validate.validate({"uuid": UUID, "destination_config": kafka_dlq})
    with pytest.raises(ValidationError):
        validate.check_against_current(desired, "kafka", {"topics": ["orders"], "provisioned_poller_config": POLLERS})


@pytest.mark.parametrize(
    "kind, access", [("mq", None), ("mq", [{"type": "VIRTUAL_HOST", "uri": "/prod"}]), ("documentdb", None)]
)
def test_mq_and_documentdb_create_with_a_secret(kind, access):
    params = without(base(kind), "source_access_configuration")
    if access is not None:
        params["source_access_configuration"] = access
    desired = validate.validate(params)
    with pytest.raises(ValidationError) as info:
        validate.check_create(desired, desired.kind)
    assert info.value.option == "source_access_configuration" and "BASIC_AUTH" in info.value.msg
    validate.check_create(validate.validate(base(kind)), kind)
