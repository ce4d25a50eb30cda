"""A fault-injecting HTTP proxy on loopback, in front of a local AWS endpoint.

Tests point a client (or the module, with ``AWS_ENDPOINT_URL``) at :attr:`FaultProxy.url`; the proxy forwards
every request to the one upstream URL it was given (which must be a loopback URL, e.g. ``LocalAWS.url``),
unless the schedule the test set says otherwise for the request's AWS operation::

    with FaultProxy(srv.url) as proxy:
        proxy.schedule("CreateEventSourceMapping", ["429", "500", "ok"])  # 1st call 429, 2nd 500, then forward
        proxy.latency("ListEventSourceMappings", 1.0)                     # every List waits 1 s, then forwards

Actions (one per request of that operation, in order; when the list is used up, requests are forwarded):

* ``"ok"``   forward the request.
* ``"429"``  answer Lambda's throttling error (TooManyRequestsException, as real Lambda sends it).
* ``"500"``  answer Lambda's internal error (ServiceException).
* ``"drop"`` close the connection without answering; the request never reaches the endpoint.
* ``"lost"`` forward the request, then close the connection without answering: the endpoint acted on the
  request but the client never hears of it (the case that makes a retried Create meet its own mapping).
* a :class:`Reply`: answer a canned error (status, ``x-amzn-ErrorType`` code, message).

The operation is named exactly as the endpoint's own request log names it (``tests.support.local_aws.oplog``).
The proxy counts what it injected per kind (:attr:`injected`) and what it forwarded (:attr:`forwarded`).
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Union
from urllib.parse import unquote, urlsplit

from tests.support.local_aws.oplog import OperationNamer
from tests.support.loopback import loopback_host, serve_in_thread, server_url, stop_serving

# Headers that belong to one connection, not to the request (RFC 9110 §7.6.1).
_HOP_BY_HOP = frozenset(
    (
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    )
)

THROTTLE_MESSAGE = "Rate Exceeded."
SERVICE_MESSAGE = "Lambda encountered an internal error. Please try again."


@dataclass(frozen=True)
class Reply:
    """A canned AWS error answer, in Lambda's rest-json error format."""

    status: int
    code: str
    message: str
    kind: str = "reply"
    error_type: str = "User"
    # More members of the error body, and more headers, as (name, value) pairs.
    extra_body: tuple[tuple[str, str], ...] = ()
    extra_headers: tuple[tuple[str, str], ...] = ()

    def body(self) -> bytes:
        document = {"Type": self.error_type, "message": self.message}
        document.update(self.extra_body)
        return json.dumps(document).encode("utf-8")

    def headers(self) -> list[tuple[str, str]]:
        return [("x-amzn-ErrorType", self.code), ("Content-Type", "application/json"), *self.extra_headers]


def iam_propagation_reply(
    message: str = "The provided execution role does not have permissions to call ReceiveMessage on SQS",
) -> Reply:
    """The InvalidParameterValueException AWS answers while a new role's permissions propagate (docs/aws-behaviour.md §10)."""
    return Reply(400, "InvalidParameterValueException", message, kind="iam")


# docs/aws-behaviour.md §10: TooManyRequestsException is HTTP 429 with Type User, a Reason and a Retry-After header.
THROTTLE = Reply(
    429,
    "TooManyRequestsException",
    THROTTLE_MESSAGE,
    kind="429",
    extra_body=(("Reason", "CallerRateLimitExceeded"),),
    extra_headers=(("Retry-After", "1"),),
)
# docs/aws-behaviour.md §10: ServiceException is HTTP 500, Lambda's internal error.
SERVICE_ERROR = Reply(500, "ServiceException", SERVICE_MESSAGE, kind="500", error_type="Service")

_CANNED: dict[str, Reply] = {"429": THROTTLE, "500": SERVICE_ERROR}
Action = Union[str, Reply]
KINDS = ("429", "500", "drop", "lost", "latency")


def _loopback_host(host: str) -> str:
    return loopback_host(host, "FaultProxy")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # server_close() joins the handler threads; close_connections() first makes them finish.
    block_on_close = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], proxy: FaultProxy) -> None:
        self.proxy = proxy
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Hang up on every client still connected (idle keep-alive connections included)."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that refuses the TLS certificate, or hangs up, is an outcome the tests look for: count it.
        with self.proxy._lock:
            self.proxy.connection_errors += 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # An idle keep-alive connection is dropped after this, so no handler thread lives on unbounded.
    timeout = 30
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _serve(self) -> None:
        proxy = self.server.proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        split = urlsplit(self.path)
        operation = proxy.operation_of(self.command, split.path, split.query, self.headers, body)
        action, delay, delay_after, barrier = proxy._next(operation)
        if delay or delay_after:
            proxy._count(operation, "latency")
        if self._hang_up_after(delay, action == "drop", operation, "drop"):
            return
        if isinstance(action, Reply):
            proxy._count(operation, action.kind)
            self._answer(action.status, action.headers(), action.body())
            return
        try:
            status, reason, headers, data = proxy._forward(self.command, self.path, self.headers, body)
        except OSError as exc:
            self._answer(
                502, [("Content-Type", "text/plain")], f"upstream failed: {exc}".encode(), reason="Bad Gateway"
            )
            return
        proxy._forwarded(operation, status)
        if barrier is not None:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
        if self._hang_up_after(delay_after, action == "lost", operation, "lost"):
            return
        self._answer(status, headers, data, reason=reason)

    def _hang_up_after(self, delay: float, hang_up: bool, operation: str | None, kind: str) -> bool:
        """Wait ``delay`` seconds, then, if ``hang_up``, close the connection without an answer (counted as
        ``kind``); whether it did."""
        if delay:
            time.sleep(delay)
        if hang_up:
            self.server.proxy._count(operation, kind)
            self._hang_up()
        return hang_up

    def _answer(self, status: int, headers: list[tuple[str, str]], data: bytes, reason: str | None = None) -> None:
        self.send_response_only(status, reason)
        sent = set()
        for name, value in headers:
            if name.lower() in _HOP_BY_HOP or name.lower() == "content-length":
                continue
            self.send_header(name, value)
            sent.add(name.lower())
        if "x-amzn-requestid" not in sent:
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        if "content-type" not in sent and data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def _hang_up(self) -> None:
        """Close the connection without a byte of answer."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _serve


class FaultProxy:
    """Forwards to one loopback upstream, injecting the faults a test schedules per AWS operation."""

    def __init__(
        self,
        upstream: str,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
        upstream_timeout: float = 60.0,
    ) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname or not parts.port:
            raise ValueError(f"upstream must be an http://HOST:PORT URL, got {upstream!r}")
        self.upstream_host = _loopback_host(parts.hostname)
        self.upstream_port = parts.port
        self.host = _loopback_host(host)
        self.port = port
        self.tls = tls
        self.upstream_timeout = upstream_timeout
        self.namer = OperationNamer()
        self._lock = threading.Lock()
        self._schedule: dict[str, deque[Action]] = {}
        self._latency: dict[str, float] = {}
        self._latency_after: dict[str, float] = {}
        self._holds: dict[str, tuple[threading.Barrier, int]] = {}
        self.injected: Counter[str] = Counter()
        self.injected_by_operation: Counter[tuple[str, str]] = Counter()
        self.forwarded = 0
        self.connection_errors = 0
        self.log: list[dict[str, Any]] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return server_url("FaultProxy", "https" if self.tls else "http", self.host, self._server)

    def start(self) -> FaultProxy:
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), self)
        _loopback_host(str(server.server_address[0]))
        if self.tls is not None:
            # The handshake happens in the handler's thread, so a client that refuses the certificate
            # cannot stall the accepting loop.
            server.socket = self.tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        self._server = server
        self._thread = serve_in_thread(server, "FaultProxy")
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None

        def release() -> None:
            with self._lock:
                for hold in self._holds.values():
                    hold[0].abort()
            assert server is not None
            server.close_connections()

        stop_serving(server, thread, release)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ what the test sets

    def schedule(self, operation: str, actions: list[Action]) -> None:
        """The next requests of ``operation`` get ``actions`` in order (added after any still pending)."""
        for action in actions:
            if not isinstance(action, Reply) and action not in ("ok", "429", "500", "drop", "lost"):
                raise ValueError(f"unknown fault action {action!r}")
        with self._lock:
            self._schedule.setdefault(operation, deque()).extend(actions)

    def latency(self, operation: str, seconds: float, after: bool = False) -> None:
        """Every request of ``operation`` waits ``seconds`` before it is forwarded (0 removes the latency).

        With ``after``, the request is forwarded at once and its answer waits instead: the endpoint has
        acted on it, the client hears of it ``seconds`` later.
        """
        table = self._latency_after if after else self._latency
        with self._lock:
            if seconds:
                table[operation] = float(seconds)
            else:
                table.pop(operation, None)

    def hold(self, operation: str, count: int, timeout: float = 30.0) -> None:
        """Forward the next ``count`` requests of ``operation`` as they come, but answer none of them until
        all ``count`` have been answered by the endpoint (or ``timeout`` passed): a deterministic race.
        """
        with self._lock:
            self._holds[operation] = (threading.Barrier(count, timeout=timeout), count)

    def pending(self, operation: str | None = None) -> int:
        """Scheduled actions not used yet (for ``operation``, or in all)."""
        with self._lock:
            if operation is not None:
                return len(self._schedule.get(operation, ()))
            return sum(len(queue) for queue in self._schedule.values())

    def reset(self) -> None:
        """Forget the schedule, the latencies, the counts and the log."""
        with self._lock:
            self._schedule.clear()
            self._latency.clear()
            self._latency_after.clear()
            for hold in self._holds.values():
                hold[0].abort()
            self._holds.clear()
            self.injected.clear()
            self.injected_by_operation.clear()
            self.forwarded = 0
            self.connection_errors = 0
            self.log.clear()

    def requests(self, operation: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self.log if operation is None or entry["operation"] == operation]

    # ------------------------------------------------------------------ used by the handler

    def operation_of(self, method: str, path: str, query: str, headers: Any, body: bytes) -> str | None:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": unquote(path),
            "QUERY_STRING": query,
            "CONTENT_TYPE": headers.get("Content-Type", ""),
            "HTTP_AUTHORIZATION": headers.get("Authorization", ""),
        }
        if headers.get("X-Amz-Target"):
            environ["HTTP_X_AMZ_TARGET"] = headers["X-Amz-Target"]
        return self.namer.identify(environ, body).operation

    def _next(self, operation: str | None) -> tuple[Action, float, float, threading.Barrier | None]:
        key = operation or ""
        with self._lock:
            queue = self._schedule.get(key)
            action: Action = queue.popleft() if queue else "ok"
            action = _CANNED.get(action, action) if isinstance(action, str) else action
            self.log.append({"operation": operation, "action": action.kind if isinstance(action, Reply) else action})
            barrier = None
            if key in self._holds:
                barrier, left = self._holds[key]
                if left <= 1:
                    del self._holds[key]
                else:
                    self._holds[key] = (barrier, left - 1)
            return action, self._latency.get(key, 0.0), self._latency_after.get(key, 0.0), barrier

    def _count(self, operation: str | None, kind: str) -> None:
        with self._lock:
            self.injected[kind] += 1
            self.injected_by_operation[(operation or "?", kind)] += 1

    def _forwarded(self, operation: str | None, status: int) -> None:
        with self._lock:
            self.forwarded += 1
            for entry in reversed(self.log):
                if entry["operation"] == operation and "status" not in entry:
                    entry["status"] = status
                    break

    def _forward(
        self, method: str, path: str, headers: Any, body: bytes
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=self.upstream_timeout)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers.items():
                if name.lower() in _HOP_BY_HOP or name.lower() == "content-length":
                    continue
                connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
            return response.status, response.reason, list(response.getheaders()), data
        finally:
            connection.close()


__all__ = ["FaultProxy", "Reply", "THROTTLE", "SERVICE_ERROR", "KINDS", "iam_propagation_reply"]
