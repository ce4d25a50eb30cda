"""RETURN documents exactly the keys the normaliser can produce, with their types, so the two cannot drift.

The shape comes from ``normalise()`` itself, run on a mapping that holds every member the option table knows
(each with a value of its shape), so a key added to the table, to the output-only members or to the normaliser
shows up here until RETURN documents it.
"""

from __future__ import annotations

import ast
import datetime
import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import (
    FIELDS,
    ListOf,
    Pattern,
    Scalar,
    Servers,
    Shape,
    Struct,
    Timestamp,
)
from ansible_collections.esmkit.aws.plugins.module_utils._esm.translate import OUTPUT_MEMBERS, normalise

MODULES = Path(importlib.import_module("ansible_collections.esmkit.aws.plugins.modules").__path__[0])

# Keys whose value is free-form: documented as a dict without ``contains``.
FREE_FORM = frozenset(("tags",))

DOC_TYPES = {str: "str", int: "int", bool: "bool", dict: "dict", list: "list"}


def _return(module: str) -> dict[str, Any]:
    for node in ast.parse((MODULES / (module + ".py")).read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "RETURN":
            return yaml.safe_load(node.value.value)
    raise AssertionError(f"{module} has no RETURN")


def _api_value(shape: Shape) -> Any:
    """A value of ``shape`` as the API holds it, non-empty at every level."""
    if isinstance(shape, Struct):
        return {member.api: _api_value(member.shape) for member in shape.members}
    if isinstance(shape, ListOf):
        return [_api_value(shape.element)]
    if isinstance(shape, Timestamp):
        return datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)
    if isinstance(shape, Pattern):
        return '{"body": {"type": ["order"]}}'
    if isinstance(shape, Servers):
        return ["kafka1.example.com:9092"]
    if isinstance(shape, Scalar):
        if shape.choices:
            return shape.choices[0]
        return {"str": "value", "int": 7, "bool": True}[shape.spec_type]
    raise AssertionError(f"no sample value for {shape!r}")


def _maximal_mapping() -> dict[str, Any]:
    """An API mapping holding every member of the option table and every output-only member."""
    mapping: dict[str, Any] = {field.api: _api_value(field.shape) for field in FIELDS if field.name != "enabled"}
    mapping.update({member[1]: "value" for member in OUTPUT_MEMBERS})
    mapping["State"] = "Enabled"
    mapping["LastModified"] = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)
    mapping["FilterCriteriaError"] = {"ErrorCode": "KMSAccessDeniedException", "Message": "denied"}
    return mapping


def _value_tree(value: dict[str, Any]) -> dict[str, Any]:
    """{key: (doc type, subtree or None)} of a normalised mapping."""
    tree = {}
    for key, sub in value.items():
        subtree = None
        if key not in FREE_FORM:
            if isinstance(sub, dict):
                subtree = _value_tree(sub)
            elif isinstance(sub, list) and sub and isinstance(sub[0], dict):
                subtree = _value_tree(sub[0])
        tree[key] = (DOC_TYPES[type(sub)], subtree)
    return tree


def _doc_tree(contains: dict[str, Any], where: str = "") -> dict[str, Any]:
    """{key: (type, subtree or None)} of a RETURN ``contains``; every entry says what, when and which type."""
    tree = {}
    for key, entry in contains.items():
        path = where + key
        assert entry.get("description"), path
        assert entry.get("returned"), path
        assert entry.get("type") in DOC_TYPES.values(), path
        if entry["type"] == "list":
            assert entry.get("elements"), path
        subtree = _doc_tree(entry["contains"], path + ".") if "contains" in entry else None
        tree[key] = (entry["type"], subtree)
    return tree


NORMALISED = _value_tree(normalise(_maximal_mapping(), tags={"Cost Center": "Orders"}))


def test_the_maximal_mapping_reaches_every_option_of_the_table():
    # Guards the test itself: every option but enabled (derived from State) must come out of the normaliser.
    names = {field.name for field in FIELDS}
    assert names <= set(NORMALISED), sorted(names - set(NORMALISED))
    assert {"uuid", "arn", "function_arn", "state", "state_transition_reason", "last_processing_result"} <= set(
        NORMALISED
    )
    assert {"last_modified", "filter_criteria_error", "tags"} <= set(NORMALISED)


# Where each module documents a mapping: the main module one, the info and the set module a list of them.
MAPPING_RETURNS = {
    "lambda_event_source_mapping": "event_source_mapping",
    "lambda_event_source_mapping_info": "event_source_mappings",
    "lambda_event_source_mapping_set": "event_source_mappings",
}


@pytest.mark.parametrize("module", sorted(MAPPING_RETURNS))
def test_each_module_documents_exactly_the_normalised_shape(module):
    # ansible-doc of every module shows every key a returned mapping can have, with its type and sub-keys.
    key = MAPPING_RETURNS[module]
    documented = _doc_tree(_return(module)[key]["contains"], key + ".")
    assert documented == NORMALISED


def test_info_and_set_describe_the_keys_as_the_main_module_does():
    # The three copies say the same of each key; only when a key is returned may differ (the info module reads what
    # exists, the set module what its items set), and the info module's sample is a whole mapping.
    def described(module):
        contains = _return(module)[MAPPING_RETURNS[module]]["contains"]
        return {key: {k: v for k, v in entry.items() if k != "returned"} for key, entry in contains.items()}

    main = described("lambda_event_source_mapping")
    assert described("lambda_event_source_mapping_info") == main
    assert described("lambda_event_source_mapping_set") == main
    assert set(_return("lambda_event_source_mapping_info")["event_source_mappings"]["sample"][0]) <= set(NORMALISED)


def test_failure_keys_are_documented():
    aws_error = set(EsmError("failed", code="Code", message="message").result()["error"])
    main = _return("lambda_event_source_mapping")
    assert set(main["error"]["contains"]) == aws_error
    assert main["option"]["type"] == "str"
    assert set(main["replacement"]["contains"]) == {"old_uuid", "restored", "new_uuid", "old_configuration"}
    # A refused task names its option in every module.
    for module in ("lambda_event_source_mapping_info", "lambda_event_source_mapping_set"):
        assert _return(module)["option"]["type"] == "str", module
    replacement = _return("lambda_event_source_mapping_set")["replacement"]
    assert "RV(esmkit.aws.lambda_event_source_mapping#module:replacement)" in str(replacement["description"])
    assert set(replacement["sample"]) == set(main["replacement"]["contains"])
    for module in ("lambda_event_source_mapping_info", "lambda_event_source_mapping_set"):
        error = _return(module)["error"]
        assert set(error["sample"]) == aws_error, module
        assert "RV(esmkit.aws.lambda_event_source_mapping#module:error)" in str(error["description"]), module
