"""The set module documents exactly its argument spec, and its items take exactly the main module's options."""

from __future__ import annotations

import importlib

import yaml

from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import connection_argument_spec
from tests.unit.plugins.modules.test_documentation import MODULES, _blocks, _compare, _doc_options

SET = "lambda_event_source_mapping_set"
# The main module's options that are not the options of one mapping.
NOT_ITEM = {"state", "uuid", "function_name", "purge_tags", "allow_replacement", "wait", "wait_timeout"}
NOT_ITEM |= {"role_propagation_timeout"} | set(connection_argument_spec())


# The items' suboptions come from this fragment, which builds them from the argument spec.
SET_ITEMS = yaml.safe_load(
    importlib.import_module(
        "ansible_collections.esmkit.aws.plugins.doc_fragments.set_items"
    ).ModuleDocFragment.DOCUMENTATION
)


def _module(name: str):
    return importlib.import_module("ansible_collections.esmkit.aws.plugins.modules." + name)


def _set_doc_options() -> dict:
    """The set module's options as Ansible merges them: its own keys of mappings over the fragment's."""
    assert (
        "esmkit.aws.set_items"
        in yaml.safe_load(_blocks(MODULES / (SET + ".py"))["DOCUMENTATION"])["extends_documentation_fragment"]
    )
    options = _doc_options(MODULES / (SET + ".py"))
    options["mappings"] = {**SET_ITEMS["options"]["mappings"], **options["mappings"]}
    return options


def test_every_block_is_yaml():
    blocks = _blocks(MODULES / (SET + ".py"))
    for block in ("DOCUMENTATION", "EXAMPLES", "RETURN"):
        assert yaml.safe_load(blocks[block]), block


def test_set_module_documents_its_argument_spec():
    _compare(_module(SET).argument_spec(), _set_doc_options())


def _links(suboptions: dict, main: dict, where: str = "") -> int:
    """Check that each item option links the main module's option of the same path, which the main module documents."""
    count = 0
    for name, doc in suboptions.items():
        path = where + name
        assert name in main, path
        description = doc["description"] if isinstance(doc["description"], list) else [doc["description"]]
        assert description[0] == f"As O(esmkit.aws.lambda_event_source_mapping#module:{path}).", path
        count += 1
        if "suboptions" in doc:
            step = "[]." if doc["type"] == "list" else "."
            count += _links(doc["suboptions"], main[name]["suboptions"], path + step)
    return count


def test_each_item_option_links_the_main_modules_option():
    main = _doc_options(MODULES / "lambda_event_source_mapping.py")

    def count(spec: dict) -> int:
        return sum(1 + count(entry.get("options", {})) for entry in spec.values())

    items = _module(SET).argument_spec()["mappings"]["options"]
    assert _links(_set_doc_options()["mappings"]["suboptions"], main) == count(items) > 60


def test_items_take_the_main_modules_mapping_options():
    main = _module("lambda_event_source_mapping").argument_spec()
    items = _module(SET).argument_spec()["mappings"]["options"]
    assert items == {name: entry for name, entry in main.items() if name not in NOT_ITEM}
