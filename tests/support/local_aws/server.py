"""A local AWS endpoint: moto, with Lambda event source mappings done like AWS.

A WSGI app sits in front of moto's own WSGI app.  Requests for the ESM
operations (``/2015-03-31/event-source-mappings...``) and for the tag
operations on ESM ARNs (``/2017-03-31/tags/<...:event-source-mapping:uuid>``)
are answered by :class:`~.store.EsmStore`; every other request goes to moto.

Control endpoints (never logged):

* ``GET /_local/requests``  – the request log, a JSON list
* ``DELETE /_local/requests`` – clear the log
* ``POST /_local/config`` – JSON body with :meth:`LocalAWS.configure` kwargs
* ``POST /_local/reset`` – wipe moto's state, the ESMs and the log

A request quota and a round-trip latency (:mod:`.quota`) apply to AWS requests, never to these.
"""

from __future__ import annotations

import copy
import io
import json
import sys
import threading
import traceback
import uuid as uuidlib
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from tests.support.loopback import loopback_host, serve_in_thread, server_url, stop_serving

from .errors import ApiError, bad_request_content
from .model import TIMESTAMP_UNITS, EsmConfig
from .oplog import OperationNamer, access_key_of
from .quota import QUOTA_DEFAULTS, RequestQuota, check_settings
from .store import EsmStore

ESM_PREFIX = "/2015-03-31/event-source-mappings"
TAGS_PREFIX = "/2017-03-31/tags/"
CONTROL_PREFIX = "/_local/"

StartResponse = Callable[..., Any]
# (HTTP status, JSON-able payload, None for no body, or an ApiError)
Response = tuple[int, Any]

_STATUS_TEXT = {
    200: "OK",
    202: "Accepted",
    204: "No Content",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def _assert_loopback(host: str) -> None:
    # Never listen beyond loopback.
    loopback_host(host, "LocalAWS")


def _flat_query(query_string: str) -> dict[str, Any]:
    """One value per key as a str; a repeated key gives a list of str."""
    parsed = parse_qs(query_string, keep_blank_values=True)
    return {key: values[0] if len(values) == 1 else values for key, values in parsed.items()}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class LocalAWSApp:
    """The WSGI application: control endpoints, ESM operations, then moto."""

    def __init__(self, config: EsmConfig, quota: dict[str, Any] | None = None) -> None:
        # Imported here so that importing this module stays cheap.
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        self.config = config
        # reset() goes back to these quota settings.
        self._quota_settings = dict(quota or {})
        self.quota = RequestQuota(**self._quota_settings)
        self.store = EsmStore(config)
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.namer = OperationNamer()
        self._log: list[dict[str, Any]] = []
        self._log_lock = threading.Lock()

    # ----------------------------------------------------------------- state

    def requests(self) -> list[dict[str, Any]]:
        with self._log_lock:
            return copy.deepcopy(self._log)

    def reset_requests(self) -> None:
        with self._log_lock:
            self._log.clear()

    def configure(self, **kwargs: Any) -> None:
        quota = {name: kwargs.pop(name) for name in list(kwargs) if name in QUOTA_DEFAULTS}
        if quota:
            # Checked before anything else changes.
            check_settings(quota)
        flags = (
            "normalise_patterns",
            "mq_update_keeps_virtual_host",
            "docdb_update_accepts_namespace",
            "destination_caps_retries",
        )
        unknown = set(kwargs) - {"transition_seconds", "stored_timestamp_precision", *flags}
        if unknown:
            raise TypeError(f"unknown LocalAWS setting(s): {', '.join(sorted(unknown))}")
        if "transition_seconds" in kwargs:
            seconds = kwargs["transition_seconds"]
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                raise TypeError(f"transition_seconds must be a number >= 0, not {seconds!r}")
        for flag in flags:
            if flag in kwargs and not isinstance(kwargs[flag], bool):
                raise TypeError(f"{flag} must be a bool, not {kwargs[flag]!r}")
        precision = kwargs.get("stored_timestamp_precision", "sent")
        if precision not in TIMESTAMP_UNITS:
            raise TypeError(
                f"stored_timestamp_precision must be one of {', '.join(TIMESTAMP_UNITS)}, not {precision!r}"
            )
        if "stored_timestamp_precision" in kwargs:
            self.config.stored_timestamp_precision = precision
        if "transition_seconds" in kwargs:
            self.config.transition_seconds = float(kwargs["transition_seconds"])
        for flag in flags:
            if flag in kwargs:
                setattr(self.config, flag, kwargs[flag])
        if quota:
            self.quota.configure(**quota)

    def reset(self) -> None:
        from moto.moto_api._internal.models import moto_api_backend

        moto_api_backend.reset()
        self.store.reset()
        self.reset_requests()
        self.quota.configure(**dict(QUOTA_DEFAULTS, **self._quota_settings))

    # ----------------------------------------------------------------- WSGI

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "") or "/"
        if path.startswith(CONTROL_PREFIX):
            return self._control(environ, start_response, path)

        body = self._read_body(environ)
        identity = self.namer.identify(environ, body)
        entry: dict[str, Any] = {
            "service": identity.service,
            "operation": identity.operation,
            "method": environ.get("REQUEST_METHOD", "GET"),
            "path": path,
            "query": _flat_query(environ.get("QUERY_STRING", "")),
            "region": identity.region,
            "access_key": access_key_of(environ.get("HTTP_AUTHORIZATION", "")),
            "session_token": environ.get("HTTP_X_AMZ_SECURITY_TOKEN"),
            "body": self._json_or_none(body) if identity.service == "lambda" else None,
            "status": None,
        }
        with self._log_lock:
            self._log.append(entry)

        throttled = self.quota.admit(identity.service, identity.operation)
        self.quota.round_trip()
        if throttled is not None:
            entry["status"] = throttled.status
            return self._respond(start_response, throttled.status, throttled)

        region = identity.region or "us-east-1"
        local = self._local_route(environ.get("REQUEST_METHOD", "GET"), path)
        if local is not None:
            operation, handler = local
            entry["operation"] = operation
            status, payload = self._run(handler, region, environ, body)
            entry["status"] = status
            return self._respond(start_response, status, payload)

        def recording_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            try:
                entry["status"] = int(status.split(" ", 1)[0])
            except ValueError:
                pass
            if exc_info is not None:
                return start_response(status, headers, exc_info)
            return start_response(status, headers)

        return self.moto(environ, recording_start_response)

    @staticmethod
    def _read_body(environ: dict[str, Any]) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        # The body is handed on to moto, so put it back.
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return body

    @staticmethod
    def _json_or_none(body: bytes) -> Any:
        if not body:
            return None
        try:
            return json.loads(body)
        except ValueError:
            return None

    def _local_route(
        self, method: str, path: str
    ) -> tuple[str, Callable[[str, dict[str, Any], bytes], Response]] | None:
        """Pick the ESM handler for this request, or None to hand it to moto."""
        if path.rstrip("/") == ESM_PREFIX:
            # docs/aws-behaviour.md §1: POST creates, GET lists.
            if method == "POST":
                return "CreateEventSourceMapping", self._create
            if method == "GET":
                return "ListEventSourceMappings", self._list
            return "UnknownOperation", self._method_not_allowed
        if path.startswith(ESM_PREFIX + "/"):
            # docs/aws-behaviour.md §1: GET / PUT / DELETE /2015-03-31/event-source-mappings/{UUID}.
            routes = {
                "GET": ("GetEventSourceMapping", self._get),
                "PUT": ("UpdateEventSourceMapping", self._update),
                "DELETE": ("DeleteEventSourceMapping", self._delete),
            }
            return routes.get(method, ("UnknownOperation", self._method_not_allowed))
        if path.startswith(TAGS_PREFIX) and ":event-source-mapping:" in path:
            # docs/aws-behaviour.md §8: TagResource / UntagResource / ListTags with Resource = ESM ARN.
            routes = {
                "GET": ("ListTags", self._list_tags),
                "POST": ("TagResource", self._tag),
                "DELETE": ("UntagResource", self._untag),
            }
            return routes.get(method, ("UnknownOperation", self._method_not_allowed))
        return None

    @staticmethod
    def _run(
        handler: Callable[[str, dict[str, Any], bytes], Response],
        region: str,
        environ: dict[str, Any],
        body: bytes,
    ) -> Response:
        try:
            return handler(region, environ, body)
        except ApiError as error:
            return error.status, error
        except Exception as exc:  # a bug here must not look like an HTML page to botocore
            traceback.print_exc(file=sys.stderr)
            # docs/aws-behaviour.md §10: ServiceException (500) is Lambda's internal error.
            error = ApiError(500, "ServiceException", f"{type(exc).__name__}: {exc}")
            return error.status, error

    @staticmethod
    def _respond(start_response: StartResponse, status: int, payload: Any) -> list[bytes]:
        headers = [("x-amzn-RequestId", str(uuidlib.uuid4()))]
        if isinstance(payload, ApiError):
            # Lambda's error wire format: header x-amzn-ErrorType carries the code.
            data = payload.encoded()
            headers += [("x-amzn-ErrorType", payload.code), ("Content-Type", "application/json")]
        elif payload is None:
            data = b""
        else:
            data = json.dumps(payload).encode("utf-8")
            headers.append(("Content-Type", "application/json"))
        headers.append(("Content-Length", str(len(data))))
        start_response(f"{status} {_STATUS_TEXT.get(status, 'Status')}", headers)
        return [data]

    # ----------------------------------------------------------------- ESM handlers

    @staticmethod
    def _body_json(body: bytes) -> dict[str, Any]:
        if not body:
            return {}
        try:
            document = json.loads(body)
        except ValueError as exc:
            raise bad_request_content("Could not parse request body into json") from exc
        if not isinstance(document, dict):
            raise bad_request_content("Could not parse request body into json")
        return document

    @staticmethod
    def _uuid_from(environ: dict[str, Any]) -> str:
        return environ["PATH_INFO"][len(ESM_PREFIX) + 1 :].strip("/")

    @staticmethod
    def _arn_from(environ: dict[str, Any]) -> str:
        # PATH_INFO is already percent-decoded by werkzeug.
        return environ["PATH_INFO"][len(TAGS_PREFIX) :]

    def _create(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        return 202, self.store.create(region, self._body_json(body))  # docs/aws-behaviour.md §1: 202

    def _list(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        return 200, self.store.list(region, query)  # docs/aws-behaviour.md §1: 200

    def _get(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        return 200, self.store.get(region, self._uuid_from(environ))  # docs/aws-behaviour.md §1: 200

    def _update(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        return 202, self.store.update(
            region, self._uuid_from(environ), self._body_json(body)
        )  # docs/aws-behaviour.md §1: 202

    def _delete(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        return 202, self.store.delete(region, self._uuid_from(environ))  # docs/aws-behaviour.md §1: 202

    def _list_tags(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        return 200, self.store.list_tags(self._arn_from(environ))  # docs/aws-behaviour.md §1: ListTags 200

    def _tag(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        tags = self._body_json(body).get("Tags") or {}
        self.store.tag(self._arn_from(environ), dict(tags))
        return 204, None  # docs/aws-behaviour.md §1: TagResource 204

    def _untag(self, region: str, environ: dict[str, Any], body: bytes) -> Response:
        keys = parse_qs(environ.get("QUERY_STRING", "")).get("tagKeys", [])
        self.store.untag(self._arn_from(environ), keys)
        return 204, None  # docs/aws-behaviour.md §1: UntagResource 204

    @staticmethod
    def _method_not_allowed(region: str, environ: dict[str, Any], body: bytes) -> Response:
        raise ApiError(405, "UnknownOperationException", "Unknown operation", modeled=False)

    # ----------------------------------------------------------------- control

    def _control(self, environ: dict[str, Any], start_response: StartResponse, path: str) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        body = self._read_body(environ)
        name = path[len(CONTROL_PREFIX) :].strip("/")
        try:
            if name == "requests" and method == "GET":
                return self._respond(start_response, 200, self.requests())
            if name == "requests" and method == "DELETE":
                self.reset_requests()
                return self._respond(start_response, 204, None)
            if name == "config" and method == "POST":
                try:
                    self.configure(**self._body_json(body))
                except TypeError as exc:
                    raise ApiError(400, "ValidationException", str(exc), modeled=False) from exc
                return self._respond(start_response, 200, self._config_dict())
            if name == "config" and method == "GET":
                return self._respond(start_response, 200, self._config_dict())
            if name == "reset" and method == "POST":
                self.reset()
                return self._respond(start_response, 204, None)
            raise ApiError(404, "NotFound", f"no control endpoint {method} {path}", modeled=False)
        except ApiError as error:
            return self._respond(start_response, error.status, error)

    def _config_dict(self) -> dict[str, Any]:
        return {
            "transition_seconds": self.config.transition_seconds,
            "normalise_patterns": self.config.normalise_patterns,
            "mq_update_keeps_virtual_host": self.config.mq_update_keeps_virtual_host,
            **self.quota.settings(),
        }


class LocalAWS:
    """moto plus AWS-faithful Lambda ESMs, served on loopback in a background thread.

    >>> with LocalAWS(port=0, transition_seconds=0.0) as srv:
    ...     srv.url  # 'http://127.0.0.1:NNNN'
    """

    def __init__(
        self,
        port: int = 0,
        transition_seconds: float = 0.0,
        normalise_patterns: bool = False,
        host: str = "127.0.0.1",
        request_quota: float | None = None,
        request_burst: float | None = None,
        latency_seconds: float = 0.0,
    ) -> None:
        _assert_loopback(host)
        self.host = host
        self.port = port
        quota = {"request_quota": request_quota, "request_burst": request_burst, "latency_seconds": latency_seconds}
        self.app = LocalAWSApp(
            EsmConfig(transition_seconds=transition_seconds, normalise_patterns=normalise_patterns), quota
        )
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return server_url("LocalAWS", "http", self.host, self._server)

    def start(self) -> LocalAWS:
        if self._server is not None:
            return self
        server = make_server(self.host, self.port, self.app, threaded=True, request_handler=_QuietHandler)
        _assert_loopback(str(server.server_address[0]))
        self._server = server
        self._thread = serve_in_thread(server, "LocalAWS")
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        stop_serving(server, thread)

    def serve_forever(self) -> None:
        """Serve in the calling thread (used by the CLI)."""
        if self._thread is None:
            self.start()
        assert self._thread is not None
        while self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def requests(self) -> list[dict[str, Any]]:
        return self.app.requests()

    def reset_requests(self) -> None:
        self.app.reset_requests()

    def configure(self, **kwargs: Any) -> None:
        """Change behaviour at runtime: transition_seconds, normalise_patterns, mq_update_keeps_virtual_host,
        docdb_update_accepts_namespace, stored_timestamp_precision (sent, millisecond or second),
        destination_caps_retries, request_quota (requests per second, None for no quota), request_burst (bucket size,
        default one second's
        worth), latency_seconds."""
        self.app.configure(**kwargs)

    def reset(self) -> None:
        """Wipe all state (moto's and the ESMs) and the request log."""
        self.app.reset()

    def __enter__(self) -> LocalAWS:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
