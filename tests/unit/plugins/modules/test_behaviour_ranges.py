"""docs/aws-behaviour.md §4 states the ranges the option table enforces (issue 16 §8).

The behaviour reference is where each range is sourced; plugins/module_utils/_esm/options.py is what the modules
enforce. This test reads the §4 table and holds each row's ranges against the table's ``range``, ``also`` and
``kind_range``, and fails when the table gains a range the reference does not state; so a range changed in one place
fails here until the other says the same (as test_documentation_facts.py does for DOCUMENTATION).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import options

REFERENCE = Path(__file__).resolve().parents[4] / "docs" / "aws-behaviour.md"


def _section_rows(number: int) -> dict[str, str]:
    """First cell -> second cell of every table row of section ``number``."""
    text = REFERENCE.read_text(encoding="utf-8")
    start = text.index(f"\n## §{number}.")
    end = text.index("\n## ", start + 1)
    rows = {}
    for line in text[start:end].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and not set(cells[0]) <= set("-"):
            rows[cells[0]] = cells[1]
    return rows


ROWS = _section_rows(4)


def _ranges(cell: str) -> list[tuple[int, int]]:
    return [(int(low), int(high)) for low, high in re.findall(r"(-?\d+)\.\.(-?\d+)", cell)]


def _member(path: tuple[str, ...]) -> options.Member:
    return dict(options.table_members())[path]


# §4 row -> the table's members it states, in the order the row gives their ranges, and the kinds it is for
# (None: the member's ``range``; kinds: its ``kind_range`` for each of them).
STATED = {
    "BatchSize, SQS standard": [(("batch_size",), None)],
    "BatchSize of the other sources": [(("batch_size",), None)],
    "MaximumBatchingWindowInSeconds": [(("maximum_batching_window_in_seconds",), None)],
    "ParallelizationFactor": [(("parallelization_factor",), None)],
    "MaximumRetryAttempts": [(("maximum_retry_attempts",), None)],
    "MaximumRecordAgeInSeconds": [(("maximum_record_age_in_seconds",), None)],
    "TumblingWindowInSeconds": [(("tumbling_window_in_seconds",), None)],
    "ScalingConfig.MaximumConcurrency": [(("scaling_config", "maximum_concurrency"), None)],
    "ProvisionedPollerConfig, SQS": [
        (("provisioned_poller_config", "minimum_pollers"), (options.SQS,)),
        (("provisioned_poller_config", "maximum_pollers"), (options.SQS,)),
    ],
    "ProvisionedPollerConfig, MSK / Kafka": [
        (("provisioned_poller_config", "minimum_pollers"), (options.MSK, options.KAFKA)),
        (("provisioned_poller_config", "maximum_pollers"), (options.MSK, options.KAFKA)),
    ],
}


@pytest.mark.parametrize("row", sorted(STATED))
def test_reference_range_is_the_tables(row):
    assert row in ROWS, f"docs/aws-behaviour.md §4 has no row {row!r}"
    stated = _ranges(ROWS[row])
    assert len(stated) == len(STATED[row]), (row, ROWS[row])
    for (path, kinds), (low, high) in zip(STATED[row], stated):
        member = _member(path)
        if kinds is None:
            enforced = member.range
            # A value allowed outside the range (-1 for "forever") is written as "-1, or 60..604800".
            for value in member.also:
                assert re.search(rf"(?<![\d.]){re.escape(str(value))}(?![\d.])", ROWS[row]), (row, value)
            assert (low, high) == enforced, (row, path)
        else:
            for kind in kinds:
                assert (low, high) == member.kind_range[kind], (row, path, kind)


def test_every_enforced_range_is_stated():
    stated = {path for rows in STATED.values() for path, _kinds in rows}
    enforced = {path for path, member in options.table_members() if member.range or member.kind_range}
    assert enforced <= stated, f"ranges missing from docs/aws-behaviour.md §4: {sorted(enforced - stated)}"
    stated_kinds = {
        (path, kind) for rows in STATED.values() for path, kinds in rows if kinds is not None for kind in kinds
    }
    per_kind = {(path, kind) for path, member in options.table_members() for kind in member.kind_range}
    assert per_kind <= stated_kinds, sorted(per_kind - stated_kinds)


def test_a_changed_range_would_fail(monkeypatch):
    """The check bites: the table with another maximum no longer matches the reference."""
    member = _member(("scaling_config", "maximum_concurrency"))
    monkeypatch.setattr(member, "range", (2, 2000))
    with pytest.raises(AssertionError):
        test_reference_range_is_the_tables("ScalingConfig.MaximumConcurrency")
