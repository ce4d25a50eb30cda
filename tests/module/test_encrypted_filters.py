"""KMS-encrypted filters (kms_key_arn with filter_criteria).

List answers FilterCriteria null for such a mapping (docs/aws-behaviour.md §6, §13); the module must compare against what Get holds,
so a re-run is ok, a clear with ``filter_criteria: {}`` is a change, and the diff shows the real filters.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.builders import KMS as KEY
from tests.support.module_helpers import encrypted as encrypted_mapping
from tests.support.module_helpers import writes

PATTERN = {"body": {"kind": ["order"]}}


@pytest.fixture
def encrypted(srv, lam, fn, queue) -> dict[str, Any]:
    """A mapping fn -> queue with one filter, encrypted with KEY; the endpoint's create answer."""
    return encrypted_mapping(srv, lam, TRANSITION_SECONDS, queue, PATTERN)


def _task(queue: str, **extra: Any) -> dict[str, Any]:
    return {"function_name": "fn", "event_source_arn": queue, "kms_key_arn": KEY, **extra}


def _patterns(filter_criteria: dict[str, Any] | None) -> list[Any]:
    """The filters' patterns as parsed JSON (the module may give them as text or as a mapping)."""
    return [
        json.loads(f["pattern"]) if isinstance(f["pattern"], str) else f["pattern"]
        for f in (filter_criteria or {}).get("filter") or []
    ]


def _held_patterns(lam: Any, uuid: str) -> list[Any]:
    filters = (lam.get_event_source_mapping(UUID=uuid).get("FilterCriteria") or {}).get("Filters") or []
    return [json.loads(f["Pattern"]) for f in filters]


@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_rerun_with_the_same_encrypted_filters_is_ok(esm, srv, lam, queue, encrypted, check):
    srv.reset_requests()
    again = esm(check=check, **_task(queue, filter_criteria={"filter": [{"pattern": PATTERN}]}))
    assert not again.get("failed"), again
    assert again["changed"] is False
    assert writes(srv) == []
    assert _held_patterns(lam, encrypted["UUID"]) == [PATTERN]


def test_clearing_encrypted_filters_is_a_change_and_the_server_holds_none(esm, srv, lam, queue, encrypted):
    cleared = esm(**_task(queue, filter_criteria={}))
    assert not cleared.get("failed"), cleared
    assert cleared["changed"] is True
    assert "UpdateEventSourceMapping" in writes(srv)
    assert _held_patterns(lam, encrypted["UUID"]) == []
    assert _patterns(cleared["diff"]["before"].get("filter_criteria")) == [PATTERN], "the diff shows what was held"
    assert _patterns(cleared["diff"]["after"].get("filter_criteria")) == []
    assert esm(**_task(queue, filter_criteria={}))["changed"] is False


def test_check_mode_diff_shows_the_real_encrypted_filters_and_the_clear(esm, srv, lam, queue, encrypted):
    srv.reset_requests()
    checked = esm(check=True, **_task(queue, filter_criteria={}))
    assert not checked.get("failed"), checked
    assert checked["changed"] is True
    assert _patterns(checked["diff"]["before"].get("filter_criteria")) == [PATTERN]
    assert _patterns(checked["diff"]["after"].get("filter_criteria")) == []
    assert writes(srv) == []
    assert _held_patterns(lam, encrypted["UUID"]) == [PATTERN]
