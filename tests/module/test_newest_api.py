"""The newest Lambda API: self-managed Kafka consumption modes, the OAuth and IAM source access types and the schema
registry's OAUTHBEARER_AUTH (botocore 1.43.110 and 1.43.123; docs/aws-behaviour.md §2, §9).

The oldest row of the version matrix cannot send these: there, tests/versions/test_old_sdk.py checks that each
fails before any request, and mk/versions.mk leaves this file out.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import builders
from tests.support.aws_fixtures import held
from tests.support.builders import secret_arn

SECRET = secret_arn()
KAFKA = {k: v for k, v in builders.task("kafka", function_name="fn").items() if k != "starting_position"}
QUEUE = dict(KAFKA, self_managed_kafka_event_source_config={"consumption_mode": "Queue"})
STREAM = dict(KAFKA, starting_position="LATEST")


def lambda_ops(srv: Any) -> list[str]:
    return [r["operation"] for r in srv.requests() if r.get("service") == "lambda"]


def only(lam: Any) -> dict[str, Any]:
    [mapping] = held(lam, FunctionName="fn")
    return mapping


def test_a_queue_mode_mapping_is_created_without_a_starting_position(esm, lam, fn) -> None:
    predicted = esm(check=True, **QUEUE)
    assert predicted["changed"] is True and not predicted.get("failed"), predicted
    made = esm(**QUEUE)
    assert made["changed"] is True and not made.get("failed"), made
    mapping = only(lam)
    assert mapping["SelfManagedKafkaEventSourceConfig"]["ConsumptionMode"] == "Queue"
    assert "StartingPosition" not in mapping
    assert made["event_source_mapping"]["self_managed_kafka_event_source_config"]["consumption_mode"] == "Queue"
    for check in (True, False):
        assert esm(check=check, **QUEUE)["changed"] is False


@pytest.mark.parametrize(
    "extra",
    [
        {"starting_position": "LATEST"},
        {"starting_position": "AT_TIMESTAMP", "starting_position_timestamp": "2026-11-01T10:00:00Z"},
        {"maximum_batching_window_in_seconds": 1},
    ],
    ids=["position", "timestamp", "window"],
)
def test_queue_mode_refuses_what_it_does_not_take_before_any_request(esm, srv, fn, extra) -> None:
    srv.reset_requests()
    failed = esm(**dict(QUEUE, **extra))
    assert failed.get("failed") is True, failed
    assert failed["option"] in extra and "Queue" in failed["msg"], failed
    assert lambda_ops(srv) == []


def test_a_held_queue_mapping_refuses_a_window_before_any_write(esm, lam, srv, fn) -> None:
    assert not esm(**QUEUE).get("failed")
    srv.reset_requests()
    # The task leaves the mode out: it is read from the held mapping.
    failed = esm(**dict(KAFKA, maximum_batching_window_in_seconds=2))
    assert failed.get("failed") is True and failed["option"] == "maximum_batching_window_in_seconds", failed
    assert "UpdateEventSourceMapping" not in lambda_ops(srv)


def test_stream_stated_on_a_mapping_whose_answer_leaves_the_mode_out_is_no_change(esm, lam, srv, fn) -> None:
    assert not esm(**STREAM).get("failed")
    assert "ConsumptionMode" not in only(lam)["SelfManagedKafkaEventSourceConfig"]
    srv.reset_requests()
    stated = dict(STREAM, self_managed_kafka_event_source_config={"consumption_mode": "Stream"})
    for check in (True, False):
        assert esm(check=check, **stated)["changed"] is False
    assert "UpdateEventSourceMapping" not in lambda_ops(srv)


def test_the_mode_is_create_only_and_a_replacement_makes_a_queue_mapping(esm, lam, srv, fn) -> None:
    assert not esm(**STREAM).get("failed")
    old = only(lam)
    to_queue = dict(KAFKA, self_managed_kafka_event_source_config={"consumption_mode": "Queue"})
    refused = esm(**to_queue)
    assert refused.get("failed") is True and "consumption_mode" in refused["msg"], refused
    assert only(lam)["UUID"] == old["UUID"]
    # The held starting position is not carried into the Queue-mode mapping.
    replaced = esm(allow_replacement=True, **to_queue)
    assert replaced["changed"] is True and not replaced.get("failed"), replaced
    new = only(lam)
    assert new["UUID"] != old["UUID"]
    assert new["SelfManagedKafkaEventSourceConfig"]["ConsumptionMode"] == "Queue"
    assert "StartingPosition" not in new
    assert esm(allow_replacement=True, **to_queue)["changed"] is False


def test_replacing_a_queue_mapping_keeps_queue_mode(esm, lam, fn) -> None:
    assert not esm(**QUEUE).get("failed")
    old = only(lam)
    # A new consumer group id (create-only); the task leaves the mode out, so it comes from the old mapping.
    task = dict(KAFKA, self_managed_kafka_event_source_config={"consumer_group_id": "payments"})
    replaced = esm(allow_replacement=True, **task)
    assert replaced["changed"] is True and not replaced.get("failed"), replaced
    new = only(lam)
    assert new["UUID"] != old["UUID"]
    assert new["SelfManagedKafkaEventSourceConfig"] == {"ConsumerGroupId": "payments", "ConsumptionMode": "Queue"}
    assert esm(allow_replacement=True, **task)["changed"] is False


ACCESS = {
    "iam": [{"type": "IAM_AUTH"}],
    "oauth": [
        {"type": "OAUTHBEARER_AUTH", "uri": SECRET},
        {"type": "OAUTHBEARER_SCOPE", "uri": "kafka.read"},
        {"type": "OAUTHBEARER_AUDIENCE", "uri": "kafka"},
        {"type": "OAUTHBEARER_LOGICAL_CLUSTER", "uri": "lkc-1"},
        {"type": "OAUTHBEARER_IDENTITY_POOL", "uri": "pool-1"},
    ],
    "iam-oauth": [{"type": "IAM_OAUTHBEARER_AUTH"}, {"type": "OAUTHBEARER_AUDIENCE", "uri": "kafka"}],
}


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_the_new_access_types_are_created_held_and_then_ok(esm, lam, fn, name) -> None:
    task = dict(STREAM, source_access_configuration=ACCESS[name])
    made = esm(**task)
    assert made["changed"] is True and not made.get("failed"), made
    sent = [{k.capitalize() if k == "type" else "URI": v for k, v in e.items()} for e in ACCESS[name]]
    assert only(lam)["SourceAccessConfigurations"] == sent
    assert esm(**task)["changed"] is False


@pytest.mark.parametrize(
    "entries, option",
    [
        ([{"type": "IAM_AUTH", "uri": SECRET}], "source_access_configuration[0].uri"),
        ([{"type": "OAUTHBEARER_AUTH"}], "source_access_configuration[0].uri"),
        (
            [{"type": "OAUTHBEARER_AUTH", "uri": SECRET}, {"type": "OAUTHBEARER_SCOPE"}],
            "source_access_configuration[1].uri",
        ),
        ([{"type": "OAUTHBEARER_SCOPE", "uri": "kafka.read"}], "source_access_configuration"),
        ([{"type": "IAM_OAUTHBEARER_AUTH"}], "source_access_configuration"),
        (
            [
                {"type": "IAM_OAUTHBEARER_AUTH"},
                {"type": "OAUTHBEARER_AUDIENCE", "uri": "kafka"},
                {"type": "OAUTHBEARER_AUTH", "uri": SECRET},
            ],
            "source_access_configuration",
        ),
    ],
    ids=["iam-with-uri", "oauth-without-uri", "scope-without-uri", "scope-alone", "iam-oauth-alone", "iam-oauth-mixed"],
)
def test_access_type_rules_fail_before_any_request(esm, srv, fn, entries, option) -> None:
    srv.reset_requests()
    failed = esm(**dict(STREAM, source_access_configuration=entries))
    assert failed.get("failed") is True and failed["option"] == option, failed
    assert lambda_ops(srv) == []


@pytest.mark.parametrize("kind", ["msk", "mq"])
def test_the_new_access_types_are_for_self_managed_kafka_only(esm, srv, fn, kind) -> None:
    source = (
        {
            "event_source_arn": "arn:aws:kafka:us-east-1:123456789012:cluster/c/0a1b2c3d-1",
            "topics": ["t"],
            "starting_position": "LATEST",
        }
        if kind == "msk"
        else {"event_source_arn": "arn:aws:mq:us-east-1:123456789012:broker:b:b-1", "queues": ["q"]}
    )
    srv.reset_requests()
    failed = esm(function_name="fn", source_access_configuration=[{"type": "IAM_AUTH"}], **source)
    assert failed.get("failed") is True and "IAM_AUTH" in failed["msg"], failed
    assert lambda_ops(srv) == []


def test_a_registry_with_oauthbearer_auth(esm, lam, fn) -> None:
    registry = {
        "schema_registry_uri": "https://registry.example.com",
        "event_record_format": "JSON",
        "access_config": [{"type": "OAUTHBEARER_AUTH", "uri": SECRET}],
    }
    task = dict(STREAM, self_managed_kafka_event_source_config={"schema_registry_config": registry})
    made = esm(**task)
    assert made["changed"] is True and not made.get("failed"), made
    held_registry = only(lam)["SelfManagedKafkaEventSourceConfig"]["SchemaRegistryConfig"]
    assert held_registry["AccessConfigs"] == [{"Type": "OAUTHBEARER_AUTH", "URI": SECRET}]
    assert esm(**task)["changed"] is False
