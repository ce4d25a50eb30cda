"""RabbitMQ's VIRTUAL_HOST is create-only and AWS refuses it in an Update (docs/aws-behaviour.md §2, §13).

Rotating the BASIC_AUTH secret sends an Update without the virtual host and keeps it; changing the virtual host
needs allow_replacement; an endpoint that drops the virtual host on such an Update makes the run fail loudly.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.builders import mq_broker_arn, secret_arn
from tests.support.module_helpers import bodies, rabbit_args, settled, writes

PRODUCTION = {"Type": "VIRTUAL_HOST", "URI": "/production"}


@pytest.fixture
def rabbit(srv, lam, fn) -> dict[str, Any]:
    """A RabbitMQ mapping of fn with the secret ``secret`` and the virtual host /production; the create answer."""
    return settled(
        srv,
        lam,
        TRANSITION_SECONDS,
        FunctionName="fn",
        EventSourceArn=mq_broker_arn(),
        Queues=["orders"],
        BatchSize=1,
        SourceAccessConfigurations=[{"Type": "BASIC_AUTH", "URI": secret_arn("secret")}, PRODUCTION],
    )


def _held_access(lam: Any, uuid: str) -> list[dict[str, str]]:
    return sorted(lam.get_event_source_mapping(UUID=uuid)["SourceAccessConfigurations"], key=lambda e: e["Type"])


def test_rotating_the_secret_keeps_the_virtual_host_and_sends_none(esm, srv, lam, rabbit):
    srv.reset_requests()
    rotated = esm(**rabbit_args(secret="rotated"))
    assert not rotated.get("failed"), rotated
    assert rotated["changed"] is True
    [update] = bodies(srv, "UpdateEventSourceMapping")
    assert "VIRTUAL_HOST" not in {e.get("Type") for e in update.get("SourceAccessConfigurations") or []}, update
    assert _held_access(lam, rabbit["UUID"]) == [{"Type": "BASIC_AUTH", "URI": secret_arn("rotated")}, PRODUCTION]
    again = esm(**rabbit_args(secret="rotated"))
    assert not again.get("failed") and again["changed"] is False, again


def test_check_mode_rotation_shows_the_virtual_host_kept(esm, srv, lam, rabbit):
    srv.reset_requests()
    checked = esm(check=True, **rabbit_args(secret="rotated"))
    assert not checked.get("failed"), checked
    assert checked["changed"] is True
    after = checked["diff"]["after"]["source_access_configuration"]
    assert {"type": "VIRTUAL_HOST", "uri": "/production"} in after
    assert {"type": "BASIC_AUTH", "uri": secret_arn("rotated")} in after
    assert writes(srv) == []
    assert _held_access(lam, rabbit["UUID"]) == [{"Type": "BASIC_AUTH", "URI": secret_arn("secret")}, PRODUCTION]


def test_changing_the_virtual_host_fails_naming_it_without_allow_replacement(esm, srv, lam, rabbit):
    srv.reset_requests()
    failed = esm(**rabbit_args(vhost="/staging"))
    assert failed.get("failed") is True and failed["changed"] is False, failed
    assert "VIRTUAL_HOST" in failed["msg"] and "allow_replacement" in failed["msg"]
    assert writes(srv) == []
    assert PRODUCTION in _held_access(lam, rabbit["UUID"])


def test_an_update_that_drops_the_virtual_host_fails_loudly(esm, srv, lam, rabbit):
    srv.configure(mq_update_keeps_virtual_host=False)
    try:
        failed = esm(**rabbit_args(secret="rotated"))
    finally:
        srv.configure(mq_update_keeps_virtual_host=True)
    assert failed.get("failed") is True, failed
    assert failed["changed"] is True, "the Update was sent"
    assert "VIRTUAL_HOST" in failed["msg"] and "allow_replacement" in failed["msg"], failed["msg"]
    held_types = {e["Type"] for e in lam.get_event_source_mapping(UUID=rabbit["UUID"])["SourceAccessConfigurations"]}
    assert "VIRTUAL_HOST" not in held_types, "the endpoint did drop it: the failure reports what AWS holds"
