"""Reliability tests: the real modules, through a fault-injecting proxy, in front of the local endpoint.

Every module run goes through :func:`module`/:func:`info`, which pass marker credentials (``secret_key``,
``session_token``) and fail the test if a marker, or Ansible's ``********`` mask of one, appears anywhere in the
module's output, on success or failure. At the end of the session the figures are written to
``tests/output/reliability.json`` and printed (``report.py`` puts them into ``docs/reliability.md``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Callable

import pytest

from tests.reliability.figures import FIGURES
from tests.reliability.report import render
from tests.support.aws_fixtures import held  # noqa: F401  # pylint: disable=unused-import

# Shared fixtures, imported to register them here.
from tests.support.endpoint_fixtures import clients, fn, lam, queue  # noqa: F401  # pylint: disable=unused-import
from tests.support.fault_proxy import FaultProxy
from tests.support.local_aws import LocalAWS
from tests.support.runner import run_module

TRANSITION_SECONDS = 0.3
REGION = "us-east-1"
ACCESS_KEY = "AKIDRELIABILITYTEST"
# The endpoint does not check credentials; these values exist only to be looked for in the output.
SECRET = "SECRET-MARKER-4f1d7c2e9b"
TOKEN = "SECRET-MARKER-TOKEN-8a3e6b0d51"
# Ansible replaces a no_log value it finds in a result with this; seeing it means something tried to leak.
MASK = "********"
RETRIES = {"mode": "standard", "max_attempts": 10}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fatal_faults: the faults this test injects are meant to exhaust the retries; they are counted apart",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[Any]:
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        FIGURES.outcomes[report.outcome] += 1
    elif report.failed:
        FIGURES.outcomes["error"] += 1
    elif report.skipped:
        FIGURES.outcomes["skipped"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if FIGURES.empty():
        return
    data = FIGURES.write()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    text = render(data)
    if reporter is not None:
        reporter.write_sep("=", "reliability figures (tests/output/reliability.json)")
        for line in text.splitlines():
            reporter.write_line(line)
    else:  # pragma: no cover - without the terminal plugin
        print(text)


# ------------------------------------------------------------------------------------------- endpoint


@pytest.fixture(scope="session")
def srv() -> Iterator[LocalAWS]:
    with LocalAWS(port=0, transition_seconds=TRANSITION_SECONDS) as server:
        yield server


@pytest.fixture(scope="session")
def _proxy(srv: LocalAWS) -> Iterator[FaultProxy]:
    with FaultProxy(srv.url) as proxy:
        yield proxy


@pytest.fixture(autouse=True)
def _fresh(srv: LocalAWS, _proxy: FaultProxy) -> None:
    srv.reset()
    srv.configure(transition_seconds=TRANSITION_SECONDS, normalise_patterns=False)
    _proxy.reset()


@pytest.fixture
def proxy(request: pytest.FixtureRequest, _proxy: FaultProxy) -> Iterator[FaultProxy]:
    """The proxy every module run goes through; what it injected is counted when the test ends."""
    yield _proxy
    report = getattr(request.node, "rep_call", None)
    FIGURES.add_faults(
        dict(_proxy.injected_by_operation),
        survived=bool(report is not None and report.passed),
        fatal=request.node.get_closest_marker("fatal_faults") is not None,
    )


def lambda_calls(srv: LocalAWS, operation: str | None = None) -> list[dict[str, Any]]:
    """The Lambda requests the endpoint received (after the last reset_requests)."""
    return [
        r
        for r in srv.requests()
        if r.get("service") == "lambda" and (operation is None or r.get("operation") == operation)
    ]


# ------------------------------------------------------------------------------------------- module runs


def scan_for_secrets(result: dict[str, Any]) -> None:
    """Fail if a credential marker (or Ansible's mask of one) is anywhere in a module's output."""
    stdout = json.dumps({k: v for k, v in result.items() if k not in ("stderr", "rc")}, ensure_ascii=False)
    stderr = result.get("stderr") or ""
    leaks = [marker for marker in (SECRET, TOKEN, MASK) if marker in stdout or marker in stderr]
    FIGURES.secrets["module_runs_scanned"] += 1
    if result.get("failed"):
        FIGURES.secrets["failed_runs_scanned"] += 1
    FIGURES.secrets["leaks_found"] += len(leaks)
    assert not leaks, f"credential marker(s) {leaks} in the module output: {stdout[:2000]} {stderr[:2000]}"


def run_safely(
    name: str, args: dict[str, Any], endpoint: str, check: bool = False, diff: bool = True
) -> dict[str, Any]:
    """Run a module with marker credentials through ``endpoint``; check its output for the markers."""
    full = {
        "access_key": ACCESS_KEY,
        "secret_key": SECRET,
        "session_token": TOKEN,
        "region": REGION,
        "aws_config": {"retries": dict(RETRIES)},
    }
    full.update(args)
    env = {"AWS_ENDPOINT_URL": endpoint, "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
    result = run_module(name, full, check_mode=check, diff=diff, env=env)
    scan_for_secrets(result)
    return result


@pytest.fixture
def module(_proxy: FaultProxy) -> Callable[..., dict[str, Any]]:
    """Run lambda_event_source_mapping through the proxy."""

    def run(check: bool = False, diff: bool = True, **args: Any) -> dict[str, Any]:
        return run_safely("lambda_event_source_mapping", args, _proxy.url, check=check, diff=diff)

    return run


@pytest.fixture
def info(_proxy: FaultProxy) -> Callable[..., dict[str, Any]]:
    """Run lambda_event_source_mapping_info through the proxy."""

    def run(**args: Any) -> dict[str, Any]:
        return run_safely("lambda_event_source_mapping_info", args, _proxy.url)

    return run
