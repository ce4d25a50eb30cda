"""One mapping whether the function is a name, an ARN or a partial ARN; a qualifier is another
mapping. And the cost of a run: what the endpoint received."""

from __future__ import annotations

import pytest

from tests.module.conftest import lambda_requests
from tests.support.aws_fixtures import held


@pytest.mark.parametrize(
    "first, second",
    [
        ("fn", "arn:aws:lambda:us-east-1:123456789012:function:fn"),
        ("arn:aws:lambda:us-east-1:123456789012:function:fn", "123456789012:function:fn"),
        ("123456789012:function:fn", "fn"),
    ],
)
def test_function_name_forms_address_one_mapping(esm, lam, fn, queue, first, second):
    created = esm(function_name=first, event_source_arn=queue, batch_size=5)
    assert created["changed"] is True
    again = esm(function_name=second, event_source_arn=queue, batch_size=5)
    assert again["changed"] is False, again
    changed = esm(function_name=second, event_source_arn=queue, batch_size=6)
    assert changed["changed"] is True
    mappings = held(lam, EventSourceArn=queue)
    assert len(mappings) == 1 and mappings[0]["BatchSize"] == 6


def test_alias_is_another_mapping(esm, lam, fn, queue):
    version = lam.publish_version(FunctionName="fn")["Version"]
    lam.create_alias(FunctionName="fn", Name="live", FunctionVersion=version)
    plain = esm(function_name="fn", event_source_arn=queue)
    alias = esm(function_name="fn:live", event_source_arn=queue)
    assert plain["changed"] and alias["changed"]
    assert alias["event_source_mapping"]["function_arn"] == fn + ":live"
    arns = sorted(m["FunctionArn"] for m in held(lam, EventSourceArn=queue))
    assert arns == [fn, fn + ":live"]
    assert esm(function_name=fn + ":live", event_source_arn=queue)["changed"] is False
    assert esm(function_name="fn", event_source_arn=queue)["changed"] is False
    esm(function_name="fn:live", event_source_arn=queue, state="absent")
    assert [m["FunctionArn"] for m in held(lam, EventSourceArn=queue)] == [fn]


def test_rerun_costs_one_list(esm, srv, fn, queue):
    esm(function_name="fn", event_source_arn=queue, batch_size=5)
    srv.reset_requests()
    assert esm(function_name="fn", event_source_arn=queue, batch_size=5)["changed"] is False
    assert lambda_requests(srv) == ["ListEventSourceMappings"]


def test_rerun_with_tags_costs_one_list_and_list_tags(esm, srv, fn, queue):
    esm(function_name="fn", event_source_arn=queue, tags={"team": "a"})
    srv.reset_requests()
    assert esm(function_name="fn", event_source_arn=queue, tags={"team": "a"})["changed"] is False
    assert lambda_requests(srv) == ["ListEventSourceMappings", "ListTags"]


def test_uuid_addresses_the_mapping_with_one_get(esm, srv, fn, queue):
    uuid = esm(function_name="fn", event_source_arn=queue)["event_source_mapping"]["uuid"]
    srv.reset_requests()
    assert esm(uuid=uuid, batch_size=10)["changed"] is False
    assert lambda_requests(srv) == ["GetEventSourceMapping"]


def test_unknown_uuid_with_state_present_fails_and_absent_is_ok(esm, lam):
    missing = "14e0db71-5d35-4eb5-b481-8945cf9d10c2"
    failed = esm(uuid=missing, batch_size=5)
    assert failed["failed"] and missing in failed["msg"]
    assert esm(uuid=missing, state="absent")["changed"] is False


def test_uuid_can_move_a_mapping_to_another_function(esm, lam, clients, fn, queue):
    from tests.support.aws_fixtures import create_function

    other = create_function(clients, "other")
    uuid = esm(function_name="fn", event_source_arn=queue)["event_source_mapping"]["uuid"]
    moved = esm(uuid=uuid, function_name="other")
    assert moved["changed"] is True
    assert lam.get_event_source_mapping(UUID=uuid)["FunctionArn"] == other
    assert esm(uuid=uuid, function_name="other")["changed"] is False


def test_a_function_with_250_mappings(esm, lam, srv, fn):
    """Self-managed Kafka has no source ARN to filter by, so the module lists the function's mappings:
    the right one is found on the third page, with one request per page."""
    from tests.support.builders import secret_arn

    def kafka(topic):
        return {
            "FunctionName": "fn",
            "SelfManagedEventSource": {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": ["b1:9092"]}},
            "Topics": [topic],
            "StartingPosition": "LATEST",
            "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": secret_arn()}],
        }

    srv.configure(transition_seconds=0)
    uuids = [lam.create_event_source_mapping(**kafka(f"topic-{index:03d}"))["UUID"] for index in range(250)]
    srv.reset_requests()
    task = {
        "function_name": "fn",
        "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "b1:9092"}},
        "topics": ["topic-249"],
        "starting_position": "LATEST",
        "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
    }
    found = esm(**task)
    assert found["changed"] is False and found["event_source_mapping"]["uuid"] == uuids[249]
    assert lambda_requests(srv) == ["ListEventSourceMappings"] * 3
    changed = esm(**dict(task, batch_size=7))
    assert changed["changed"] is True
    assert lam.get_event_source_mapping(UUID=uuids[249])["BatchSize"] == 7
    assert lam.get_event_source_mapping(UUID=uuids[0])["BatchSize"] == 100
