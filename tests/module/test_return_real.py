"""Each module's RETURN documents every key of what the module really returns, with its type.

tests/unit/plugins/modules/test_return_docs.py holds RETURN against the normaliser's shape; this runs the three
modules against the endpoint with a mapping of every kind of source and walks their real results, so a key that
reaches a result by another path (the set module's lists, the info module's lookups) cannot go undocumented.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.module.test_info import KINDS
from tests.support.runner import run_module

# Keys Ansible itself adds to every result, documented by Ansible, not by the module.
COMMON = frozenset(("changed", "failed", "invocation", "warnings", "deprecations", "msg", "_ansible_no_log"))
# What tests/support/runner.py adds: the process's exit code and standard error.
RUNNER = frozenset(("rc", "stderr"))
TYPES = {"str": str, "int": int, "bool": bool, "dict": dict, "list": list}


def module_return(module: str) -> dict[str, Any]:
    path = Path(importlib.import_module("ansible_collections.esmkit.aws.plugins.modules").__path__[0])
    for node in ast.parse((path / (module + ".py")).read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "RETURN":
            return yaml.safe_load(node.value.value)
    raise AssertionError(f"{module} has no RETURN")


def undocumented(value: Any, entry: dict[str, Any], where: str) -> list[str]:
    """The paths under ``value`` that ``entry`` (a RETURN entry) does not document, or documents with another type."""
    if not isinstance(value, TYPES[entry["type"]]) or isinstance(value, bool) != (entry["type"] == "bool"):
        return [f"{where}: {type(value).__name__}, documented as {entry['type']}"]
    if "contains" not in entry:
        return []
    items = value if isinstance(value, list) else [value]
    missing = []
    for item in items:
        for key, sub in item.items():
            if key not in entry["contains"]:
                missing.append(f"{where}.{key}")
            else:
                missing += undocumented(sub, entry["contains"][key], f"{where}.{key}")
    return missing


def check(module: str, result: dict[str, Any]) -> list[str]:
    assert result.get("failed") is None, result
    documented = module_return(module)
    missing = []
    for key, value in result.items():
        if key in COMMON or key in RUNNER or key == "diff":
            continue
        if key not in documented:
            missing.append(key)
        else:
            missing += undocumented(value, documented[key], key)
    return missing


@pytest.fixture
def sources(fn, queue, stream, table_stream):
    return {"queue": queue, "stream": stream, "table_stream": table_stream}


def test_every_returned_key_is_documented(env, sources):
    def run(module, **args):
        return run_module(module, args, env=env, fork=True)

    items = [dict(KINDS[kind](sources), tags={"Kind": kind}) for kind in sorted(KINDS)]
    made = run("lambda_event_source_mapping_set", function_name="fn", mappings=items)
    assert len(made["event_source_mappings"]) == len(KINDS)
    missing = check("lambda_event_source_mapping_set", made)

    for item in items:
        missing += check("lambda_event_source_mapping", run("lambda_event_source_mapping", function_name="fn", **item))

    found = run("lambda_event_source_mapping_info", function_name="fn")
    assert len(found["event_source_mappings"]) == len(KINDS)
    missing += check("lambda_event_source_mapping_info", found)
    assert missing == [], missing
