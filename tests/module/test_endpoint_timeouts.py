"""Issue 19 §2: an endpoint that accepts connections and never answers, or refuses them, ends the task in a
bounded time, and aws_config changes the bound.

Default connect and read timeouts (connection.DEFAULT_TIMEOUTS) suit a control-plane API; the worst case they give
with the default retries was measured once and is stated in docs/docsite/rst/troubleshooting.rst. These tests set
short timeouts through aws_config, so they take seconds.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.support.runner import run_module

ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A loopback port that accepts connections (the kernel completes them) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture
def refused_url() -> str:
    """A loopback port nobody listens on: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _info(url: str, **args) -> tuple[dict, float]:
    started = time.monotonic()
    result = run_module(
        "lambda_event_source_mapping_info",
        dict(function_name="fn", **args),
        env=dict(ENV, AWS_ENDPOINT_URL=url),
        fork=True,
    )
    return result, time.monotonic() - started


def test_default_timeouts_suit_a_control_plane_api():
    """Not botocore's 60 s: connect within 5 s, an answer within 15 s; retries stay botocore's standard mode."""
    from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import client  # noqa: PLC0415

    config = client({"region": "us-east-1", "access_key": "a", "secret_key": "b"}).meta.config
    assert (config.connect_timeout, config.read_timeout) == (5, 15)
    # botocore turns max_attempts (retries) into total_max_attempts: the first attempt and 10 retries.
    assert config.retries == {"mode": "standard", "total_max_attempts": 11}
    # aws_config changes each; what it does not name keeps the default.
    config = client(
        {"region": "us-east-1", "access_key": "a", "secret_key": "b", "aws_config": {"read_timeout": 2}}
    ).meta.config
    assert (config.connect_timeout, config.read_timeout) == (5, 2)


def test_silent_endpoint_ends_after_the_configured_read_timeout(silent_url):
    result, elapsed = _info(silent_url, aws_config={"read_timeout": 1, "retries": {"max_attempts": 2}})
    assert result.get("failed"), result
    assert "Read timeout" in result["msg"] and "list event source mappings" in result["msg"], result["msg"]
    assert "Traceback" not in result.get("module_stderr", "")
    # Two attempts of 1 s each, and botocore's back-off between them (at most 2 s for the first retry).
    assert 2 <= elapsed < 15, elapsed


def test_refused_endpoint_ends_after_the_configured_attempts(refused_url):
    result, elapsed = _info(refused_url, aws_config={"connect_timeout": 1, "retries": {"max_attempts": 1}})
    assert result.get("failed"), result
    assert "Could not connect to the endpoint URL" in result["msg"], result["msg"]
    assert elapsed < 10, elapsed
