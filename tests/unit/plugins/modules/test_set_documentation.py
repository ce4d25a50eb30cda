"""The set module documents exactly its argument spec, and its items take exactly the main module's options."""

from __future__ import annotations

import importlib

import yaml

from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import connection_argument_spec
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import FIELDS, OUTPUT_KEYS
from ansible_collections.esmkit.aws.plugins.module_utils._esm.translate import normalise
from tests.unit.plugins.modules.test_documentation import MODULES, _blocks, _compare, _doc_options
from tests.unit.plugins.modules.test_return_docs import _maximal_mapping

SET = "lambda_event_source_mapping_set"
# The main module's options that are not the options of one mapping.
NOT_ITEM = {"state", "uuid", "function_name", "purge_tags", "allow_replacement", "wait", "wait_timeout"}
NOT_ITEM |= {"role_propagation_timeout"} | set(connection_argument_spec())


def _module(name: str):
    return importlib.import_module("ansible_collections.esmkit.aws.plugins.modules." + name)


def test_every_block_is_yaml():
    blocks = _blocks(MODULES / (SET + ".py"))
    for block in ("DOCUMENTATION", "EXAMPLES", "RETURN"):
        assert yaml.safe_load(blocks[block]), block


def test_set_module_documents_its_argument_spec():
    _compare(_module(SET).argument_spec(), _doc_options(MODULES / (SET + ".py")))


def test_items_take_the_main_modules_mapping_options():
    main = _module("lambda_event_source_mapping").argument_spec()
    items = _module(SET).argument_spec()["mappings"]["options"]
    options = {name: entry for name, entry in items.items() if name not in OUTPUT_KEYS}
    assert options == {name: entry for name, entry in main.items() if name not in NOT_ITEM}


def test_items_accept_exactly_the_output_only_keys_of_a_result():
    # Every key of a result (normalise) that is not an option or tags is accepted in an item, and nothing else:
    # the info result can be handed over, and a typo in an option's name is still refused by the argument spec.
    result_keys = set(normalise(_maximal_mapping(), {})) - {field.name for field in FIELDS} - {"tags"}
    items = _module(SET).argument_spec()["mappings"]["options"]
    assert result_keys == set(OUTPUT_KEYS) <= set(items)
