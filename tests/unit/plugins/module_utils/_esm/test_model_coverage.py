"""The option table covers the installed botocore's Lambda model: every member of CreateEventSourceMapping and
UpdateEventSourceMapping, of their nested structures and maps, and every value of their enums.

When AWS adds a member or an enum value, a botocore release brings it and this test fails until the table (and
with it the argument spec, the docs and the SDK check) knows it. It also runs the check on tables with one member
or one enum value taken out, to show that it notices a gap.
"""

from __future__ import annotations

from typing import Any

import botocore
import botocore.session
import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import options, sdk
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import FIELDS, ListOf, Scalar, Struct

OPERATIONS = ("CreateEventSourceMapping", "UpdateEventSourceMapping")

# Members that are not mapping options of the table, each with where the module handles it.
NOT_IN_THE_TABLE = {
    "FunctionName": "function_name (identity.py)",
    "Tags": "tags (the tag calls, docs/aws-behaviour.md §8)",
    "UUID": "uuid (Update names the mapping)",
    # docs/aws-behaviour.md §2: OnSuccess is "not supported in Create/UpdateEventSourceMapping".
    "DestinationConfig.OnSuccess": "not supported by event source mappings",
}


def lambda_model() -> Any:
    return botocore.session.get_session().get_service_model("lambda")


def _member(node: Any, api: str) -> Any:
    if isinstance(node, Struct):
        return next((member for member in node.members if member.api == api), None)
    return None


def gaps(shape: Any, node: Any, path: str) -> list[str]:
    """What the model has at ``path`` (botocore ``shape``) that the table's ``node`` (a Shape) does not know."""
    found: list[str] = []
    if shape.type_name == "structure":
        for name, sub in shape.members.items():
            here = f"{path}.{name}" if path else name
            member = _member(node, name)
            if member is None:
                if here not in NOT_IN_THE_TABLE:
                    found.append(here)
                continue
            found += gaps(sub, member.shape, here)
    elif shape.type_name == "list":
        found += gaps(shape.member, node.element if isinstance(node, ListOf) else node, f"{path}[]")
    elif shape.type_name == "map":
        # SelfManagedEventSource.Endpoints: each key of the enum is a key of the block.
        for key in shape.key.enum or []:
            member = _member(node, key)
            if member is None:
                found.append(f"{path}.{key}")
            else:
                found += gaps(shape.value, member.shape, f"{path}.{key}")
    elif getattr(shape, "enum", None):
        choices = node.choices if isinstance(node, Scalar) else None
        if choices is None:
            found.append(f"{path} (an enum; the table has no choices)")
        else:
            found += [f"{path}={value}" for value in shape.enum if value not in choices]
    return found


def model_gaps(root: Struct) -> list[str]:
    model = lambda_model()
    found: list[str] = []
    for operation in OPERATIONS:
        found += [f"{operation}: {gap}" for gap in gaps(model.operation_model(operation).input_shape, root, "")]
    return found


def test_the_table_knows_every_member_and_enum_value_of_the_installed_model() -> None:
    assert model_gaps(Struct(*FIELDS)) == [], f"botocore {botocore.__version__} has members the option table lacks"


def test_every_exception_is_still_in_the_model() -> None:
    # An exception that the model no longer has would hide nothing, but would be stale.
    model = lambda_model()
    create = model.operation_model("CreateEventSourceMapping").input_shape
    update = model.operation_model("UpdateEventSourceMapping").input_shape
    for path in NOT_IN_THE_TABLE:
        first, *rest = path.split(".")
        shape = (create.members.get(first) or update.members.get(first)) if first != "UUID" else update.members["UUID"]
        for name in rest:
            shape = shape.members[name]
        assert shape is not None, path


def model_knows(minimum: str) -> bool:
    """Whether the installed botocore is at least ``minimum`` (the SDK table's release for a member or value)."""
    return sdk.version_tuple(botocore.__version__) >= sdk.version_tuple(minimum)


# The checks below take one member or enum value out of the table and expect the gap to be noticed exactly when the
# installed botocore's model has it (the units run on the oldest supported botocore too, whose model lacks the
# newer ones): on the newest botocore each is noticed; on the oldest, the ones it lacks are not, and
# test_old_sdk.py shows the SDK check refusing them there.


@pytest.mark.parametrize(
    "name, expected, minimum",
    [
        ("batch_size", "CreateEventSourceMapping: BatchSize", sdk.MINIMUM_BOTOCORE),
        ("logging_config", "UpdateEventSourceMapping: LoggingConfig", sdk.OPTION_MINIMUMS["logging_config"]),
    ],
)
def test_a_top_level_option_taken_out_is_noticed(name: str, expected: str, minimum: str) -> None:
    found = model_gaps(Struct(*(field for field in FIELDS if field.name != name)))
    assert (expected in found) is model_knows(minimum), found


def test_a_nested_member_taken_out_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    block = options.FIELDS_BY_NAME["self_managed_kafka_event_source_config"].shape
    monkeypatch.setattr(block, "members", tuple(m for m in block.members if m.name != "consumption_mode"))
    found = model_gaps(Struct(*FIELDS))
    minimum = sdk.OPTION_MINIMUMS["self_managed_kafka_event_source_config.consumption_mode"]
    expected = "CreateEventSourceMapping: SelfManagedKafkaEventSourceConfig.ConsumptionMode"
    assert (expected in found) is model_knows(minimum), found


@pytest.mark.parametrize("value", ["IAM_AUTH", "OAUTHBEARER_SCOPE", "BASIC_AUTH"])
def test_an_enum_value_taken_out_is_noticed(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    access = options.FIELDS_BY_NAME["source_access_configuration"].shape.element
    type_shape = next(m for m in access.members if m.name == "type").shape
    monkeypatch.setattr(type_shape, "choices", tuple(c for c in type_shape.choices if c != value))
    found = model_gaps(Struct(*FIELDS))
    minimum = sdk.VALUE_MINIMUMS.get(f"source_access_configuration.type {value}", sdk.MINIMUM_BOTOCORE)
    assert (f"UpdateEventSourceMapping: SourceAccessConfigurations[].Type={value}" in found) is model_knows(minimum)


def test_a_schema_registry_auth_type_taken_out_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = options.SCHEMA_REGISTRY
    access = next(m for m in registry.members if m.name == "access_config").shape.element
    type_shape = next(m for m in access.members if m.name == "type").shape
    monkeypatch.setattr(type_shape, "choices", tuple(c for c in type_shape.choices if c != "OAUTHBEARER_AUTH"))
    found = model_gaps(Struct(*FIELDS))
    knows = model_knows(
        sdk.VALUE_MINIMUMS[
            "self_managed_kafka_event_source_config.schema_registry_config.access_config.type OAUTHBEARER_AUTH"
        ]
    )
    for kafka in ("SelfManagedKafkaEventSourceConfig", "AmazonManagedKafkaEventSourceConfig"):
        gap = f"CreateEventSourceMapping: {kafka}.SchemaRegistryConfig.AccessConfigs[].Type=OAUTHBEARER_AUTH"
        assert (gap in found) is knows, found
