"""Name the AWS service and operation of a raw HTTP request, for the request log.

* service and region come from the SigV4 ``Authorization`` credential scope;
* JSON protocols (SQS, Kinesis, DynamoDB, ...) name the operation in ``X-Amz-Target``;
* query protocols (IAM, STS, ...) name it in the ``Action`` parameter;
* REST protocols (Lambda, ...) are matched on method + path against the
  ``requestUri`` templates of botocore's own service model.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import botocore.session

_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/([^/,\s]+)/aws4_request")


_ACCESS_KEY = re.compile(r"Credential=([^/,\s]+)/")


def access_key_of(authorization: str) -> str | None:
    """The access key ID a SigV4 Authorization header was signed with (which credentials a client chose)."""
    match = _ACCESS_KEY.search(authorization or "")
    return match.group(1) if match else None


@dataclass(frozen=True)
class RequestIdentity:
    service: str | None
    region: str | None
    operation: str | None


def credential_scope(authorization: str) -> tuple[str | None, str | None]:
    """Return (service, region) from a SigV4 Authorization header."""
    match = _SCOPE.search(authorization or "")
    if not match:
        return None, None
    return match.group(2), match.group(1)


@dataclass(frozen=True)
class _RestRoute:
    method: str
    pattern: re.Pattern[str]
    literal_length: int
    operation: str


class OperationNamer:
    """Derive AWS operation names; botocore models are loaded once per service."""

    def __init__(self) -> None:
        self._session = botocore.session.get_session()
        self._routes: dict[str, list[_RestRoute]] = {}
        self._lock = threading.Lock()

    def _rest_routes(self, service: str) -> list[_RestRoute]:
        with self._lock:
            if service in self._routes:
                return self._routes[service]
            routes: list[_RestRoute] = []
            try:
                model = self._session.get_service_model(service)
            except Exception:  # unknown signing name: no REST model to match against
                model = None
            if model is not None and model.protocol.startswith("rest"):
                for name in model.operation_names:
                    http = model.operation_model(name).http
                    uri = http.get("requestUri", "/").split("?", 1)[0]
                    regex = ""
                    literal = 0
                    for part in re.split(r"(\{[^}]+\})", uri):
                        if part.startswith("{") and part.endswith("}"):
                            regex += ".+" if part.endswith("+}") else "[^/]+"
                        else:
                            regex += re.escape(part)
                            literal += len(part)
                    pattern = re.compile("^" + regex.rstrip("/") + "/?$")
                    routes.append(_RestRoute(http.get("method", "GET"), pattern, literal, name))
                # Most specific template first (e.g. .../{UUID} before a catch-all).
                routes.sort(key=lambda r: -r.literal_length)
            self._routes[service] = routes
            return routes

    def rest_operation(self, service: str, method: str, path: str) -> str | None:
        for route in self._rest_routes(service):
            if route.method == method and route.pattern.match(path):
                return route.operation
        return None

    def identify(self, environ: dict[str, Any], body: bytes) -> RequestIdentity:
        service, region = credential_scope(environ.get("HTTP_AUTHORIZATION", ""))
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target:
            return RequestIdentity(service, region, target.rsplit(".", 1)[-1])
        query = parse_qs(environ.get("QUERY_STRING", ""))
        action = query.get("Action", [None])[0]
        content_type = environ.get("CONTENT_TYPE", "") or ""
        if action is None and content_type.startswith("application/x-www-form-urlencoded"):
            form = parse_qs(body.decode("utf-8", "replace"))
            action = form.get("Action", [None])[0]
        if action:
            return RequestIdentity(service, region, action)
        if service:
            method = environ.get("REQUEST_METHOD", "GET")
            path = environ.get("PATH_INFO", "/")
            return RequestIdentity(service, region, self.rest_operation(service, method, path))
        return RequestIdentity(service, region, None)
