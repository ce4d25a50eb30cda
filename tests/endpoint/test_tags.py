"""Tagging ESMs (docs/aws-behaviour.md §8)."""

from __future__ import annotations

from typing import Any

from tests.endpoint.helpers import FUNCTION, status
from tests.support.aws_fixtures import api_error, create_queue


def test_tag_lifecycle(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=create_queue(clients, "q"), Tags={"a": "1", "b": "2"}
    )
    arn = created["EventSourceMappingArn"]
    listed = lam.list_tags(Resource=arn)
    assert status(listed) == 200 and listed["Tags"] == {"a": "1", "b": "2"}

    tagged = lam.tag_resource(Resource=arn, Tags={"b": "3", "c": "4"})
    assert status(tagged) == 204
    assert lam.list_tags(Resource=arn)["Tags"] == {"a": "1", "b": "3", "c": "4"}  # merged, overwritten

    untagged = lam.untag_resource(Resource=arn, TagKeys=["a", "absent"])
    assert status(untagged) == 204  # absent keys are a no-op
    assert lam.list_tags(Resource=arn)["Tags"] == {"b": "3", "c": "4"}


def test_unknown_esm_arn(lam: Any, fn: str) -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:00000000-0000-0000-0000-000000000000"
    expected = ("ResourceNotFoundException", f"Event source mapping not found: {arn}", 404)
    assert api_error(lam.list_tags, Resource=arn) == expected
    assert api_error(lam.tag_resource, Resource=arn, Tags={"a": "b"}) == expected
    assert api_error(lam.untag_resource, Resource=arn, TagKeys=["a"]) == expected


def test_malformed_esm_arn_is_a_validation_error(lam: Any, fn: str) -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:00000000-0000-0000-0000-000000000000:1"
    code, _unused, http = api_error(lam.list_tags, Resource=arn)
    assert (code, http) == ("ValidationException", 400)


def test_function_tags_still_go_to_moto(lam: Any, fn: str) -> None:
    lam.tag_resource(Resource=fn, Tags={"owner": "me"})
    assert lam.list_tags(Resource=fn)["Tags"] == {"owner": "me"}


def test_tags_removed_with_the_mapping(lam: Any, clients: dict[str, Any], fn: str) -> None:
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=create_queue(clients, "q"), Tags={"a": "1"}
    )
    lam.delete_event_source_mapping(UUID=created["UUID"])
    lam.list_event_source_mappings()  # the deletion settles (transition 0)
    assert api_error(lam.list_tags, Resource=created["EventSourceMappingArn"])[0] == "ResourceNotFoundException"
