# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# The suboptions of lambda_event_source_mapping_set's mappings option: the main module's mapping options, each
# documented by a link to the main module's option, built from the argument spec both modules build from the table.

from __future__ import annotations

import json
from typing import Any

from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import mapping_argument_spec

MAIN = "esmkit.aws.lambda_event_source_mapping"
# What an item's option adds to the main module's description.
ADDED = {
    "event_source_arn": "Each item needs this or O(mappings[].self_managed_event_source), which names the mapping with it.",
    "self_managed_event_source": "Mutually exclusive with O(mappings[].event_source_arn).",
}


def _suboptions(spec: dict[str, Any], where: str = "") -> dict[str, Any]:
    """The documentation of each option of ``spec``: "As" the main module's option, and the spec's own keys."""
    docs = {}
    for name, entry in spec.items():
        path = where + name
        same = f"As O({MAIN}#module:{path})."
        doc = {"description": [same, ADDED[path]] if path in ADDED else same}
        doc.update((key, entry[key]) for key in ("type", "elements", "choices", "aliases", "required") if key in entry)
        if "options" in entry:
            doc["suboptions"] = _suboptions(entry["options"], path + ("[]." if entry.get("type") == "list" else "."))
        docs[name] = doc
    return docs


# An item has the main module's mapping options but the function, which the set module names once.
_ITEM = {name: entry for name, entry in mapping_argument_spec().items() if name != "function_name"}


class ModuleDocFragment:
    # Ansible merges this into the set module's own mappings option, which gives its description, type and elements.
    DOCUMENTATION = json.dumps({"options": {"mappings": {"suboptions": _suboptions(_ITEM)}}})
