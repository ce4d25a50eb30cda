"""The endpoint's Lambda request quota (HTTP 429 "Rate exceeded", docs/aws-behaviour.md §13) and its round-trip latency."""

from __future__ import annotations

import threading
import time
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.support.aws_fixtures import REGION, api_error, create_queue
from tests.support.local_aws import LocalAWS
from tests.support.local_aws.__main__ import server_from_args
from tests.support.local_aws.quota import RequestQuota


def _client(url: str, service: str = "lambda", attempts: int = 1) -> Any:
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    config = Config(retries={"total_max_attempts": attempts, "mode": "standard"})
    return session.client(service, endpoint_url=url, config=config)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_refills_at_the_quota_rate_up_to_the_burst() -> None:
    clock = FakeClock()
    quota = RequestQuota(request_quota=15, clock=clock)
    admitted = [quota.admit("lambda", "ListEventSourceMappings") is None for _unused in range(20)]
    # A full bucket holds one second of the quota.
    assert admitted == [True] * 15 + [False] * 5
    clock.now += 0.2  # 3 tokens
    assert [quota.admit("lambda", "GetEventSourceMapping") is None for _unused in range(4)] == [True] * 3 + [False]
    clock.now += 60  # never more than the burst
    assert sum(quota.admit("lambda", "ListTags") is None for _unused in range(30)) == 15


def test_only_the_counted_lambda_operations_take_tokens() -> None:
    quota = RequestQuota(request_quota=1, request_burst=1, clock=FakeClock())
    # docs/aws-behaviour.md §13: invocation, GetFunction and GetPolicy have their own quotas; other services are set-up.
    for service, operation in [
        ("lambda", "GetFunction"),
        ("lambda", "GetPolicy"),
        ("lambda", "Invoke"),
        ("sqs", "CreateQueue"),
        ("kinesis", "CreateStream"),
        (None, None),
    ]:
        assert quota.admit(service, operation) is None, operation
    assert quota.admit("lambda", "CreateFunction") is None
    refusal = quota.admit("lambda", "TagResource")
    assert refusal is not None and refusal.status == 429
    assert refusal.body() == {
        "Type": "User",
        "message": "Rate exceeded",
        "retryAfterSeconds": "1",
        "Reason": "CallerRateLimitExceeded",
    }


def test_requests_over_the_quota_get_429_like_lambda(srv: LocalAWS, fn: str) -> None:
    srv.configure(request_quota=0.5, request_burst=3)
    lam = _client(srv.url)
    for _unused in range(3):
        lam.list_event_source_mappings()
    code, message, status = api_error(lam.list_event_source_mappings)
    assert (code, message, status) == ("TooManyRequestsException", "Rate exceeded", 429)
    assert api_error(lam.get_event_source_mapping, UUID="14e0db71-5d35-4eb5-b481-8945cf9d10c2")[2] == 429
    # Not counted: GetFunction (docs/aws-behaviour.md §13) and the other services.
    assert lam.get_function(FunctionName="fn")["Configuration"]["FunctionName"] == "fn"
    create_queue({"sqs": _client(srv.url, "sqs")}, "q")
    log = [(r["operation"], r["status"]) for r in srv.requests() if r["service"] == "lambda"]
    assert log[-5:] == [
        ("ListEventSourceMappings", 200),
        ("ListEventSourceMappings", 200),
        ("ListEventSourceMappings", 429),
        ("GetEventSourceMapping", 429),
        ("GetFunction", 200),
    ]


def test_botocore_retries_get_through_the_quota(srv: LocalAWS, fn: str) -> None:
    srv.configure(request_quota=4, request_burst=1)
    lam = _client(srv.url, attempts=10)
    for _unused in range(5):
        lam.list_event_source_mappings()
    statuses = [r["status"] for r in srv.requests() if r["operation"] == "ListEventSourceMappings"]
    assert statuses.count(200) == 5
    assert 429 in statuses


def test_configure_checks_values_and_reset_restores_the_constructor_settings(srv: LocalAWS) -> None:
    for bad in ({"request_quota": 0}, {"request_burst": -1}, {"latency_seconds": -0.1}, {"request_quota": True}):
        with pytest.raises(TypeError):
            srv.configure(**bad)
    with pytest.raises(TypeError):
        # Nothing changes when one value is bad.
        srv.configure(request_quota=1, transition_seconds=-1)
    assert srv.app.quota.settings() == {"request_quota": None, "request_burst": None, "latency_seconds": 0.0}
    srv.configure(request_quota=1, latency_seconds=0.01)
    assert srv.app.quota.settings() == {"request_quota": 1, "request_burst": None, "latency_seconds": 0.01}
    srv.reset()
    assert srv.app.quota.settings() == {"request_quota": None, "request_burst": None, "latency_seconds": 0.0}


def test_latency_delays_each_answer_and_concurrent_requests_overlap(srv: LocalAWS) -> None:
    latency = 1.0
    clients = [_client(srv.url) for _unused in range(6)]
    srv.configure(latency_seconds=latency)
    start = time.monotonic()
    clients[0].list_event_source_mappings()
    assert time.monotonic() - start >= latency
    threads = [threading.Thread(target=client.list_event_source_mappings) for client in clients]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    # One after another would take 6 x latency; the margin is for a busy machine.
    assert latency <= elapsed < 3 * latency
    assert [r["status"] for r in srv.requests()] == [200] * 7


def test_command_line_sets_quota_and_latency() -> None:
    server = server_from_args(["--request-quota", "0.5", "--request-burst", "2", "--latency-seconds", "0.2"])
    assert server.app.quota.settings() == {"request_quota": 0.5, "request_burst": 2, "latency_seconds": 0.2}
    with server:
        lam = _client(server.url)
        start = time.monotonic()
        lam.list_event_source_mappings()
        assert time.monotonic() - start >= 0.2
        lam.list_event_source_mappings()
        assert api_error(lam.list_event_source_mappings)[0] == "TooManyRequestsException"
    assert server_from_args([]).app.quota.settings() == {
        "request_quota": None,
        "request_burst": None,
        "latency_seconds": 0.0,
    }
