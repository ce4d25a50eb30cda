"""Issue 16 §2-§4, §7 through both modules: DocumentDB updates under both of AWS's possible answers, Kafka error
handling that needs provisioned mode (refused before any write, in check mode too, a replacement before its
delete), stream consumer and MSK VPC connection sources, and the BASIC_AUTH secret MQ and DocumentDB create with.
Each test reads what the endpoint holds afterwards and which requests it was sent."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.module.conftest import lambda_requests
from tests.support.aws_fixtures import held
from tests.support.builders import docdb_cluster_arn, mq_broker_arn, msk_cluster_arn, secret_arn
from tests.support.runner import run_module

WRITES = {"CreateEventSourceMapping", "UpdateEventSourceMapping", "DeleteEventSourceMapping"}
ACCESS = [{"type": "BASIC_AUTH", "uri": secret_arn()}]
POLLERS = {"minimum_pollers": 1, "maximum_pollers": 2}


@pytest.fixture
def esm_set(env: dict[str, str]) -> Callable[..., dict[str, Any]]:
    def run(check: bool = False, **args: Any) -> dict[str, Any]:
        return run_module("lambda_event_source_mapping_set", args, check_mode=check, diff=True, env=env, fork=True)

    return run


def writes(srv: Any) -> list[str]:
    return [op for op in lambda_requests(srv) if op in WRITES]


# ---------------------------------------------------------------- §2 DocumentDB (docs/aws-behaviour.md §2, §6)


def docdb(collection: str = "transactions", **extra: Any) -> dict[str, Any]:
    return dict(
        function_name="fn",
        event_source_arn=docdb_cluster_arn(),
        starting_position="LATEST",
        source_access_configuration=ACCESS,
        document_db_event_source_config=dict({"database_name": "orders", "collection_name": collection}, **extra),
    )


@pytest.mark.parametrize("accepts", [False, True], ids=["update-refuses-namespace", "update-accepts-namespace"])
def test_documentdb_full_document_change_sends_it_alone(esm, srv, lam, fn, accepts):
    srv.configure(docdb_update_accepts_namespace=accepts)
    uuid = esm(**docdb())["event_source_mapping"]["uuid"]
    srv.reset_requests()
    assert esm(**docdb(full_document="UpdateLookup"))["changed"] is True
    updates = [r["body"] for r in srv.requests() if r.get("operation") == "UpdateEventSourceMapping"]
    assert updates == [{"DocumentDBEventSourceConfig": {"FullDocument": "UpdateLookup"}}]
    config = lam.get_event_source_mapping(UUID=uuid)["DocumentDBEventSourceConfig"]
    assert config == {"DatabaseName": "orders", "CollectionName": "transactions", "FullDocument": "UpdateLookup"}
    assert esm(**docdb(full_document="UpdateLookup"))["changed"] is False


def namespace(database: str, collection: str | None) -> dict[str, Any]:
    task = docdb()
    task["document_db_event_source_config"] = {"database_name": database}
    if collection is not None:
        task["document_db_event_source_config"]["collection_name"] = collection
    return task


@pytest.mark.parametrize("accepts", [False, True], ids=["update-refuses-namespace", "update-accepts-namespace"])
@pytest.mark.parametrize(
    "before, after",
    [
        (("orders", "transactions"), ("orders", "refunds")),
        # Held without a collection (all of them): naming one is a change, not "unreported".
        (("orders", None), ("orders", "refunds")),
        (("orders", "transactions"), ("archive", "transactions")),
    ],
    ids=["collection", "all-to-one", "database"],
)
def test_documentdb_namespace_change_is_a_replacement(esm, srv, lam, fn, accepts, before, after):
    srv.configure(docdb_update_accepts_namespace=accepts)
    uuid = esm(**namespace(*before))["event_source_mapping"]["uuid"]
    task = namespace(*after)
    srv.reset_requests()
    for check in (True, False):
        refused = esm(check=check, **task)
        assert refused["failed"] and "document_db_event_source_config." in refused["msg"], refused
        assert "allow_replacement" in refused["msg"]
    assert writes(srv) == []
    assert [m["UUID"] for m in held(lam, FunctionName="fn")] == [uuid]
    replaced = esm(allow_replacement=True, **task)
    assert replaced["changed"] is True
    [now] = held(lam, FunctionName="fn")
    assert now["UUID"] != uuid
    config = now["DocumentDBEventSourceConfig"]
    assert (config["DatabaseName"], config.get("CollectionName")) == after
    assert esm(**task)["changed"] is False


def test_set_documentdb_identity_and_namespace(esm_set, srv, lam, fn):
    item = {k: v for k, v in docdb().items() if k != "function_name"}
    assert esm_set(function_name="fn", mappings=[item])["changed"] is True
    [first] = held(lam, FunctionName="fn")
    other = dict(item, document_db_event_source_config={"database_name": "orders", "collection_name": "refunds"})
    # docs/aws-behaviour.md §6: function + cluster is the identity, so two items on one cluster name one mapping.
    twice = esm_set(function_name="fn", mappings=[item, other])
    assert twice["failed"] and "name the same event source mapping" in twice["msg"]
    srv.reset_requests()
    refused = esm_set(function_name="fn", mappings=[other])
    assert refused["failed"] and "document_db_event_source_config.collection_name" in refused["msg"]
    assert writes(srv) == []
    assert [m["UUID"] for m in held(lam, FunctionName="fn")] == [first["UUID"]]


# ---------------------------------------------------------------- §3 Kafka error handling (docs/aws-behaviour.md §9)


def msk(**extra: Any) -> dict[str, Any]:
    return dict(
        function_name="fn", event_source_arn=msk_cluster_arn(), topics=["orders"], starting_position="LATEST", **extra
    )


ERROR_HANDLING = [
    {"bisect_batch_on_function_error": True},
    {"maximum_retry_attempts": 3},
    {"maximum_record_age_in_seconds": 3600},
    {"function_response_types": ["ReportBatchItemFailures"]},
    {"destination_config": {"on_failure": {"destination_arn": "kafka://failed"}}},
]


@pytest.mark.parametrize("setting", ERROR_HANDLING, ids=[next(iter(s)) for s in ERROR_HANDLING])
def test_kafka_error_handling_needs_pollers_to_create(esm, esm_set, srv, lam, fn, setting):
    srv.reset_requests()
    for check in (True, False):
        refused = esm(check=check, **msk(**setting))
        assert refused["failed"] and "provisioned_poller_config" in refused["msg"], refused
        item = {k: v for k, v in msk(**setting).items() if k != "function_name"}
        refused = esm_set(check=check, function_name="fn", mappings=[item])
        assert refused["failed"] and "provisioned_poller_config" in refused["msg"], refused
    assert writes(srv) == [] and held(lam, FunctionName="fn") == []
    made = esm(**msk(provisioned_poller_config=POLLERS, **setting))
    assert made["changed"] is True
    assert held(lam, FunctionName="fn")[0]["ProvisionedPollerConfig"] == {"MinimumPollers": 1, "MaximumPollers": 2}


def test_kafka_sqs_destination_needs_no_pollers(esm, lam, fn):
    dlq = "arn:aws:sqs:us-east-1:123456789012:dlq"
    assert esm(**msk(destination_config={"on_failure": {"destination_arn": dlq}}))["changed"] is True
    assert held(lam, FunctionName="fn")[0]["DestinationConfig"]["OnFailure"]["Destination"] == dlq


def test_kafka_error_handling_on_update_and_clearing_the_pollers(esm, esm_set, srv, lam, fn):
    uuid = esm(**msk())["event_source_mapping"]["uuid"]
    srv.reset_requests()
    for check in (True, False):
        refused = esm(check=check, **msk(maximum_retry_attempts=3))
        assert refused["failed"] and "provisioned_poller_config" in refused["msg"]
    assert writes(srv) == []
    assert esm(**msk(maximum_retry_attempts=3, provisioned_poller_config=POLLERS))["changed"] is True
    # Held now: retries and pollers. Clearing the pollers alone is refused, in both modules.
    srv.reset_requests()
    clear = msk(provisioned_poller_config={})
    for check in (True, False):
        refused = esm(check=check, **clear)
        assert refused["failed"] and refused["msg"].startswith("provisioned_poller_config cannot be removed")
        item = {k: v for k, v in clear.items() if k != "function_name"}
        refused = esm_set(check=check, function_name="fn", mappings=[item])
        assert refused["failed"] and "provisioned_poller_config cannot be removed" in refused["msg"]
    assert writes(srv) == []
    assert lam.get_event_source_mapping(UUID=uuid)["ProvisionedPollerConfig"]
    assert esm(**msk(provisioned_poller_config={}, maximum_retry_attempts=-1))["changed"] is True
    now = lam.get_event_source_mapping(UUID=uuid)
    assert "ProvisionedPollerConfig" not in now and now["MaximumRetryAttempts"] == -1


def test_kafka_destination_is_not_the_source_topic(esm, srv, lam, fn):
    srv.reset_requests()
    task = msk(
        provisioned_poller_config=POLLERS, destination_config={"on_failure": {"destination_arn": "kafka://orders"}}
    )
    refused = esm(**task)
    assert refused["failed"] and "destination_config.on_failure.destination_arn" in refused["msg"]
    assert lambda_requests(srv) == []


def test_kafka_replacement_that_would_be_refused_deletes_nothing(esm, esm_set, srv, lam, fn):
    """Issue 16 §3: a replacement whose new mapping needs pollers it would not have is refused before the delete
    (before: delete, AWS refuses the create, and the restore re-creates the mapping under a new UUID each run)."""
    uuid = esm(**msk())["event_source_mapping"]["uuid"]
    task = msk(maximum_retry_attempts=3, allow_replacement=True)
    task["starting_position"] = "TRIM_HORIZON"
    srv.reset_requests()
    for check in (True, False):
        refused = esm(check=check, **task)
        assert refused["failed"] and "provisioned_poller_config" in refused["msg"], refused
        assert refused.get("changed") is not True
    item = {k: v for k, v in task.items() if k not in ("function_name", "allow_replacement")}
    refused = esm_set(function_name="fn", allow_replacement=True, mappings=[item])
    assert refused["failed"] and "provisioned_poller_config" in refused["msg"], refused
    assert writes(srv) == []
    [still] = held(lam, FunctionName="fn")
    assert (still["UUID"], still["StartingPosition"]) == (uuid, "LATEST")


# ---------------------------------------------------------------- §4 source forms (docs/aws-behaviour.md §9)


def test_kinesis_stream_consumer_source(esm, lam, fn, stream):
    consumer = f"{stream}/consumer/reader:1700000000"
    made = esm(function_name="fn", event_source_arn=consumer, starting_position="LATEST")
    assert made["changed"] is True
    assert esm(function_name="fn", event_source_arn=consumer, starting_position="LATEST")["changed"] is False
    # docs/aws-behaviour.md §6: the stream and its consumer are different sources, so different mappings.
    assert esm(function_name="fn", event_source_arn=stream, starting_position="LATEST")["changed"] is True
    assert sorted(m["EventSourceArn"] for m in held(lam, FunctionName="fn")) == sorted([stream, consumer])


def test_msk_vpc_connection_source(esm, esm_set, lam, fn):
    connection = "arn:aws:kafka:us-east-1:123456789012:vpc-connection/444455556666/my-cluster/51jn98b4-0a61-46cc-b0a6-61g9a3d797d5-7"
    task = {"event_source_arn": connection, "topics": ["orders"], "starting_position": "LATEST"}
    assert esm(function_name="fn", **task)["changed"] is True
    assert esm(function_name="fn", **task)["changed"] is False
    assert esm_set(function_name="fn", mappings=[task])["changed"] is False
    assert [m["EventSourceArn"] for m in held(lam, FunctionName="fn")] == [connection]


# ---------------------------------------------------------------- §7 the secret MQ and DocumentDB create with


@pytest.mark.parametrize(
    "task",
    [
        {"event_source_arn": mq_broker_arn(), "queues": ["orders"]},
        {
            "event_source_arn": mq_broker_arn(),
            "queues": ["orders"],
            "source_access_configuration": [{"type": "VIRTUAL_HOST", "uri": "/prod"}],
        },
        {"event_source_arn": docdb_cluster_arn(), "document_db_event_source_config": {"database_name": "orders"}},
    ],
    ids=["mq", "rabbitmq-without-secret", "documentdb"],
)
def test_create_needs_basic_auth(esm, esm_set, srv, lam, fn, task):
    srv.reset_requests()
    for check in (True, False):
        refused = esm(check=check, function_name="fn", **task)
        assert refused["failed"] and refused["msg"].startswith("source_access_configuration must hold a BASIC_AUTH")
        refused = esm_set(check=check, function_name="fn", mappings=[task])
        assert refused["failed"] and "BASIC_AUTH" in refused["msg"]
    assert writes(srv) == [] and held(lam, FunctionName="fn") == []
    access = task.get("source_access_configuration", []) + ACCESS
    assert esm(function_name="fn", **dict(task, source_access_configuration=access))["changed"] is True
    # An update needs no secret in the task.
    assert (
        esm(function_name="fn", batch_size=5, **{k: v for k, v in task.items() if k != "source_access_configuration"})[
            "changed"
        ]
        is True
    )
    assert held(lam, FunctionName="fn")[0]["BatchSize"] == 5
