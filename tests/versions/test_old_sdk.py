"""The oldest supported SDK: the per-option table holds for its botocore, and a newer option fails before any request.

Run in the row with the collection's minimum boto3/botocore (``make versions``, row 2.17).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import options, sdk
from tests.support.builders import msk_cluster_arn, secret_arn
from tests.versions.conftest import module_python

SQS = {"function_name": "fn", "event_source_arn": "arn:aws:sqs:us-east-1:123456789012:orders"}
MSK = {"function_name": "fn", "event_source_arn": msk_cluster_arn(), "topics": ["orders"]}
KAFKA = {
    "function_name": "fn",
    "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "b1:9092"}},
    "topics": ["orders"],
    "source_access_configuration": [{"type": "BASIC_AUTH", "uri": secret_arn()}],
}
REGISTRY = {
    "schema_registry_uri": "arn:aws:glue:us-east-1:123456789012:registry/orders",
    "event_record_format": "JSON",
    "schema_validation_config": [{"attribute": "VALUE"}],
}
# A task for each option newer than the oldest supported botocore.
TASKS: dict[str, dict[str, Any]] = {
    "metrics_config": dict(SQS, metrics_config={"metrics": ["EventCount"]}),
    "provisioned_poller_config": dict(SQS, provisioned_poller_config={"minimum_pollers": 2, "maximum_pollers": 10}),
    "amazon_managed_kafka_event_source_config.schema_registry_config": dict(
        MSK, amazon_managed_kafka_event_source_config={"schema_registry_config": REGISTRY}
    ),
    "self_managed_kafka_event_source_config.schema_registry_config": dict(
        KAFKA, self_managed_kafka_event_source_config={"consumer_group_id": "g", "schema_registry_config": REGISTRY}
    ),
    "provisioned_poller_config.poller_group_name": dict(
        KAFKA, provisioned_poller_config={"minimum_pollers": 1, "maximum_pollers": 5, "poller_group_name": "orders"}
    ),
    "logging_config": dict(KAFKA, logging_config={"system_log_level": "WARN"}),
    "self_managed_kafka_event_source_config.consumption_mode": dict(
        KAFKA, self_managed_kafka_event_source_config={"consumption_mode": "Queue"}
    ),
}
OAUTH = [{"type": "OAUTHBEARER_AUTH", "uri": secret_arn()}]
# A task for each enum value newer than the oldest supported botocore (sdk.VALUE_MINIMUMS), with the option the
# failure names (list entries by their index).
VALUE_TASKS: dict[str, tuple[dict[str, Any], str]] = {
    "source_access_configuration.type OAUTHBEARER_AUTH": (
        dict(KAFKA, source_access_configuration=OAUTH),
        "source_access_configuration[0].type OAUTHBEARER_AUTH",
    ),
    **{
        f"source_access_configuration.type {kind}": (
            dict(KAFKA, source_access_configuration=[*OAUTH, {"type": kind, "uri": "value"}]),
            f"source_access_configuration[1].type {kind}",
        )
        for kind in (
            "OAUTHBEARER_SCOPE",
            "OAUTHBEARER_AUDIENCE",
            "OAUTHBEARER_LOGICAL_CLUSTER",
            "OAUTHBEARER_IDENTITY_POOL",
        )
    },
    "source_access_configuration.type IAM_AUTH": (
        dict(KAFKA, source_access_configuration=[{"type": "IAM_AUTH"}]),
        "source_access_configuration[0].type IAM_AUTH",
    ),
    "source_access_configuration.type IAM_OAUTHBEARER_AUTH": (
        dict(
            KAFKA,
            source_access_configuration=[
                {"type": "IAM_OAUTHBEARER_AUTH"},
                {"type": "OAUTHBEARER_AUDIENCE", "uri": "k"},
            ],
        ),
        "source_access_configuration[0].type IAM_OAUTHBEARER_AUTH",
    ),
    **{
        f"{block}.schema_registry_config.access_config.type OAUTHBEARER_AUTH": (
            dict(
                MSK if block.startswith("amazon") else KAFKA,
                **{block: {"schema_registry_config": dict(REGISTRY, access_config=OAUTH)}},
            ),
            f"{block}.schema_registry_config.access_config[0].type OAUTHBEARER_AUTH",
        )
        for block in ("amazon_managed_kafka_event_source_config", "self_managed_kafka_event_source_config")
    },
}


@pytest.fixture(scope="module")
def botocore_version(module_versions: dict[str, str]) -> str:
    version = module_versions["botocore"]
    assert version == sdk.MINIMUM_BOTOCORE, "this file tests the row with the oldest supported botocore"
    assert module_versions["boto3"] == sdk.MINIMUM_BOTO3
    return version


def api_path(path: str) -> list[str]:
    """The API member names the option at ``path`` sends, from the option table."""
    if path == "tags":
        return ["Tags"]
    first, *rest = path.split(".")
    field = options.FIELDS_BY_NAME[first]
    names, shape = [field.api], field.shape
    for key in rest:
        member = next(m for m in shape.members if m.name == key)
        names.append(member.api)
        shape = member.shape
    return names


KNOWN = """
import json, sys
import botocore.session
shape = botocore.session.get_session().get_service_model("lambda").operation_model("CreateEventSourceMapping").input_shape
def known(names):
    current = shape
    for name in names:
        if name not in current.members:
            return False
        current = current.members[name]
    return True
print(json.dumps({path: known(names) for path, names in json.loads(sys.argv[1]).items()}))
"""


def test_the_table_matches_this_botocores_own_model(botocore_version: str) -> None:
    paths = {path: api_path(path) for path in sdk.OPTION_MINIMUMS}
    known = json.loads(module_python(KNOWN, json.dumps(paths)))
    have = sdk.version_tuple(botocore_version)
    expected = {path: sdk.version_tuple(need) <= have for path, need in sdk.OPTION_MINIMUMS.items()}
    assert known == expected


ENUM = """
import json, sys
import botocore.session
model = botocore.session.get_session().get_service_model("lambda")
shape = model.operation_model("CreateEventSourceMapping").input_shape
found = {}
for key, names in json.loads(sys.argv[1]).items():
    current = shape
    for name in names:
        # A block this botocore does not know yet (a schema registry before 1.38.40) knows none of its values.
        if current is None:
            break
        current = current.member if name == "[]" else current.members.get(name)
    found[key] = current is not None and key.split(" ")[1] in (current.enum or [])
print(json.dumps(found))
"""


def test_the_value_table_matches_this_botocores_own_model(botocore_version: str) -> None:
    paths = {}
    for key in sdk.VALUE_MINIMUMS:
        path = key.split(" ")[0]
        first, *rest = path.split(".")
        field = options.FIELDS_BY_NAME[first]
        names, shape = [field.api], field.shape
        for step in rest:
            if isinstance(shape, options.ListOf):
                names.append("[]")
                shape = shape.element
            member = next(m for m in shape.members if m.name == step)
            names.append(member.api)
            shape = member.shape
        if isinstance(shape, options.ListOf):
            names.append("[]")
        paths[key] = names
    known = json.loads(module_python(ENUM, json.dumps(paths)))
    have = sdk.version_tuple(botocore_version)
    assert known == {key: sdk.version_tuple(need) <= have for key, need in sdk.VALUE_MINIMUMS.items()}


def test_this_botocore_checks_no_enum_values(botocore_version: str) -> None:
    # Why enum values (ErrorCount, KafkaMetrics) need no minimum of their own (docs/aws-behaviour.md §2); the OAuth
    # and IAM access types have one anyway (sdk.VALUE_MINIMUMS: supported from the release whose model has them).
    code = (
        "import botocore.session, botocore.validate\n"
        "model = botocore.session.get_session().get_service_model('lambda')\n"
        "shape = model.operation_model('CreateEventSourceMapping').input_shape\n"
        "botocore.validate.validate_parameters({'FunctionName': 'fn', 'StartingPosition': 'NOT_A_POSITION',"
        " 'SourceAccessConfigurations': [{'Type': 'NOT_A_TYPE', 'URI': 'x'}]}, shape)\n"
        "print('accepted')\n"
    )
    assert module_python(code).strip() == "accepted"


def test_every_option_newer_than_this_botocore_has_a_task(botocore_version: str) -> None:
    have = sdk.version_tuple(botocore_version)
    assert set(TASKS) == {path for path, need in sdk.OPTION_MINIMUMS.items() if sdk.version_tuple(need) > have}
    assert set(VALUE_TASKS) == {key for key, need in sdk.VALUE_MINIMUMS.items() if sdk.version_tuple(need) > have}


@pytest.mark.parametrize("key", sorted(VALUE_TASKS))
def test_a_newer_enum_value_fails_before_any_request_naming_option_and_version(
    key: str, botocore_version: str, esm: Any, srv: Any
) -> None:
    task, named = VALUE_TASKS[key]
    srv.reset_requests()
    result = esm(**task)
    assert result.get("failed") is True, result
    assert f"{named} needs botocore >= {sdk.VALUE_MINIMUMS[key]}" in result["msg"], result["msg"]
    assert f"has botocore {botocore_version}" in result["msg"], result["msg"]
    assert srv.requests() == [], "no request may reach AWS"


@pytest.mark.parametrize("path", sorted(TASKS))
def test_a_newer_option_fails_before_any_request_naming_option_and_version(
    path: str, botocore_version: str, esm: Any, srv: Any
) -> None:
    srv.reset_requests()
    result = esm(**TASKS[path])
    assert result.get("failed") is True, result
    # The option named first is the oldest requirement: a nested member's block when that is too new as well.
    assert result["option"] == sdk.too_new(TASKS[path], botocore_version)[0][0].split(" ")[0], result
    assert f"{path} needs botocore >= {sdk.OPTION_MINIMUMS[path]}" in result["msg"], result["msg"]
    assert f"has botocore {botocore_version}" in result["msg"], result["msg"]
    assert "Traceback" not in result.get("stderr", "")
    assert srv.requests() == [], "no request may reach AWS"


def test_a_mapping_with_tags_works_on_the_oldest_sdk(esm: Any, lam: Any, fn: str, queue: str) -> None:
    # Tags need EventSourceMappingArn, which is why 1.35.23 is the collection's minimum.
    result = esm(function_name="fn", event_source_arn=queue, batch_size=5, tags={"Cost Center": "Orders"})
    assert result.get("failed") is not True, result
    assert result["changed"] is True
    assert not [w for w in result.get("warnings", []) if "esmkit.aws needs boto3" in w]
    held = lam.get_event_source_mapping(UUID=result["event_source_mapping"]["uuid"])
    assert held["BatchSize"] == 5
    assert lam.list_tags(Resource=held["EventSourceMappingArn"])["Tags"] == {"Cost Center": "Orders"}
    again = esm(function_name="fn", event_source_arn=queue, batch_size=5, tags={"Cost Center": "Orders"})
    assert again["changed"] is False, again
