"""Omitting an option leaves it alone; every updatable option can be changed and cleared,
and the endpoint then holds the new value; filter patterns compare as JSON."""

from __future__ import annotations

import json

import pytest

from tests.support.builders import DLQ, arn

KMS = arn("kms", "key/0b5a1f6c-3c0e-4a4f-9d8a-2f3b4c5d6e7f")

# option, value, how to read it from GetEventSourceMapping, the value the endpoint must then hold, clear value
SQS_CASES = [
    ("batch_size", 7, lambda m: m["BatchSize"], 7, None),
    ("maximum_batching_window_in_seconds", 3, lambda m: m["MaximumBatchingWindowInSeconds"], 3, None),
    ("enabled", False, lambda m: m["State"], "Disabled", None),
    (
        "function_response_types",
        ["ReportBatchItemFailures"],
        lambda m: m.get("FunctionResponseTypes"),
        ["ReportBatchItemFailures"],
        [],
    ),
    ("scaling_config", {"maximum_concurrency": 5}, lambda m: m.get("ScalingConfig"), {"MaximumConcurrency": 5}, {}),
    ("metrics_config", {"metrics": ["EventCount"]}, lambda m: m.get("MetricsConfig"), {"Metrics": ["EventCount"]}, {}),
    ("kms_key_arn", KMS, lambda m: m.get("KMSKeyArn"), KMS, ""),
    (
        "provisioned_poller_config",
        {"minimum_pollers": 2, "maximum_pollers": 20},
        lambda m: m.get("ProvisionedPollerConfig"),
        {"MinimumPollers": 2, "MaximumPollers": 20},
        {},
    ),
    (
        "filter_criteria",
        {"filter": [{"pattern": '{"body": {"a": [1]}}'}]},
        lambda m: m.get("FilterCriteria"),
        {"Filters": [{"Pattern": '{"body": {"a": [1]}}'}]},
        {},
    ),
]

STREAM_CASES = [
    ("batch_size", 50, lambda m: m["BatchSize"], 50, None),
    ("bisect_batch_on_function_error", True, lambda m: m["BisectBatchOnFunctionError"], True, None),
    ("maximum_record_age_in_seconds", 3600, lambda m: m["MaximumRecordAgeInSeconds"], 3600, None),
    ("maximum_retry_attempts", 3, lambda m: m["MaximumRetryAttempts"], 3, None),
    ("parallelization_factor", 4, lambda m: m["ParallelizationFactor"], 4, None),
    ("tumbling_window_in_seconds", 60, lambda m: m["TumblingWindowInSeconds"], 60, None),
    ("maximum_batching_window_in_seconds", 2, lambda m: m["MaximumBatchingWindowInSeconds"], 2, None),
    (
        "destination_config",
        {"on_failure": {"destination_arn": DLQ}},
        lambda m: (m.get("DestinationConfig") or {}).get("OnFailure", {}).get("Destination") or None,
        DLQ,
        {},
    ),
    (
        "function_response_types",
        ["ReportBatchItemFailures"],
        lambda m: m.get("FunctionResponseTypes") or [],
        ["ReportBatchItemFailures"],
        [],
    ),
    (
        "filter_criteria",
        {"filter": [{"pattern": {"data": {"kind": ["click"]}}}]},
        lambda m: [json.loads(f["Pattern"]) for f in (m.get("FilterCriteria") or {}).get("Filters", [])],
        [{"data": {"kind": ["click"]}}],
        {"filter": []},
    ),
]

EMPTY = (None, [], {}, "", "Enabled")


def _change_and_clear(esm, lam, base, option, value, read, expected, clear):
    uuid = esm(**base)["event_source_mapping"]["uuid"]
    before = lam.get_event_source_mapping(UUID=uuid)

    assert esm(check=True, **base, **{option: value})["changed"] is True
    assert read(lam.get_event_source_mapping(UUID=uuid)) == read(before), "check mode changed nothing"
    changed = esm(**base, **{option: value})
    assert changed["changed"] is True, changed
    assert read(lam.get_event_source_mapping(UUID=uuid)) == expected
    assert esm(check=True, **base, **{option: value})["changed"] is False
    assert esm(**base, **{option: value})["changed"] is False

    # Omitting the option leaves it alone.
    assert esm(**base)["changed"] is False
    assert read(lam.get_event_source_mapping(UUID=uuid)) == expected

    if clear is not None:
        cleared = esm(**base, **{option: clear})
        assert cleared["changed"] is True, cleared
        assert read(lam.get_event_source_mapping(UUID=uuid)) in EMPTY
        assert option not in cleared["event_source_mapping"]
        assert esm(**base, **{option: clear})["changed"] is False


@pytest.mark.parametrize("option, value, read, expected, clear", SQS_CASES, ids=[c[0] for c in SQS_CASES])
def test_sqs_option_change_and_clear(esm, lam, fn, queue, option, value, read, expected, clear):
    _change_and_clear(
        esm, lam, {"function_name": "fn", "event_source_arn": queue}, option, value, read, expected, clear
    )


@pytest.mark.parametrize("option, value, read, expected, clear", STREAM_CASES, ids=[c[0] for c in STREAM_CASES])
def test_stream_option_change_and_clear(esm, lam, fn, stream, option, value, read, expected, clear):
    base = {"function_name": "fn", "event_source_arn": stream, "starting_position": "LATEST"}
    _change_and_clear(esm, lam, base, option, value, read, expected, clear)


def test_enable_again(esm, lam, fn, queue):
    uuid = esm(function_name="fn", event_source_arn=queue, enabled=False)["event_source_mapping"]["uuid"]
    assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled"
    assert esm(function_name="fn", event_source_arn=queue, enabled=True)["changed"] is True
    assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled"


def test_sqs_large_batch_needs_window_held_by_aws(esm, lam, fn, queue, srv):
    uuid = esm(function_name="fn", event_source_arn=queue, batch_size=100, maximum_batching_window_in_seconds=2)[
        "event_source_mapping"
    ]["uuid"]
    # The window AWS holds (2) satisfies the rule, so the task may leave it out.
    assert esm(function_name="fn", event_source_arn=queue, batch_size=200)["changed"] is True
    assert lam.get_event_source_mapping(UUID=uuid)["BatchSize"] == 200
    srv.reset_requests()
    failed = esm(function_name="fn", event_source_arn=queue, batch_size=300, maximum_batching_window_in_seconds=0)
    assert failed["failed"] and "maximum_batching_window_in_seconds" in failed["msg"]
    assert srv.requests() == []


PATTERN = {"body": {"Temperature": [{"numeric": [">", 0, "<=", 100]}], "Location": ["New York"]}}


@pytest.mark.parametrize(
    "variant",
    [
        json.dumps(PATTERN),
        json.dumps({"body": {"Location": ["New York"], "Temperature": [{"numeric": [">", 0, "<=", 100]}]}}),
        json.dumps(PATTERN, indent=4),
        json.dumps(PATTERN, separators=(",", ":")),
        PATTERN,
    ],
    ids=["same", "key-order", "spacing", "compact", "mapping"],
)
@pytest.mark.parametrize("normalise", [False, True], ids=["aws-keeps-text", "aws-normalises"])
def test_equivalent_patterns_report_ok(esm, srv, fn, queue, variant, normalise):
    srv.configure(normalise_patterns=normalise)
    esm(function_name="fn", event_source_arn=queue, filter_criteria={"filter": [{"pattern": json.dumps(PATTERN)}]})
    again = esm(function_name="fn", event_source_arn=queue, filter_criteria={"filter": [{"pattern": variant}]})
    assert again["changed"] is False, again


def test_filters_compare_as_a_set(esm, lam, fn, queue):
    first, second = {"body": {"a": ["1"]}}, {"body": {"b": ["2"]}}
    esm(
        function_name="fn",
        event_source_arn=queue,
        filter_criteria={"filter": [{"pattern": first}, {"pattern": second}]},
    )
    assert (
        esm(
            function_name="fn",
            event_source_arn=queue,
            filter_criteria={"filter": [{"pattern": second}, {"pattern": first}]},
        )["changed"]
        is False
    )
    assert (
        esm(function_name="fn", event_source_arn=queue, filter_criteria={"filters": [{"pattern": first}]})["changed"]
        is True
    )
    filters = lam.list_event_source_mappings(EventSourceArn=queue)["EventSourceMappings"][0]["FilterCriteria"][
        "Filters"
    ]
    assert [json.loads(f["Pattern"]) for f in filters] == [first]
