"""ListEventSourceMappings: filters, pagination, KMS-hidden filters (docs/aws-behaviour.md §6)."""

from __future__ import annotations

from typing import Any

from tests.endpoint.helpers import FUNCTION, kafka_args, status
from tests.support.aws_fixtures import create_function, create_queue, create_stream
from tests.support.local_aws import LocalAWS


def _uuids(response: dict[str, Any]) -> list[str]:
    return [m["UUID"] for m in response["EventSourceMappings"]]


def test_pagination_250_mappings_in_three_pages(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = [
        lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=create_queue(clients, f"q{i:03d}"))[
            "UUID"
        ]
        for i in range(250)
    ]
    srv.reset_requests()
    pages = list(lam.get_paginator("list_event_source_mappings").paginate(FunctionName=FUNCTION))
    assert [len(p["EventSourceMappings"]) for p in pages] == [100, 100, 50]
    assert [u for p in pages for u in _uuids(p)] == created  # creation order
    assert "NextMarker" in pages[0] and "NextMarker" not in pages[-1]
    lists = [r for r in srv.requests() if r["operation"] == "ListEventSourceMappings"]
    assert len(lists) == 3
    assert lists[1]["query"]["Marker"] == pages[0]["NextMarker"]


def test_max_items_smaller_than_a_page(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = [
        lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=create_queue(clients, f"q{i}"))["UUID"]
        for i in range(5)
    ]
    first = lam.list_event_source_mappings(FunctionName=FUNCTION, MaxItems=2)
    assert status(first) == 200
    assert _uuids(first) == created[:2]
    second = lam.list_event_source_mappings(FunctionName=FUNCTION, MaxItems=2, Marker=first["NextMarker"])
    assert _uuids(second) == created[2:4]
    third = lam.list_event_source_mappings(FunctionName=FUNCTION, MaxItems=2, Marker=second["NextMarker"])
    assert _uuids(third) == created[4:] and "NextMarker" not in third


def test_function_name_filter_is_resolved_and_exact(lam: Any, clients: dict[str, Any], fn: str) -> None:
    version = lam.publish_version(FunctionName=FUNCTION)["Version"]
    lam.create_alias(FunctionName=FUNCTION, Name="live", FunctionVersion=version)
    queue = create_queue(clients, "q")
    plain = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)["UUID"]
    aliased = lam.create_event_source_mapping(FunctionName=f"{FUNCTION}:live", EventSourceArn=queue)["UUID"]
    versioned = lam.create_event_source_mapping(FunctionName=f"{fn}:{version}", EventSourceArn=queue)["UUID"]

    for name in (FUNCTION, fn, f"123456789012:function:{FUNCTION}"):
        # CHOICE (docs/aws-behaviour.md §12 item 2): an unqualified filter returns unqualified mappings only.
        assert _uuids(lam.list_event_source_mappings(FunctionName=name)) == [plain]
    for name in (f"{FUNCTION}:live", f"{fn}:live", f"123456789012:function:{FUNCTION}:live"):
        assert _uuids(lam.list_event_source_mappings(FunctionName=name)) == [aliased]
    assert _uuids(lam.list_event_source_mappings(FunctionName=f"{FUNCTION}:{version}")) == [versioned]
    assert _uuids(lam.list_event_source_mappings(EventSourceArn=queue)) == [plain, aliased, versioned]


def test_event_source_filter_and_combination(lam: Any, clients: dict[str, Any], fn: str) -> None:
    create_function(clients, "other")
    queue = create_queue(clients, "q")
    stream = create_stream(clients, "s")
    a = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)["UUID"]
    b = lam.create_event_source_mapping(FunctionName="other", EventSourceArn=queue)["UUID"]
    c = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=stream, StartingPosition="LATEST")["UUID"]
    d = lam.create_event_source_mapping(**kafka_args())["UUID"]
    assert _uuids(lam.list_event_source_mappings()) == [a, b, c, d]
    assert _uuids(lam.list_event_source_mappings(EventSourceArn=queue)) == [a, b]
    assert _uuids(lam.list_event_source_mappings(FunctionName=FUNCTION)) == [a, c, d]
    assert _uuids(lam.list_event_source_mappings(FunctionName=FUNCTION, EventSourceArn=queue)) == [a]


def test_unknown_function_or_source_lists_nothing(lam: Any, clients: dict[str, Any], fn: str) -> None:
    lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=create_queue(clients, "q"))
    assert lam.list_event_source_mappings(FunctionName="nope")["EventSourceMappings"] == []
    assert (
        lam.list_event_source_mappings(EventSourceArn="arn:aws:sqs:us-east-1:123456789012:nope")["EventSourceMappings"]
        == []
    )


def test_list_hides_kms_encrypted_filters(lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    filters = {"Filters": [{"Pattern": '{"body": {"a": ["b"]}}'}]}
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION,
        EventSourceArn=queue,
        FilterCriteria=filters,
        KMSKeyArn="arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    )
    assert created["FilterCriteria"] == filters
    assert lam.get_event_source_mapping(UUID=created["UUID"])["FilterCriteria"] == filters
    listed = lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"]
    assert "FilterCriteria" not in listed[0]


def test_list_does_not_return_tags(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=create_queue(clients, "q"), Tags={"k": "v"}
    )
    assert "Tags" not in lam.list_event_source_mappings()["EventSourceMappings"][0]
    assert "Tags" not in lam.get_event_source_mapping(UUID=created["UUID"])
