# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

# The attributes every module documents, with Ansible's usual wording; each module says how it supports them.
_ATTRIBUTES = {
    "check_mode": "Can run in C(check_mode) and return changed status prediction without modifying target.",
    "diff_mode": "Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.",
    "idempotent": "When run twice in a row with the same arguments, the second run reports no change.",
}


def _attributes(support: dict[str, str], details: str = "") -> str:
    """The fragment of a module of the action group that supports each attribute as ``support`` says."""
    lines = [
        "options: {}",
        "attributes:",
        "  action_group:",
        "    description: Use C(group/esmkit.aws.aws) in C(module_defaults) to set defaults for this module.",
        "    support: full",
        "    membership:",
        "      - esmkit.aws.aws",
    ]
    for name, description in _ATTRIBUTES.items():
        lines += [f"  {name}:", f"    description: {description}", f"    support: {support[name]}"]
        if details:
            lines.append(f"    details: {details}")
    return "\n".join(lines) + "\n"


class ModuleDocFragment:
    DOCUMENTATION = r"""
options: {}
"""

    # A module that changes mappings.
    WRITE_MODULE = _attributes({"check_mode": "full", "diff_mode": "full", "idempotent": "full"})

    INFO_MODULE = _attributes(
        {"check_mode": "full", "diff_mode": "N/A", "idempotent": "full"}, details="This action does not modify state."
    )
