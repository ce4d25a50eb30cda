"""Taking over mappings that already exist: the info module's result, handed to the set module as it is (all of
it or any subset, or saved to a vars file and read back), changes nothing. Each test makes the mappings straight
at the endpoint (as the console or another tool would), then checks the endpoint received no write and holds the
same; the output-only keys of an item are checked or ignored as the set module documents."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import create_queue, held
from tests.support.builders import KMS, docdb_cluster_arn, mq_broker_arn, secret_arn
from tests.support.module_helpers import kafka_request, lambda_ops, msk_request, run_cli, settled, writes

PATTERN = json.dumps({"body": {"type": ["order"]}})
TAGS = {"team": "orders", "Cost Center": "42"}


def requests_of(kind: str, sources: dict[str, str]) -> list[dict[str, Any]]:
    """CreateEventSourceMapping requests of ``fn`` for ``kind``, each with what that kind can hold beyond the
    minimum (filters, KMS, scaling, timestamps, topics, brokers, consumer groups, access, vhost, DocumentDB)."""
    access = [{"Type": "BASIC_AUTH", "URI": secret_arn()}]
    if kind == "sqs":
        return [
            {
                "EventSourceArn": sources["queue"],
                "BatchSize": 20,
                "MaximumBatchingWindowInSeconds": 5,
                "FilterCriteria": {"Filters": [{"Pattern": PATTERN}]},
                "ScalingConfig": {"MaximumConcurrency": 5},
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
            },
            # List hides KMS-encrypted filters (docs/aws-behaviour.md §6, §13): the lookup reads them with Get.
            {
                "EventSourceArn": sources["refunds"],
                "KMSKeyArn": KMS,
                "FilterCriteria": {"Filters": [{"Pattern": PATTERN}]},
            },
        ]
    if kind == "kinesis":
        return [
            {
                "EventSourceArn": sources["stream"],
                "StartingPosition": "AT_TIMESTAMP",
                "StartingPositionTimestamp": datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc),
                "BatchSize": 50,
                "ParallelizationFactor": 2,
                "MaximumRetryAttempts": 3,
                "BisectBatchOnFunctionError": True,
                "TumblingWindowInSeconds": 30,
                "DestinationConfig": {"OnFailure": {"Destination": sources["queue"]}},
            }
        ]
    if kind == "dynamodb":
        return [
            {
                "EventSourceArn": sources["table_stream"],
                "StartingPosition": "TRIM_HORIZON",
                "MaximumRecordAgeInSeconds": 3600,
                "FilterCriteria": {"Filters": [{"Pattern": json.dumps({"eventName": ["INSERT"]})}]},
            }
        ]
    if kind == "msk":
        return [
            dict(
                msk_request(),
                AmazonManagedKafkaEventSourceConfig={"ConsumerGroupId": "orders-group"},
                SourceAccessConfigurations=[{"Type": "SASL_SCRAM_512_AUTH", "URI": secret_arn("msk")}],
            ),
            dict(msk_request(topic="refunds")),
        ]
    if kind == "kafka":
        return [
            dict(
                kafka_request(brokers="b1:9092,b2:9092,b3:9092"),
                SelfManagedKafkaEventSourceConfig={"ConsumerGroupId": "kafka-group"},
                BatchSize=500,
            )
        ]
    if kind == "mq":
        return [
            {
                "EventSourceArn": mq_broker_arn(),
                "Queues": ["orders"],
                "BatchSize": 1,
                "SourceAccessConfigurations": access + [{"Type": "VIRTUAL_HOST", "URI": "/production"}],
            }
        ]
    return [
        {
            "EventSourceArn": docdb_cluster_arn(),
            "StartingPosition": "LATEST",
            "SourceAccessConfigurations": access,
            "DocumentDBEventSourceConfig": {
                "DatabaseName": "shop",
                "CollectionName": "orders",
                "FullDocument": "UpdateLookup",
            },
        }
    ]


KINDS = ("sqs", "kinesis", "dynamodb", "msk", "kafka", "mq", "documentdb")


@pytest.fixture
def sources(clients, queue, stream, table_stream) -> dict[str, str]:
    return {
        "queue": queue,
        "refunds": create_queue(clients, "refunds"),
        "stream": stream,
        "table_stream": table_stream,
    }


def make(srv, lam, kinds, sources, tags=True) -> None:
    """The mappings of ``kinds`` for ``fn``, made at the endpoint and settled, every other one tagged."""
    for kind in kinds:
        for position, request in enumerate(requests_of(kind, sources)):
            extra = {"Tags": dict(TAGS, kind=kind)} if tags and position % 2 == 0 else {}
            settled(srv, lam, TRANSITION_SECONDS, **dict(request, FunctionName="fn", **extra))


def holding(lam) -> dict[str, Any]:
    """What the endpoint holds for ``fn``: every mapping as Get answers it, with its tags."""
    found = {}
    for listed in held(lam, FunctionName="fn"):
        mapping = lam.get_event_source_mapping(UUID=listed["UUID"])
        mapping.pop("ResponseMetadata", None)
        mapping["Tags"] = lam.list_tags(Resource=mapping["EventSourceMappingArn"])["Tags"]
        found[mapping["UUID"]] = mapping
    return found


def hand_over(srv, esm_set, mappings, **extra) -> dict[str, Any]:
    srv.reset_requests()
    result = esm_set(**dict({"function_name": "fn", "purge": True, "mappings": mappings}, **extra))
    assert not result.get("failed"), result
    return result


def assert_no_op(result: dict[str, Any], srv) -> None:
    assert result["changed"] is False, result
    assert (result["created"], result["updated"], result["deleted"]) == ([], [], []), result
    assert writes(srv) == [], lambda_ops(srv)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_taken_over_as_looked_up(kind, esm_info, esm_set, srv, lam, fn, sources):
    make(srv, lam, [kind], sources)
    before = holding(lam)
    found = esm_info(function_name="fn")["event_source_mappings"]
    assert len(found) == len(requests_of(kind, sources))
    assert [m.get("tags") for m in found] == [before[m["uuid"]]["Tags"] for m in found]
    result = hand_over(srv, esm_set, found)
    assert_no_op(result, srv)
    # The same when checked, and for each mapping alone without purge, named by its function_arn (the guide's loop).
    assert_no_op(hand_over(srv, esm_set, found, check=True), srv)
    for mapping in found:
        assert_no_op(hand_over(srv, esm_set, [mapping], purge=False, function_name=mapping["function_arn"]), srv)
    # The trimmed form: only uuid and function_arn of the output-only keys, no AWS default; a no-op too.
    trimmed = esm_info(function_name="fn", trim=True)["event_source_mappings"]
    assert [m["uuid"] for m in trimmed] == [m["uuid"] for m in found]
    for lean, full in zip(trimmed, found):
        assert not {"state", "arn", "last_modified", "state_transition_reason", "last_processing_result"} & set(lean)
        assert set(lean) <= set(full) and all(lean[key] == full[key] for key in lean if not isinstance(lean[key], dict))
    assert_no_op(hand_over(srv, esm_set, trimmed), srv)
    assert holding(lam) == before


def test_several_kinds_with_tags_and_any_subset(esm_info, esm_set, srv, lam, fn, sources):
    make(srv, lam, KINDS, sources)
    before = holding(lam)
    found = esm_info(function_name="fn")
    mappings = found["event_source_mappings"]
    assert len(mappings) == len(before) == sum(len(requests_of(kind, sources)) for kind in KINDS)
    assert_no_op(hand_over(srv, esm_set, mappings), srv)
    # Without tags in the result, the items leave the tags alone; a subset without purge changes nothing either.
    untagged = esm_info(function_name="fn", include_tags=False)["event_source_mappings"]
    assert_no_op(hand_over(srv, esm_set, untagged), srv)
    assert_no_op(hand_over(srv, esm_set, mappings[1::3], purge=False), srv)
    assert holding(lam) == before
    # A subset with purge deletes exactly the mappings left out of it.
    kept = mappings[:3]
    result = hand_over(srv, esm_set, kept)
    assert sorted(result["deleted"]) == sorted(m["uuid"] for m in mappings[3:])
    assert sorted(m["UUID"] for m in held(lam, FunctionName="fn")) == sorted(m["uuid"] for m in kept)


def test_an_edited_result_is_applied_alone(esm_info, esm_set, srv, lam, fn, sources):
    make(srv, lam, ["sqs", "kinesis", "msk"], sources)
    before = holding(lam)
    mappings = esm_info(function_name="fn")["event_source_mappings"]
    sqs = next(m for m in mappings if m.get("scaling_config"))
    sqs["batch_size"] = 30
    result = hand_over(srv, esm_set, mappings)
    assert result["changed"] is True and result["updated"] == [sqs["uuid"]], result
    assert (result["created"], result["deleted"]) == ([], [])
    assert writes(srv) == ["UpdateEventSourceMapping"]
    after = holding(lam)
    assert after[sqs["uuid"]]["BatchSize"] == 30
    assert {u: m for u, m in after.items() if u != sqs["uuid"]} == {u: m for u, m in before.items() if u != sqs["uuid"]}


def test_output_only_keys_are_checked_before_any_write(esm_info, esm_set, srv, lam, fn, sources):
    make(srv, lam, ["sqs"], sources)
    before = holding(lam)
    mappings = esm_info(function_name="fn")["event_source_mappings"]
    first, second = mappings

    def refused(items, option, *words):
        result = hand_over_failing(srv, esm_set, items)
        assert result.get("option") == option, result
        for word in words:
            assert word in result["msg"], result["msg"]
        assert writes(srv) == []

    # The uuid of another mapping: the item's source names a different one.
    refused([dict(first, uuid=second["uuid"]), second], "mappings[0].uuid", second["uuid"], "Nothing was changed")
    # A uuid that is no mapping of this function: never a create under another UUID.
    gone = "0b4c8d4e-1111-2222-3333-444455556666"
    refused([dict(first, uuid=gone), second], "mappings[0].uuid", gone)
    # Another function's result, and another account's (checked before any request, then against the listing).
    refused([dict(first, function_arn=first["function_arn"] + "x"), second], "mappings[0].function_arn")
    assert lambda_ops(srv) == []
    other_account = first["function_arn"].replace(":123456789012:", ":210987654321:")
    refused([dict(first, function_arn=other_account), second], "mappings[0].function_arn", "210987654321")
    # state is never applied: an edit of it alone is refused rather than ignored.
    refused([dict(first, state="Disabled"), second], "mappings[0].state", "enabled")
    # A typo in an option's name is still refused.
    refused([dict(first, batch_sise=5), second], None, "batch_sise")
    assert holding(lam) == before
    # Ignored: arn, last_modified, last_processing_result, state_transition_reason, filter_criteria_error.
    ignored = dict(
        first,
        arn="anything",
        last_modified="2001-01-01T00:00:00+00:00",
        last_processing_result="x",
        state_transition_reason="y",
        filter_criteria_error={"error_code": "z"},
    )
    assert_no_op(hand_over(srv, esm_set, [ignored, second]), srv)
    # Without the uuid and function_arn, an item is matched by its source alone, and creates if none is held.
    srv.configure(transition_seconds=0)
    lam.delete_event_source_mapping(UUID=second["uuid"])
    srv.configure(transition_seconds=TRANSITION_SECONDS)
    refused([first, second], "mappings[1].uuid", second["uuid"])
    bare = {k: v for k, v in second.items() if k not in ("uuid", "function_arn", "arn")}
    result = hand_over(srv, esm_set, [first, bare])
    assert len(result["created"]) == 1 and result["created"][0] != second["uuid"]


def hand_over_failing(srv, esm_set, items) -> dict[str, Any]:
    srv.reset_requests()
    result = esm_set(function_name="fn", purge=True, mappings=items)
    assert result.get("failed"), result
    return result


def test_main_module_refuses_a_result_naming_why(esm_info, esm, srv, lam, fn, sources):
    # The main module's state is present/absent; a result's state is AWS's (Enabled, ...). It is not accepted as
    # it is (that would weaken the main module's validation): the guide hands one result to the set module.
    make(srv, lam, ["sqs"], sources, tags=False)
    found = esm_info(function_name="fn")["event_source_mappings"][0]
    srv.reset_requests()
    result = esm(**dict(found, function_name="fn"))
    assert result.get("failed") and "value of state must be one of: present, absent" in result["msg"], result
    assert lambda_ops(srv) == []


# ----------------------------------------------------------------------------- the file to keep

SAVE = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Look up the mappings of fn
      esmkit.aws.lambda_event_source_mapping_info:
        function_name: fn
      register: found
    - name: Save them
      ansible.builtin.copy:
        content: "{{ {'fn_mappings': found.event_source_mappings} | to_nice_yaml }}"
        dest: "{{ playbook_dir }}/fn-mappings.yml"
        mode: "0644"
"""
APPLY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Read the saved mappings
      ansible.builtin.include_vars:
        file: fn-mappings.yml
    - name: Apply them
      esmkit.aws.lambda_event_source_mapping_set:
        function_name: fn
        purge: true
        mappings: "{{ fn_mappings }}"
"""


def playbook(srv, tmp_path: Path, text: str, *args: str) -> str:
    path = tmp_path / "play.yml"
    path.write_text(text)
    srv.reset_requests()
    proc = run_cli("ansible-playbook", [str(path), *args], srv.url, tmp_path)
    assert proc.returncode == 0, proc.stdout
    return proc.stdout


def test_saved_vars_file_applies_as_a_no_op_and_an_edit_alone(srv, lam, fn, sources, tmp_path):
    make(srv, lam, KINDS, sources)
    before = holding(lam)
    playbook(srv, tmp_path, SAVE)
    saved = yaml.safe_load((tmp_path / "fn-mappings.yml").read_text())["fn_mappings"]
    assert sorted(m["uuid"] for m in saved) == sorted(before)
    assert "changed=0" in playbook(srv, tmp_path, APPLY)
    assert writes(srv) == []
    assert holding(lam) == before
    # A change made in the file is applied alone.
    stream = next(m for m in saved if m.get("parallelization_factor") == 2)
    stream["batch_size"] = 75
    (tmp_path / "fn-mappings.yml").write_text(yaml.safe_dump({"fn_mappings": saved}))
    assert "changed=1" in playbook(srv, tmp_path, APPLY)
    assert writes(srv) == ["UpdateEventSourceMapping"]
    after = holding(lam)
    assert after[stream["uuid"]]["BatchSize"] == 75
    assert {u: m for u, m in after.items() if u != stream["uuid"]} == {
        u: m for u, m in before.items() if u != stream["uuid"]
    }
    # Drift made elsewhere shows in --check --diff against the file, and nothing is written.
    lam.update_event_source_mapping(UUID=stream["uuid"], BatchSize=80)
    out = playbook(srv, tmp_path, APPLY, "--check", "--diff")
    assert "changed=1" in out and '"batch_size": 80' in out and '"batch_size": 75' in out, out
    assert writes(srv) == []


# ----------------------------------------------------------------------------- the figures

FIGURE_MAPPINGS = 100


@pytest.mark.parametrize("tags", [False, True], ids=["without-tags", "with-tags"])
def test_takeover_of_100_mappings_costs(tags, esm_info, esm_set, srv, lam, fn):
    # The closing note's figures: the requests of the lookup and of the hand-over, from the endpoint's log.
    srv.configure(transition_seconds=0)
    for number in range(FIGURE_MAPPINGS):
        request = kafka_request(topic=f"topic-{number:03d}")
        lam.create_event_source_mapping(**request, **({"Tags": {"n": str(number)}} if tags else {}))
    srv.reset_requests()
    found = esm_info(function_name="fn", include_tags=tags)["event_source_mappings"]
    lookup = lambda_ops(srv)
    result = hand_over(srv, esm_set, found)
    handover = lambda_ops(srv)
    assert_no_op(result, srv)
    per_mapping = ["ListTags"] * FIGURE_MAPPINGS if tags else []
    assert lookup == ["ListEventSourceMappings"] + per_mapping, lookup
    assert handover == ["ListEventSourceMappings"] + per_mapping, handover
