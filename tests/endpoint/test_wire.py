"""Wire format, request log, HTTP control endpoints, CLI, loopback-only binding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.endpoint.helpers import FUNCTION
from tests.support.aws_fixtures import api_error, create_queue, create_stream, make_clients
from tests.support.local_aws import LocalAWS

REPO_ROOT = Path(__file__).resolve().parents[2]


def _http(url: str, method: str = "GET", body: Any = None) -> tuple[int, dict[str, str], Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, dict(response.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, dict(error.headers), json.loads(raw) if raw else None


def test_status_codes_and_raw_timestamps(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    stream = create_stream(clients, "s")
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION,
        EventSourceArn=stream,
        StartingPosition="AT_TIMESTAMP",
        StartingPositionTimestamp=1700000000,
    )
    code, headers, body = _http(f"{srv.url}/2015-03-31/event-source-mappings/{created['UUID']}")
    assert code == 200
    # rest-json timestamps are epoch-second numbers.
    assert isinstance(body["LastModified"], (int, float))
    assert body["StartingPositionTimestamp"] == 1700000000
    assert headers["Content-Type"] == "application/json"
    assert _http(f"{srv.url}/2015-03-31/event-source-mappings/")[0] == 200
    code, _unused, body = _http(
        f"{srv.url}/2015-03-31/event-source-mappings/{created['UUID']}", "PUT", {"BatchSize": 5}
    )
    assert (code, body["State"]) == (202, "Updating")
    code, _unused, body = _http(f"{srv.url}/2015-03-31/event-source-mappings/{created['UUID']}", "DELETE")
    assert (code, body["State"]) == (202, "Deleting")


def test_raw_error_format(srv: LocalAWS, fn: str) -> None:
    code, headers, body = _http(f"{srv.url}/2015-03-31/event-source-mappings/00000000-0000-0000-0000-000000000000")
    assert code == 404
    assert headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert body == {"Type": "User", "message": "The resource you requested does not exist."}
    code, headers, body = _http(
        f"{srv.url}/2015-03-31/event-source-mappings",
        "POST",
        {
            "FunctionName": FUNCTION,
            "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/x",
            "StartingPosition": "NOPE",
        },
    )
    assert (code, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert set(body) == {"message"}


def test_botocore_parses_modeled_error_fields(lam: Any, fn: str) -> None:
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as info:
        lam.get_event_source_mapping(UUID="00000000-0000-0000-0000-000000000000")
    assert info.value.response["Type"] == "User"
    assert info.value.response["Error"]["Message"] == "The resource you requested does not exist."


def test_request_log(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    srv.reset_requests()
    queue = create_queue(clients, "q")
    created = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    lam.list_event_source_mappings(FunctionName=FUNCTION, MaxItems=5)
    clients["iam"].list_roles()
    clients["kinesis"].list_streams()
    lam.get_function(FunctionName=FUNCTION)
    log = srv.requests()
    assert [(r["service"], r["operation"]) for r in log] == [
        ("sqs", "CreateQueue"),
        ("sqs", "GetQueueAttributes"),
        ("lambda", "CreateEventSourceMapping"),
        ("lambda", "ListEventSourceMappings"),
        ("iam", "ListRoles"),
        ("kinesis", "ListStreams"),
        ("lambda", "GetFunction"),
    ]
    create, listing = log[2], log[3]
    assert create["method"] == "POST" and create["path"] == "/2015-03-31/event-source-mappings"
    assert create["body"] == {"FunctionName": FUNCTION, "EventSourceArn": queue}
    assert create["status"] == 202
    assert listing["method"] == "GET" and listing["query"] == {"FunctionName": FUNCTION, "MaxItems": "5"}
    lam.delete_event_source_mapping(UUID=created["UUID"])
    assert srv.requests()[-1]["operation"] == "DeleteEventSourceMapping"
    srv.reset_requests()
    assert srv.requests() == []


def test_http_control_endpoints(srv: LocalAWS, lam: Any, clients: dict[str, Any], fn: str) -> None:
    queue = create_queue(clients, "q")
    code, _unused, log = _http(f"{srv.url}/_local/requests")
    assert code == 200 and [r["operation"] for r in log][-2:] == ["CreateQueue", "GetQueueAttributes"]
    assert _http(f"{srv.url}/_local/requests", "DELETE")[0] == 204
    assert _http(f"{srv.url}/_local/requests")[2] == []  # control requests are not logged

    code, _unused, config = _http(f"{srv.url}/_local/config", "POST", {"transition_seconds": 30})
    assert code == 200 and config["transition_seconds"] == 30
    uuid = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)["UUID"]
    assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Creating"
    assert _http(f"{srv.url}/_local/config", "POST", {"bogus": 1})[0] == 400
    assert _http(f"{srv.url}/_local/config", "POST", {"normalise_patterns": "false"})[0] == 400

    assert _http(f"{srv.url}/_local/reset", "POST")[0] == 204
    assert api_error(lam.get_event_source_mapping, UUID=uuid)[0] == "ResourceNotFoundException"
    assert clients["sqs"].list_queues().get("QueueUrls", []) == []
    assert [r["operation"] for r in srv.requests()] == ["GetEventSourceMapping", "ListQueues"]


def test_python_api_configure_rejects_unknown_settings(srv: LocalAWS) -> None:
    with pytest.raises(TypeError):
        srv.configure(nope=True)
    with pytest.raises(TypeError):
        srv.configure(transition_seconds=-1)


def test_malformed_body_is_a_json_error_not_a_crash(srv: LocalAWS, fn: str) -> None:
    code, headers, body = _http(
        f"{srv.url}/2015-03-31/event-source-mappings", "POST", {"FunctionName": FUNCTION, "FilterCriteria": "x"}
    )
    assert code == 400 and "x-amzn-ErrorType" in headers and "message" in body


def test_internal_failure_is_a_service_exception(srv: LocalAWS, lam: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(srv.app.store, "list", boom)
    assert api_error(lam.list_event_source_mappings) == ("ServiceException", "RuntimeError: simulated bug", 500)


def test_binds_loopback_only() -> None:
    with pytest.raises(ValueError):
        LocalAWS(host="0.0.0.0")
    with LocalAWS() as server:
        assert server.url.startswith("http://127.0.0.1:")


def test_cli_serves_until_terminated() -> None:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.local_aws", "--port", "0"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout=30)
        assert lines and lines[0].startswith("http://127.0.0.1:"), process.stderr.read() if not lines else lines
        url = lines[0].strip()
        clients = make_clients(url)
        assert clients["lambda"].list_event_source_mappings()["EventSourceMappings"] == []
        _unused, _unused, log = _http(f"{url}/_local/requests")
        assert [r["operation"] for r in log] == ["ListEventSourceMappings"]
    finally:
        process.terminate()
        assert process.wait(timeout=15) == 0
