"""Kind-specific rules: Kafka identity, generated consumer groups, RabbitMQ virtual hosts,
DocumentDB, kafka:// destinations, logging; each checked against what the endpoint holds."""

from __future__ import annotations

import pytest

from tests.support.aws_fixtures import held
from tests.support.builders import docdb_cluster_arn, mq_broker_arn, msk_cluster_arn, secret_arn
from tests.support.module_helpers import rabbit_args

ACCESS = [{"type": "BASIC_AUTH", "uri": secret_arn()}]


def kafka(servers="b1:9092,b2:9092", topic="orders", **extra):
    return dict(
        function_name="fn",
        self_managed_event_source={"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}},
        topics=[topic],
        starting_position="TRIM_HORIZON",
        source_access_configuration=ACCESS,
        **extra,
    )


def test_kafka_brokers_are_a_set_and_topic_is_identity(esm, lam, fn):
    first = esm(**kafka())
    assert first["changed"] is True
    assert esm(**kafka(servers=["b2:9092", "b1:9092"]))["changed"] is False
    assert esm(**kafka(servers=" b2:9092 , b1:9092"))["changed"] is False
    other_topic = esm(**kafka(topic="refunds"))
    assert other_topic["changed"] is True
    assert sorted(m["Topics"][0] for m in held(lam, FunctionName="fn")) == ["orders", "refunds"]


def test_kafka_changed_brokers_are_create_only(esm, lam, fn):
    uuid = esm(**kafka())["event_source_mapping"]["uuid"]
    failed = esm(**kafka(servers="b1:9092,b3:9092"))
    assert failed["failed"] and "self_managed_event_source" in failed["msg"]
    assert lam.get_event_source_mapping(UUID=uuid)["SelfManagedEventSource"]["Endpoints"][
        "KAFKA_BOOTSTRAP_SERVERS"
    ] == ["b1:9092", "b2:9092"]
    replaced = esm(**kafka(servers="b1:9092,b3:9092", allow_replacement=True))
    assert replaced["changed"] is True
    mappings = held(lam, FunctionName="fn")
    assert len(mappings) == 1 and sorted(
        mappings[0]["SelfManagedEventSource"]["Endpoints"]["KAFKA_BOOTSTRAP_SERVERS"]
    ) == ["b1:9092", "b3:9092"]


def test_generated_consumer_group_is_not_drift(esm, lam, fn):
    made = esm(**kafka())["event_source_mapping"]
    assert made["self_managed_kafka_event_source_config"]["consumer_group_id"] == made["uuid"]
    assert esm(**kafka(batch_size=100))["changed"] is False
    failed = esm(**kafka(self_managed_kafka_event_source_config={"consumer_group_id": "mine"}))
    assert failed["failed"] and "consumer_group_id" in failed["msg"]


def test_kafka_updates_and_clears(esm, lam, fn):
    uuid = esm(**kafka())["event_source_mapping"]["uuid"]
    steps = [
        (
            {"provisioned_poller_config": {"minimum_pollers": 1, "maximum_pollers": 10}},
            lambda m: m.get("ProvisionedPollerConfig"),
            {"MinimumPollers": 1, "MaximumPollers": 10},
        ),
        (
            {"destination_config": {"on_failure": {"destination_arn": "kafka://failed-orders"}}},
            lambda m: m.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination"),
            "kafka://failed-orders",
        ),
        (
            {"logging_config": {"system_log_level": "WARN"}},
            lambda m: m.get("LoggingConfig"),
            {"SystemLogLevel": "WARN"},
        ),
        (
            {"source_access_configuration": ACCESS + [{"type": "VPC_SUBNET", "uri": "subnet:subnet-1"}]},
            lambda m: sorted(e["Type"] for e in m["SourceAccessConfigurations"]),
            ["BASIC_AUTH", "VPC_SUBNET"],
        ),
        (
            {"maximum_retry_attempts": 3, "bisect_batch_on_function_error": True},
            lambda m: (m.get("MaximumRetryAttempts"), m.get("BisectBatchOnFunctionError")),
            (3, True),
        ),
        (
            {"destination_config": {}},
            lambda m: (m.get("DestinationConfig") or {}).get("OnFailure", {}).get("Destination") or None,
            None,
        ),
        # docs/aws-behaviour.md §9: the pollers go only once no error handling needs them.
        (
            {"maximum_retry_attempts": -1, "bisect_batch_on_function_error": False},
            lambda m: (m.get("MaximumRetryAttempts"), m.get("BisectBatchOnFunctionError")),
            (-1, False),
        ),
        ({"provisioned_poller_config": {}}, lambda m: m.get("ProvisionedPollerConfig") or None, None),
    ]
    for extra, read, expected in steps:
        args = kafka(**{k: v for k, v in extra.items() if k != "source_access_configuration"})
        if "source_access_configuration" in extra:
            args["source_access_configuration"] = extra["source_access_configuration"]
        assert esm(check=True, **args)["changed"] is True, extra
        assert esm(**args)["changed"] is True, extra
        assert read(lam.get_event_source_mapping(UUID=uuid)) == expected, extra
        assert esm(check=True, **args)["changed"] is False, extra
        assert esm(**args)["changed"] is False, extra


def test_msk_topic_is_identity_and_accepts_kafka_destination(esm, lam, fn):
    base = {"function_name": "fn", "event_source_arn": msk_cluster_arn(), "starting_position": "LATEST"}
    esm(
        topics=["orders"],
        amazon_managed_kafka_event_source_config={"consumer_group_id": "lambda-consumer-group"},
        **base,
    )
    assert esm(topics=["inventory"], **base)["changed"] is True
    assert len(held(lam, EventSourceArn=msk_cluster_arn())) == 2
    dest = esm(
        topics=["orders"],
        destination_config={"on_failure": {"destination_arn": "kafka://dlq"}},
        provisioned_poller_config={"minimum_pollers": 1, "maximum_pollers": 2},
        **base,
    )
    assert dest["changed"] is True
    orders = [m for m in held(lam, EventSourceArn=msk_cluster_arn()) if m["Topics"] == ["orders"]][0]
    assert orders["DestinationConfig"]["OnFailure"]["Destination"] == "kafka://dlq"
    assert orders["AmazonManagedKafkaEventSourceConfig"]["ConsumerGroupId"] == "lambda-consumer-group"


def test_rabbitmq_virtual_host_is_create_only(esm, lam, fn):
    def rabbit(vhost, secret="secret"):
        return rabbit_args(secret=secret, vhost=vhost)

    uuid = esm(**rabbit("/production"))["event_source_mapping"]["uuid"]
    assert esm(**rabbit("/production"))["changed"] is False
    # The secret can be changed; the update leaves the virtual host out, as AWS requires.
    assert esm(**rabbit("/production", secret="rotated"))["changed"] is True
    assert esm(**rabbit("/production", secret="rotated"))["changed"] is False
    held_access = lam.get_event_source_mapping(UUID=uuid)["SourceAccessConfigurations"]
    assert {"Type": "BASIC_AUTH", "URI": secret_arn("rotated")} in held_access
    assert {"Type": "VIRTUAL_HOST", "URI": "/production"} in held_access
    failed = esm(**rabbit("/staging", secret="rotated"))
    assert failed["failed"] and "VIRTUAL_HOST" in failed["msg"]
    replaced = esm(allow_replacement=True, **rabbit("/staging", secret="rotated"))
    assert replaced["changed"] is True
    mappings = held(lam, EventSourceArn=mq_broker_arn())
    assert (
        len(mappings) == 1 and {"Type": "VIRTUAL_HOST", "URI": "/staging"} in mappings[0]["SourceAccessConfigurations"]
    )


def test_documentdb_full_document(esm, lam, fn):
    base = {
        "function_name": "fn",
        "event_source_arn": docdb_cluster_arn(),
        "starting_position": "LATEST",
        "source_access_configuration": ACCESS,
    }
    made = esm(document_db_event_source_config={"database_name": "orders", "collection_name": "transactions"}, **base)
    uuid = made["event_source_mapping"]["uuid"]
    assert made["event_source_mapping"]["document_db_event_source_config"]["full_document"] == "Default"
    args = dict(document_db_event_source_config={"database_name": "orders", "full_document": "UpdateLookup"}, **base)
    assert esm(**args)["changed"] is True
    config = lam.get_event_source_mapping(UUID=uuid)["DocumentDBEventSourceConfig"]
    assert config == {"DatabaseName": "orders", "CollectionName": "transactions", "FullDocument": "UpdateLookup"}
    assert esm(**args)["changed"] is False


@pytest.mark.parametrize("normalise", [False, True])
def test_kafka_filters(esm, srv, fn, normalise):
    srv.configure(normalise_patterns=normalise)
    pattern = {"value": {"kind": ["order"]}}
    esm(filter_criteria={"filter": [{"pattern": pattern}]}, **kafka())
    assert (
        esm(filter_criteria={"filter": [{"pattern": '{ "value" : { "kind" : [ "order" ] } }'}]}, **kafka())["changed"]
        is False
    )
