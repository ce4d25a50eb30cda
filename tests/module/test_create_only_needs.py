"""What only creation needs (starting_position, Kafka's source_access_configuration,
DocumentDB's database_name) is required only when the run would create.

An existing mapping is changed (here: disabled) by a task that names it by function and source alone; a create
that lacks them fails after the read that found nothing, before any write, naming the option.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import held
from tests.support.builders import docdb_cluster_arn, kafka_source, msk_cluster_arn, secret_arn
from tests.support.module_helpers import (
    KAFKA_BROKERS,
    READS,
    adhoc_result,
    kafka_request,
    lambda_ops,
    msk_request,
    run_cli,
    settled,
    writes,
)


def _kinesis(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    stream = request.getfixturevalue("stream")
    made = {"FunctionName": "fn", "EventSourceArn": stream, "StartingPosition": "LATEST"}
    return made, {"function_name": "fn", "event_source_arn": stream}


def _dynamodb(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    source = request.getfixturevalue("table_stream")
    made = {"FunctionName": "fn", "EventSourceArn": source, "StartingPosition": "TRIM_HORIZON"}
    return made, {"function_name": "fn", "event_source_arn": source}


def _msk(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    return msk_request(), {"function_name": "fn", "event_source_arn": msk_cluster_arn(), "topics": ["orders"]}


def _kafka(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    return kafka_request(), {
        "function_name": "fn",
        "self_managed_event_source": kafka_source(KAFKA_BROKERS),
        "topics": ["orders"],
    }


DOCDB_REQUEST = {
    "FunctionName": "fn",
    "EventSourceArn": docdb_cluster_arn(),
    "StartingPosition": "LATEST",
    "DocumentDBEventSourceConfig": {"DatabaseName": "orders"},
    "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": secret_arn()}],
}
DOCDB_IDENTITY = {"function_name": "fn", "event_source_arn": docdb_cluster_arn()}


def _documentdb(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    return DOCDB_REQUEST, DOCDB_IDENTITY


# kind -> (the CreateEventSourceMapping request of the held mapping, the task's identity without create-only needs)
KINDS = {"kinesis": _kinesis, "dynamodb": _dynamodb, "msk": _msk, "kafka": _kafka, "documentdb": _documentdb}


@pytest.fixture(params=sorted(KINDS))
def existing(request, srv, lam, fn) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the held mapping, as the endpoint answered its create; the task naming it without create-only options)."""
    made, identity = KINDS[request.param](request)
    return settled(srv, lam, TRANSITION_SECONDS, **made), identity


def test_existing_mapping_is_disabled_without_create_only_options(esm, srv, lam, existing):
    mapping, identity = existing
    srv.reset_requests()
    disabled = esm(enabled=False, **identity)
    assert not disabled.get("failed"), disabled
    assert disabled["changed"] is True
    assert "UpdateEventSourceMapping" in writes(srv) and "CreateEventSourceMapping" not in writes(srv)
    held_now = lam.get_event_source_mapping(UUID=mapping["UUID"])
    assert held_now["State"] == "Disabled"
    assert held_now.get("StartingPosition") == mapping.get("StartingPosition"), "the position is left as it was"
    assert disabled["event_source_mapping"]["uuid"] == mapping["UUID"]
    again = esm(enabled=False, **identity)
    assert not again.get("failed") and again["changed"] is False, again


def test_check_mode_predicts_the_disable_and_writes_nothing(esm, srv, lam, existing):
    mapping, identity = existing
    srv.reset_requests()
    checked = esm(check=True, enabled=False, **identity)
    assert not checked.get("failed"), checked
    assert checked["changed"] is True
    assert checked["diff"]["after"]["enabled"] is False
    assert writes(srv) == []
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Enabled"


def test_documentdb_update_without_database_name(esm, srv, lam, fn):
    uuid = settled(srv, lam, TRANSITION_SECONDS, **DOCDB_REQUEST)["UUID"]
    updated = esm(document_db_event_source_config={"full_document": "UpdateLookup"}, **DOCDB_IDENTITY)
    assert not updated.get("failed"), updated
    assert updated["changed"] is True
    config = lam.get_event_source_mapping(UUID=uuid)["DocumentDBEventSourceConfig"]
    assert config["DatabaseName"] == "orders" and config["FullDocument"] == "UpdateLookup"


def _kinesis_create(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"function_name": "fn", "event_source_arn": request.getfixturevalue("stream")}


def _kafka_create(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {
        "function_name": "fn",
        "self_managed_event_source": kafka_source(KAFKA_BROKERS),
        "topics": ["orders"],
        "starting_position": "LATEST",
    }


def _documentdb_create(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {
        "function_name": "fn",
        "event_source_arn": docdb_cluster_arn(),
        "starting_position": "LATEST",
        "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
        "document_db_event_source_config": {"collection_name": "transactions"},
    }


# The option a create lacks -> the task that lacks it (everything else creation needs is there).
MISSING = {
    "starting_position": _kinesis_create,
    "source_access_configuration": _kafka_create,
    "document_db_event_source_config.database_name": _documentdb_create,
}


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
@pytest.mark.parametrize("option", sorted(MISSING))
def test_create_lacking_a_create_only_option_fails_after_the_read(request, esm, srv, lam, fn, option, check):
    args = MISSING[option](request)
    srv.reset_requests()
    failed = esm(check=check, **args)
    assert failed.get("failed") is True, failed
    assert failed["changed"] is False
    assert failed.get("option") == option, failed
    assert option.rsplit(".", 1)[-1] in failed["msg"]
    assert "no event source mapping exists" in failed["msg"].lower(), failed["msg"]
    ops = lambda_ops(srv)
    assert "ListEventSourceMappings" in ops, "the create-only need is decided by what the read found"
    assert set(ops) <= READS - {"GetEventSourceMapping", "ListTags"}, ops
    assert held(lam, FunctionName="fn") == []


def test_adhoc_ansible_disables_an_existing_kinesis_mapping(srv, lam, fn, stream, tmp_path):
    uuid = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=stream, StartingPosition="LATEST")[
        "UUID"
    ]
    args = f"function_name=fn event_source_arn={stream} enabled=false"
    proc = run_cli(
        "ansible", ["localhost", "-m", "esmkit.aws.lambda_event_source_mapping", "-a", args], srv.url, tmp_path
    )
    assert proc.returncode == 0, proc.stdout
    result = adhoc_result(proc.stdout)
    assert result["changed"] is True and result["event_source_mapping"]["uuid"] == uuid
    mapping = lam.get_event_source_mapping(UUID=uuid)
    assert mapping["State"] == "Disabled" and mapping["StartingPosition"] == "LATEST"
