"""The fault proxy itself: loopback only, faults as scheduled, counted, and a clean stop."""

from __future__ import annotations

import threading

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from tests.support.aws_fixtures import make_clients
from tests.support.fault_proxy import FaultProxy


@pytest.mark.parametrize("upstream", ["http://10.0.0.1:4566", "http://example.com:80", "https://127.0.0.1:443", "x"])
def test_talks_to_a_loopback_http_upstream_only(upstream):
    with pytest.raises(ValueError):
        FaultProxy(upstream)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "localhost"])
def test_listens_on_loopback_only(srv, host):
    with pytest.raises(ValueError):
        FaultProxy(srv.url, host=host)


def test_unknown_action_is_refused(srv):
    with pytest.raises(ValueError):
        FaultProxy(srv.url).schedule("ListEventSourceMappings", ["teapot"])


def test_schedule_counts_and_stop(srv, lam):
    threads = threading.active_count()
    proxy = FaultProxy(srv.url).start()
    client = make_clients(proxy.url)["lambda"]  # max_attempts 1 in standard mode: one retry
    proxy.schedule("ListEventSourceMappings", ["429", "ok", "500", "500"])
    client.list_event_source_mappings()  # 429, then forwarded
    with pytest.raises(ClientError) as refused:
        client.list_event_source_mappings()  # 500, 500: beyond the one retry
    assert refused.value.response["Error"]["Code"] == "ServiceException"
    assert dict(proxy.injected) == {"429": 1, "500": 2}
    assert proxy.forwarded == 1 and proxy.pending() == 0
    assert [entry["action"] for entry in proxy.requests("ListEventSourceMappings")] == ["429", "ok", "500", "500"]
    url = proxy.url
    proxy.stop()
    with pytest.raises(EndpointConnectionError):
        make_clients(url)["lambda"].list_event_source_mappings()
    assert threading.active_count() <= threads
