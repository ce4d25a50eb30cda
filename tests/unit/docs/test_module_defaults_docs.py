"""Issue 19 §6: the README and the guide say which options ``group/esmkit.aws.aws`` can carry for all three modules.

The group's options are those all three argument specs accept; the writing modules' own options (which the info
module refuses with "Unsupported parameters") are named apart. Both lists are read from the text and compared with
the argument specs, so a new option, or one the text forgets, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ansible_collections.esmkit.aws.plugins.modules import (
    lambda_event_source_mapping,
    lambda_event_source_mapping_info,
    lambda_event_source_mapping_set,
)

ROOT = Path(__file__).resolve().parents[3]
DOCS = {
    "README.md": ROOT / "README.md",
    "getting_started.rst": ROOT / "docs" / "docsite" / "rst" / "getting_started.rst",
}


def _specs() -> tuple[set[str], set[str]]:
    main, info, mapping_set = (
        set(module.argument_spec())
        for module in (lambda_event_source_mapping, lambda_event_source_mapping_info, lambda_event_source_mapping_set)
    )
    common = main & info & mapping_set
    return common, (main & mapping_set) - common


def _names_in(text: str, lead: str) -> set[str]:
    """The ``code`` names from ``lead`` up to the end of its sentence, or of its list (", go under ...")."""
    start = text.index(lead)
    sentence = re.split(r"\.\s|, go under", text[start:], maxsplit=1)[0]
    return set(re.findall(r"`+([a-z_]+)`+", sentence))


@pytest.mark.parametrize("name", list(DOCS))
def test_the_docs_name_what_the_group_carries(name):
    text = " ".join(DOCS[name].read_text().split())
    common, writing_only = _specs()
    assert _names_in(text, "The group carries the options all three modules accept") == common
    assert _names_in(text, "The options of the two writing modules only") == writing_only
    assert "the info module refuses them" in text
