"""Values as AWS is sent them and answers them: timestamps at the precision the modules' botocore sends, and members
AWS leaves out of its answers or answers in another form (docs/aws-behaviour.md §2, §3).

Run by the module suite and by both rows of the version matrix (mk/versions.mk), so with the oldest supported
botocore (whole seconds) and the newest (microseconds).
"""

from __future__ import annotations

import datetime
import functools
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.support import builders
from tests.support.aws_fixtures import create_queue, create_stream, held

STAMP = "2026-11-01T10:00:00.250123Z"
WHOLE = datetime.datetime(2026, 11, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)


@functools.cache
def module_botocore() -> tuple[int, ...]:
    """The botocore version of the Python the modules run on (ESMKIT_MODULE_PYTHON, else this one)."""
    python = os.environ.get("ESMKIT_MODULE_PYTHON") or sys.executable
    out = subprocess.run(
        [python, "-c", "import botocore; print(botocore.__version__)"], capture_output=True, text=True, check=True
    ).stdout
    return tuple(int(part) for part in out.strip().split(".")[:3])


def sent(stamp: datetime.datetime) -> datetime.datetime:
    """What the modules' botocore sends for ``stamp`` (serialize.py: legacy whole seconds up to 1.43.11)."""
    return stamp.replace(microsecond=0) if module_botocore() <= (1, 43, 11) else stamp


def at(stream: str, stamp: str = STAMP, **extra: Any) -> dict[str, Any]:
    return dict(
        function_name="fn",
        event_source_arn=stream,
        starting_position="AT_TIMESTAMP",
        starting_position_timestamp=stamp,
        **extra,
    )


def test_a_fractional_timestamp_is_created_once_and_then_ok(esm, lam, fn, stream, srv) -> None:
    # The task of issue 16: with botocore 1.43.11 it used to fail verify, then every run as a create-only change.
    expected = sent(WHOLE.replace(microsecond=250123))
    predicted = esm(check=True, **at(stream))
    assert predicted["changed"] is True and not predicted.get("failed"), predicted
    made = esm(**at(stream))
    assert made["changed"] is True and not made.get("failed"), made
    [mapping] = held(lam, EventSourceArn=stream)
    assert mapping["StartingPositionTimestamp"] == expected
    reported = made["event_source_mapping"]["starting_position_timestamp"]
    assert datetime.datetime.fromisoformat(reported) == expected
    # Check mode predicted what AWS now holds; the diff shows the same.
    assert predicted["event_source_mapping"]["starting_position_timestamp"] == reported
    assert made["diff"]["after"]["starting_position_timestamp"] == reported
    srv.reset_requests()
    for check in (True, False):
        again = esm(check=check, **at(stream))
        assert again["changed"] is False and not again.get("failed"), again
    # A replacement is not even considered: nothing is deleted.
    replaced = esm(**at(stream, allow_replacement=True))
    assert replaced["changed"] is False, replaced
    ops = [r["operation"] for r in srv.requests() if r.get("service") == "lambda"]
    assert "DeleteEventSourceMapping" not in ops and "CreateEventSourceMapping" not in ops, ops
    assert [m["UUID"] for m in held(lam, EventSourceArn=stream)] == [mapping["UUID"]]


@pytest.mark.parametrize("precision", ["millisecond", "second"])
def test_aws_keeping_a_coarser_timestamp_is_no_change(esm, lam, fn, stream, srv, precision) -> None:
    # Whether AWS keeps what it is sent is not public (docs/aws-behaviour.md §2): the endpoint cuts it here.
    srv.configure(stored_timestamp_precision=precision)
    try:
        made = esm(**at(stream))
        assert made["changed"] is True and not made.get("failed"), made
        [mapping] = held(lam, EventSourceArn=stream)
        cut = 250000 if precision == "millisecond" and module_botocore() > (1, 43, 11) else 0
        assert mapping["StartingPositionTimestamp"] == WHOLE.replace(microsecond=cut)
        for check in (True, False):
            again = esm(check=check, **at(stream, allow_replacement=True))
            assert again["changed"] is False and not again.get("failed"), again
    finally:
        srv.configure(stored_timestamp_precision="sent")


def test_another_second_is_a_create_only_change(esm, lam, fn, stream) -> None:
    assert not esm(**at(stream)).get("failed")
    [old] = held(lam, EventSourceArn=stream)
    later = "2026-11-01T10:00:01.250Z"
    refused = esm(**at(stream, later))
    assert refused.get("failed") is True and "starting_position_timestamp" in refused["msg"], refused
    replaced = esm(**at(stream, later, allow_replacement=True))
    assert replaced["changed"] is True and not replaced.get("failed"), replaced
    [new] = held(lam, EventSourceArn=stream)
    assert new["UUID"] != old["UUID"]
    assert new["StartingPositionTimestamp"] == sent(WHOLE.replace(second=1, microsecond=250000))
    assert esm(**at(stream, later, allow_replacement=True))["changed"] is False


KAFKA = builders.task("kafka", function_name="fn")
# AWS's defaults for what Kafka answers leave out (docs/aws-behaviour.md §3).
KAFKA_DEFAULTS = {
    "bisect_batch_on_function_error": False,
    "maximum_retry_attempts": -1,
    "maximum_record_age_in_seconds": -1,
    "maximum_batching_window_in_seconds": 0,
}


def test_kafka_defaults_that_answers_leave_out_are_no_change(esm, lam, fn, srv) -> None:
    made = esm(**KAFKA)
    assert made["changed"] is True, made
    [mapping] = held(lam, FunctionName="fn")
    for member in ("BisectBatchOnFunctionError", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds"):
        assert member not in mapping, "the endpoint answers as AWS: without them"
    assert "MaximumBatchingWindowInSeconds" not in mapping
    srv.reset_requests()
    for check in (True, False):
        again = esm(check=check, **dict(KAFKA, **KAFKA_DEFAULTS))
        assert again["changed"] is False and not again.get("failed"), again
    assert "UpdateEventSourceMapping" not in [r["operation"] for r in srv.requests()]


def test_kafka_defaults_sent_at_creation_are_no_change_either(esm, lam, fn) -> None:
    # The other answer: AWS holds and reports what it was sent.
    made = esm(**dict(KAFKA, **KAFKA_DEFAULTS))
    assert made["changed"] is True and not made.get("failed"), made
    [mapping] = held(lam, FunctionName="fn")
    assert mapping["MaximumRetryAttempts"] == -1 and mapping["MaximumBatchingWindowInSeconds"] == 0
    assert esm(**dict(KAFKA, **KAFKA_DEFAULTS))["changed"] is False


def test_a_window_over_the_default_is_still_applied(esm, lam, fn) -> None:
    assert not esm(**KAFKA).get("failed")
    changed = esm(**dict(KAFKA, maximum_batching_window_in_seconds=5))
    assert changed["changed"] is True, changed
    [mapping] = held(lam, FunctionName="fn")
    assert mapping["MaximumBatchingWindowInSeconds"] == 5
    assert esm(**dict(KAFKA, maximum_batching_window_in_seconds=5))["changed"] is False


@pytest.mark.parametrize("caps", [False, True], ids=["answers-minus-1", "answers-10"])
def test_minus_one_retries_with_a_destination_is_no_change_in_either_answer(esm, lam, clients, fn, srv, caps) -> None:
    stream = create_stream(clients, "views")
    dlq = create_queue(clients, "dlq")
    task = dict(
        function_name="fn",
        event_source_arn=stream,
        starting_position="LATEST",
        maximum_retry_attempts=-1,
        destination_config={"on_failure": {"destination_arn": dlq}},
    )
    srv.configure(destination_caps_retries=caps)
    try:
        made = esm(**task)
        assert made["changed"] is True and not made.get("failed"), made
        [mapping] = held(lam, EventSourceArn=stream)
        assert mapping["MaximumRetryAttempts"] == (10 if caps else -1)
        for check in (True, False):
            again = esm(check=check, **task)
            assert again["changed"] is False and not again.get("failed"), again
        # 10 asked for explicitly is a value of its own where AWS says -1.
        ten = esm(check=True, **dict(task, maximum_retry_attempts=10))
        assert ten["changed"] is (not caps), ten
    finally:
        srv.configure(destination_caps_retries=False)
