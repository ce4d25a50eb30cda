"""The modules' documentation parses and documents exactly the argument spec built from the option table.

ansible-test's validate-modules checks the same and more; this catches it in a second, not a minute.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
import yaml

from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import connection_argument_spec

MODULES = Path(importlib.import_module("ansible_collections.esmkit.aws.plugins.modules").__path__[0])
# The connection fragment is imported, as Ansible does: its credential options are built by a function.
FRAGMENT = yaml.safe_load(
    importlib.import_module(
        "ansible_collections.esmkit.aws.plugins.doc_fragments.connection"
    ).ModuleDocFragment.DOCUMENTATION
)


def _blocks(path: Path) -> dict:
    blocks = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            blocks[node.targets[0].id] = node.value.value
    return blocks


def _doc_options(path: Path) -> dict:
    options = dict(yaml.safe_load(_blocks(path)["DOCUMENTATION"])["options"])
    options.update(FRAGMENT["options"])
    return options


def _compare(spec: dict, docs: dict, where: str = "") -> None:
    assert sorted(spec) == sorted(docs), where
    for name, entry in spec.items():
        doc = docs[name]
        path = where + name
        assert doc["description"], path
        assert doc.get("type", "str") == entry.get("type", "str"), path
        assert doc.get("elements") == entry.get("elements"), path
        assert doc.get("choices") == entry.get("choices"), path
        assert doc.get("default") == entry.get("default"), path
        assert bool(doc.get("required")) == bool(entry.get("required")), path
        assert sorted(doc.get("aliases", [])) == sorted(entry.get("aliases", [])), path
        if "options" in entry:
            _compare(entry["options"], doc.get("suboptions", {}), path + ".")


@pytest.mark.parametrize("name", ["lambda_event_source_mapping", "lambda_event_source_mapping_info"])
def test_every_block_is_yaml(name):
    blocks = _blocks(MODULES / (name + ".py"))
    for block in ("DOCUMENTATION", "EXAMPLES", "RETURN"):
        assert yaml.safe_load(blocks[block]), block


def test_main_module_documents_its_argument_spec():
    module = importlib.import_module("ansible_collections.esmkit.aws.plugins.modules.lambda_event_source_mapping")
    _compare(module.argument_spec(), _doc_options(MODULES / "lambda_event_source_mapping.py"))


def test_connection_fragment_documents_the_connection_spec():
    _compare(connection_argument_spec(), FRAGMENT["options"])
