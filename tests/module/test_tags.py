"""Tags added, changed, purged, kept with purge_tags false; awkward keys."""

from __future__ import annotations

import pytest


@pytest.fixture
def mapping(esm, fn, queue):
    def apply(**args):
        return esm(function_name="fn", event_source_arn=queue, **args)

    return apply


def tags_held(lam, queue):
    arn = lam.list_event_source_mappings(EventSourceArn=queue)["EventSourceMappings"][0]["EventSourceMappingArn"]
    return lam.list_tags(Resource=arn)["Tags"]


def four_steps(apply, lam, queue, expected, **args):
    before = tags_held(lam, queue)
    checked = apply(check=True, **args)
    assert checked["changed"] is True
    assert checked["event_source_mapping"]["tags"] == expected
    assert tags_held(lam, queue) == before, "check mode wrote no tags"
    result = apply(**args)
    assert result["changed"] is True
    assert result["diff"]["before"]["tags"] == before and result["diff"]["after"]["tags"] == expected
    assert tags_held(lam, queue) == expected
    assert apply(check=True, **args)["changed"] is False
    assert apply(**args)["changed"] is False


def test_tags_at_create_are_sent_in_create(mapping, lam, queue, srv):
    result = mapping(tags={"Cost Center": "Orders", "CamelCaseKey": "Value With Spaces"})
    assert result["event_source_mapping"]["tags"] == {"Cost Center": "Orders", "CamelCaseKey": "Value With Spaces"}
    assert tags_held(lam, queue) == {"Cost Center": "Orders", "CamelCaseKey": "Value With Spaces"}
    assert not any(r["operation"] == "TagResource" for r in srv.requests())


# (the tags the endpoint then holds, the task's tag options): add, change, purge, keep (purge_tags false), clear.
TAG_STEPS = [
    ({"Cost Center": "Orders", "CamelCaseKey": "x"}, {"tags": {"Cost Center": "Orders", "CamelCaseKey": "x"}}),
    ({"Cost Center": "Billing", "CamelCaseKey": "x"}, {"tags": {"Cost Center": "Billing", "CamelCaseKey": "x"}}),
    ({"CamelCaseKey": "x"}, {"tags": {"CamelCaseKey": "x"}}),
    ({"CamelCaseKey": "x", "new key": "y"}, {"tags": {"new key": "y"}, "purge_tags": False}),
    ({}, {"tags": {}}),
]


def test_add_change_purge_and_keep(mapping, lam, queue):
    mapping(tags={"Cost Center": "Orders"})
    for expected, options in TAG_STEPS:
        four_steps(mapping, lam, queue, expected, **options)


def test_unset_tags_are_left_alone(mapping, lam, queue, srv):
    mapping(tags={"keep": "me"})
    srv.reset_requests()
    assert mapping(batch_size=5)["changed"] is True
    assert tags_held(lam, queue) == {"keep": "me"}
    assert not any(r["operation"] in ("ListTags", "TagResource", "UntagResource") for r in srv.requests()[:-1])


def test_aws_keys_are_never_purged(mapping, lam, queue):
    arn = mapping(tags={"a": "1"})["event_source_mapping"]["arn"]
    lam.tag_resource(Resource=arn, Tags={"aws:cloudformation:stack-name": "s"})
    result = mapping(tags={})
    assert result["changed"] is True
    assert tags_held(lam, queue) == {"aws:cloudformation:stack-name": "s"}
    assert mapping(tags={})["changed"] is False
