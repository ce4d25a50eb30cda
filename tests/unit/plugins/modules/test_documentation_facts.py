"""The main module's documentation states what the option table says: which kinds of source an option
applies to, its range and length, that it can only be set at creation, that a create needs it, and AWS's defaults.

DOCUMENTATION stays a literal that ansible-doc reads without importing the module; this test keeps its prose
facts in step with plugins/module_utils/_esm/options.py, so a rule changed in one place fails here until the
other says the same.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.esmkit.aws.plugins.module_utils._esm import options

MODULE = Path(importlib.import_module("ansible_collections.esmkit.aws.plugins.modules").__path__[0]) / (
    "lambda_event_source_mapping.py"
)

# How the documentation names each kind of source.
DOC_NAMES = {
    options.SQS: "SQS",
    options.KINESIS: "Kinesis",
    options.DYNAMODB: "DynamoDB",
    options.MSK: "MSK",
    options.KAFKA: "self-managed Kafka",
    options.MQ: "Amazon MQ",
    options.DOCDB: "DocumentDB",
}


def _documented() -> dict[tuple[str, ...], str]:
    """Option path -> its description as plain text (markup such as V(x) and O(x) reduced to x)."""
    tree = ast.parse(MODULE.read_text())
    text = next(
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION"
    )
    found: dict[tuple[str, ...], str] = {}

    def walk(entries: dict, path: tuple[str, ...]) -> None:
        for name, entry in entries.items():
            description = entry["description"]
            lines = description if isinstance(description, list) else [description]
            found[path + (name,)] = re.sub(r"\b[VOCRIE]\(([^)]*)\)", r"\1", " ".join(lines))
            walk(entry.get("suboptions") or {}, path + (name,))

    walk(yaml.safe_load(text)["options"], ())
    return found


DOCUMENTED = _documented()
MEMBERS = list(options.table_members())


def _ids(rows):
    return [".".join(row[0]) for row in rows]


def _names(kinds) -> list[str]:
    return [DOC_NAMES[kind] for kind in sorted(kinds, key=list(DOC_NAMES).index)]


def _says_kinds(text: str, kinds) -> bool:
    """Every kind the option applies to is named, or a "Not for ..." sentence names every kind it does not."""
    lowered = text.lower()
    if all(name.lower() in lowered for name in _names(kinds)):
        return True
    excluded = options.ALL_KINDS - set(kinds)
    match = re.search(r"not for ([^.]*)\.", lowered)
    return bool(match) and all(name.lower() in match.group(1) for name in _names(excluded))


def test_every_option_of_the_table_is_documented():
    assert set(_ids(MEMBERS)) <= {".".join(path) for path in DOCUMENTED}


KIND_ROWS = [(path, member) for path, member in MEMBERS if member.kinds not in (None, options.ALL_KINDS)]


@pytest.mark.parametrize(("path", "member"), KIND_ROWS, ids=_ids(KIND_ROWS))
def test_the_kinds_an_option_applies_to(path, member):
    assert _says_kinds(DOCUMENTED[path], member.kinds), (DOCUMENTED[path], _names(member.kinds))


RANGE_ROWS = [(path, member) for path, member in MEMBERS if member.range or member.kind_range]


@pytest.mark.parametrize(("path", "member"), RANGE_ROWS, ids=_ids(RANGE_ROWS))
def test_ranges(path, member):
    text = DOCUMENTED[path]
    if member.range:
        assert "{} to {}".format(*member.range) in text, text
    for value in member.also:
        assert str(value) in text, text
    for kind, (low, high) in member.kind_range.items():
        assert re.search(rf"{low} to {high} for [^.,;]*{DOC_NAMES[kind]}", text), (text, kind)


LENGTH_ROWS = [(path, member) for path, member in MEMBERS if member.length and member.length[1] is not None]


@pytest.mark.parametrize(("path", "member"), LENGTH_ROWS, ids=_ids(LENGTH_ROWS))
def test_lengths(path, member):
    assert "{} to {} characters".format(*member.length) in DOCUMENTED[path]


# (path, the sentence that says so): create-only options and keys, and list entries create-only by their value.
CREATE_ONLY_ROWS = [(path, "Can only be set at creation.") for path, member in MEMBERS if member.create_only] + [
    (path, f"{member.shape.create_only_entries[1]} entry can only be set at creation")
    for path, member in MEMBERS
    if isinstance(member.shape, options.ListOf) and member.shape.create_only_entries
]


@pytest.mark.parametrize(("path", "sentence"), CREATE_ONLY_ROWS, ids=_ids(CREATE_ONLY_ROWS))
def test_what_can_only_be_set_at_creation(path, sentence):
    assert sentence in DOCUMENTED[path]


def _said(path, pattern):
    """What the documentation of ``path`` says after ``pattern``'s opening words (its group 1)."""
    text = DOCUMENTED[path]
    match = re.search(pattern, text)
    assert match, text
    return match, text


REQUIRED_ROWS = [(path, member) for path, member in MEMBERS if member.required_on_create]


@pytest.mark.parametrize(("path", "member"), REQUIRED_ROWS, ids=_ids(REQUIRED_ROWS))
def test_required_to_create(path, member):
    match, text = _said(path, r"Required to create a mapping for ([^.;]*)")
    assert all(name in match.group(1) for name in _names(member.required_on_create)), text


DEFAULT_ROWS = [(path, member) for path, member in MEMBERS if member.aws_default]


@pytest.mark.parametrize(("path", "member"), DEFAULT_ROWS, ids=_ids(DEFAULT_ROWS))
def test_aws_defaults(path, member):
    match, text = _said(path, r"AWS defaults to (.*)")
    for value in set(member.aws_default.values()):
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        assert re.search(rf"(?<![\w-]){re.escape(shown)}(?![\w-])", match.group(1)), (text, value)


def test_the_table_states_every_rule_the_documentation_is_checked_for():
    # Guard against an empty table making the tests above vacuous.
    assert len(KIND_ROWS) >= 15 and len(RANGE_ROWS) >= 8 and len(CREATE_ONLY_ROWS) >= 9
    assert len(REQUIRED_ROWS) == 3 and len(DEFAULT_ROWS) >= 8
