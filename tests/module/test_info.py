"""lambda_event_source_mapping_info: lookups by each selector, the shared shape, and the requests made."""

from __future__ import annotations

import pytest

from tests.module.conftest import lambda_requests
from tests.support.aws_fixtures import create_function, create_queue
from tests.support.builders import docdb_cluster_arn, mq_broker_arn, msk_cluster_arn, secret_arn


@pytest.fixture
def world(esm, clients, fn, queue, stream):
    """fn reads the queue and the stream; other reads the queue."""
    create_function(clients, "other")
    made = {
        "fn-queue": esm(function_name="fn", event_source_arn=queue, batch_size=5, tags={"Name": "fn-queue"}),
        "fn-stream": esm(function_name="fn", event_source_arn=stream, starting_position="LATEST"),
        "other-queue": esm(function_name="other", event_source_arn=queue),
    }
    return {name: result["event_source_mapping"]["uuid"] for name, result in made.items()}


def uuids(result):
    assert result.get("failed") is None, result
    return sorted(item["uuid"] for item in result["event_source_mappings"])


def test_lookups_by_each_selector(esm_info, world, queue, stream):
    assert uuids(esm_info(uuid=world["fn-queue"])) == [world["fn-queue"]]
    assert uuids(esm_info(function_name="fn")) == sorted([world["fn-queue"], world["fn-stream"]])
    assert uuids(esm_info(function_name="arn:aws:lambda:us-east-1:123456789012:function:fn")) == sorted(
        [world["fn-queue"], world["fn-stream"]]
    )
    assert uuids(esm_info(event_source_arn=queue)) == sorted([world["fn-queue"], world["other-queue"]])
    assert uuids(esm_info(function_name="other", event_source_arn=queue)) == [world["other-queue"]]
    assert uuids(esm_info()) == sorted(world.values())
    assert uuids(esm_info(uuid=world["fn-stream"], event_source_arn=queue)) == []


def test_unknown_selectors_give_empty_lists(esm_info, world):
    assert uuids(esm_info(uuid="14e0db71-5d35-4eb5-b481-8945cf9d10c2")) == []
    assert uuids(esm_info(function_name="nobody")) == []
    assert uuids(esm_info(event_source_arn="arn:aws:sqs:us-east-1:123456789012:nothing")) == []


def test_requests_made(esm_info, world, srv):
    srv.reset_requests()
    esm_info(uuid=world["fn-queue"])
    assert lambda_requests(srv) == ["GetEventSourceMapping", "ListTags"]
    srv.reset_requests()
    esm_info(function_name="fn", include_tags=False)
    assert lambda_requests(srv) == ["ListEventSourceMappings"]
    srv.reset_requests()
    esm_info(function_name="fn")
    assert lambda_requests(srv) == ["ListEventSourceMappings", "ListTags", "ListTags"]


def test_more_than_one_page(esm_info, lam, clients, fn, srv):
    for index in range(130):
        lam.create_event_source_mapping(FunctionName="fn", EventSourceArn=create_queue(clients, f"q{index}"))
    srv.reset_requests()
    found = esm_info(function_name="fn", include_tags=False)
    assert len(found["event_source_mappings"]) == 130
    assert lambda_requests(srv) == ["ListEventSourceMappings", "ListEventSourceMappings"]
    assert len(set(uuids(found))) == 130


KINDS = {
    "sqs": lambda s: {
        "event_source_arn": s["queue"],
        "batch_size": 5,
        "filter_criteria": {"filter": [{"pattern": '{"body": {"a": ["b"]}}'}]},
    },
    "kinesis": lambda s: {
        "event_source_arn": s["stream"],
        "starting_position": "LATEST",
        "destination_config": {"on_failure": {"destination_arn": s["queue"]}},
    },
    "kafka": lambda s: {
        "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "b1:9092,b2:9092"}},
        "topics": ["orders"],
        "starting_position": "TRIM_HORIZON",
        "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
    },
    "msk": lambda s: {"event_source_arn": msk_cluster_arn(), "topics": ["orders"], "starting_position": "LATEST"},
    "dynamodb": lambda s: {
        "event_source_arn": s["table_stream"],
        "starting_position": "TRIM_HORIZON",
        "batch_size": 50,
    },
    "documentdb": lambda s: {
        "event_source_arn": docdb_cluster_arn(),
        "starting_position": "LATEST",
        "document_db_event_source_config": {"database_name": "orders", "full_document": "UpdateLookup"},
        "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
    },
    "mq": lambda s: {
        "event_source_arn": mq_broker_arn(),
        "queues": ["orders"],
        "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
    },
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_info_item_equals_the_main_modules_result(kind, esm, esm_info, fn, queue, stream, table_stream):
    sources = {"queue": queue, "stream": stream, "table_stream": table_stream}
    args = dict(KINDS[kind](sources), function_name="fn", tags={"Kind": kind})
    made = esm(**args)
    assert made.get("failed") is None, made
    mapping = made["event_source_mapping"]
    found = esm_info(uuid=mapping["uuid"])["event_source_mappings"]
    assert found == [mapping]
    listed = [item for item in esm_info(function_name="fn")["event_source_mappings"] if item["uuid"] == mapping["uuid"]]
    assert listed == [mapping]


def test_feeding_an_item_back_reports_ok(esm, esm_info, fn, queue):
    esm(
        function_name="fn",
        event_source_arn=queue,
        batch_size=20,
        maximum_batching_window_in_seconds=2,
        filter_criteria={"filter": [{"pattern": {"body": {"a": ["b"]}}}]},
        scaling_config={"maximum_concurrency": 4},
        tags={"Cost Center": "x"},
    )
    item = esm_info(function_name="fn")["event_source_mappings"][0]
    keys = [
        "event_source_arn",
        "batch_size",
        "maximum_batching_window_in_seconds",
        "filter_criteria",
        "scaling_config",
        "tags",
        "enabled",
    ]
    again = esm(function_name=item["function_arn"], **{key: item[key] for key in keys})
    assert again["changed"] is False, again
    again = esm(uuid=item["uuid"], **{key: item[key] for key in keys})
    assert again["changed"] is False, again
