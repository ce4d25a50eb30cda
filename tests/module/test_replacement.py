"""A create-only change fails and leaves the mapping; with allow_replacement it is replaced."""

from __future__ import annotations

from tests.support.aws_fixtures import held


def test_create_only_change_fails_naming_the_field(esm, lam, fn, stream, srv):
    uuid = esm(function_name="fn", event_source_arn=stream, starting_position="LATEST", batch_size=50)[
        "event_source_mapping"
    ]["uuid"]
    srv.reset_requests()
    failed = esm(function_name="fn", event_source_arn=stream, starting_position="TRIM_HORIZON", batch_size=60)
    assert failed["failed"] is True and failed["changed"] is False
    assert "starting_position" in failed["msg"] and '"LATEST"' in failed["msg"] and '"TRIM_HORIZON"' in failed["msg"]
    assert "allow_replacement" in failed["msg"]
    assert [r["operation"] for r in srv.requests() if r["service"] == "lambda"] == ["ListEventSourceMappings"]
    kept = lam.get_event_source_mapping(UUID=uuid)
    assert kept["StartingPosition"] == "LATEST" and kept["BatchSize"] == 50, "nothing was touched"


def test_check_mode_shows_a_replacement(esm, lam, fn, stream):
    uuid = esm(function_name="fn", event_source_arn=stream, starting_position="LATEST")["event_source_mapping"]["uuid"]
    checked = esm(
        check=True,
        function_name="fn",
        event_source_arn=stream,
        starting_position="TRIM_HORIZON",
        allow_replacement=True,
    )
    assert checked["changed"] is True
    assert checked["diff"]["before"]["uuid"] == uuid and "uuid" not in checked["diff"]["after"]
    assert checked["diff"]["after"]["starting_position"] == "TRIM_HORIZON"
    assert [m["UUID"] for m in held(lam, EventSourceArn=stream)] == [uuid]


def test_replacement_keeps_settings_and_tags(esm, lam, fn, stream):
    first = esm(
        function_name="fn", event_source_arn=stream, starting_position="LATEST", batch_size=42, tags={"Team Name": "a"}
    )
    old = first["event_source_mapping"]["uuid"]
    replaced = esm(
        function_name="fn", event_source_arn=stream, starting_position="TRIM_HORIZON", allow_replacement=True
    )
    assert replaced["changed"] is True
    new = replaced["event_source_mapping"]["uuid"]
    assert new != old
    mappings = held(lam, EventSourceArn=stream)
    assert [m["UUID"] for m in mappings] == [new]
    assert mappings[0]["StartingPosition"] == "TRIM_HORIZON"
    assert mappings[0]["BatchSize"] == 42, "settings the task does not mention are kept"
    assert lam.list_tags(Resource=mappings[0]["EventSourceMappingArn"])["Tags"] == {"Team Name": "a"}
    again = esm(function_name="fn", event_source_arn=stream, starting_position="TRIM_HORIZON", allow_replacement=True)
    assert again["changed"] is False


def test_uuid_with_another_source_is_a_create_only_change(esm, lam, clients, fn, queue):
    from tests.support.aws_fixtures import create_queue

    other = create_queue(clients, "other")
    uuid = esm(function_name="fn", event_source_arn=queue)["event_source_mapping"]["uuid"]
    failed = esm(uuid=uuid, event_source_arn=other)
    assert failed["failed"] and "event_source_arn" in failed["msg"]
    assert lam.get_event_source_mapping(UUID=uuid)["EventSourceArn"] == queue
    replaced = esm(uuid=uuid, event_source_arn=other, allow_replacement=True)
    assert replaced["changed"] is True
    assert held(lam, EventSourceArn=queue) == []
    assert len(held(lam, EventSourceArn=other)) == 1


def test_a_replacement_aws_would_refuse_fails_before_the_delete(esm, lam, clients, fn, queue, srv):
    from tests.support.aws_fixtures import create_queue, create_stream

    fifo = create_queue(clients, "orders", fifo=True)
    stream = create_stream(clients, "other-stream")
    args = {
        "function_name": "fn",
        "event_source_arn": queue,
        "batch_size": 50,
        "maximum_batching_window_in_seconds": 10,
    }
    uuid = esm(**args)["event_source_mapping"]["uuid"]

    # The window would be carried over; FIFO queues take none, so it is left behind, and the batch of 50 is
    # refused before the old mapping is touched.
    srv.reset_requests()
    refused = esm(uuid=uuid, event_source_arn=fifo, allow_replacement=True)
    assert refused["failed"] is True and refused["changed"] is False
    assert "batch_size" in refused["msg"] and "carried over" in refused["msg"]
    # Reads only: the mapping, and its tags (a replacement keeps them, so it reads them before planning).
    assert [r["operation"] for r in srv.requests() if r["service"] == "lambda"] == [
        "GetEventSourceMapping",
        "ListTags",
    ]
    assert lam.get_event_source_mapping(UUID=uuid)["EventSourceArn"] == queue

    # SQS to Kinesis without a starting position: refused, naming it, in check mode too.
    for check in (True, False):
        refused = esm(check=check, uuid=uuid, event_source_arn=stream, allow_replacement=True)
        assert refused["failed"] is True and "starting_position" in refused["msg"], refused
    assert lam.get_event_source_mapping(UUID=uuid)["EventSourceArn"] == queue

    # With what the new source needs, the SQS-only settings are left behind and the replacement goes through.
    replaced = esm(uuid=uuid, event_source_arn=fifo, batch_size=10, allow_replacement=True)
    assert replaced["changed"] is True, replaced
    mappings = held(lam, EventSourceArn=fifo)
    assert len(mappings) == 1 and mappings[0]["BatchSize"] == 10
    assert "MaximumBatchingWindowInSeconds" not in mappings[0] or mappings[0]["MaximumBatchingWindowInSeconds"] == 0
    assert held(lam, EventSourceArn=queue) == []
