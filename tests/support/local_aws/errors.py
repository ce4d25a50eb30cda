"""Errors in the wire format of AWS Lambda (rest-json).

Real Lambda sends an error as an HTTP status, the header ``x-amzn-ErrorType``
carrying the code, and a JSON body.  Modeled Lambda errors carry
``{"Type": "User", "message": "..."}``; the unmodeled ``ValidationException``
carries only ``{"message": "..."}``.  botocore reads ``Error.Code`` from the
header and ``Error.Message`` from ``message`` (or ``Message``) in the body.
"""

from __future__ import annotations

import json
from typing import Any


class ApiError(Exception):
    """An error answered to the client in Lambda's rest-json error format."""

    def __init__(self, status: int, code: str, message: str, *, modeled: bool = True) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.modeled = modeled

    def body(self) -> dict[str, Any]:
        # ref §10: the modeled errors are "HTTP 400 with `Type: User`" (and 404/409);
        # ValidationException is unmodeled and has no Type member.
        if self.modeled:
            return {"Type": "User", "message": self.message}
        return {"message": self.message}

    def encoded(self) -> bytes:
        return json.dumps(self.body()).encode("utf-8")


def invalid_parameter(message: str) -> ApiError:
    # ref §10: InvalidParameterValueException is HTTP 400 ("bad input, missing
    # function, unsupported option for this source").
    return ApiError(400, "InvalidParameterValueException", message)


def validation(message: str) -> ApiError:
    # ref §4 / §10: ValidationException (400, unmodeled) for enum or pattern
    # violations caught by the service.
    return ApiError(400, "ValidationException", message, modeled=False)


def not_found(message: str = "The resource you requested does not exist.") -> ApiError:
    # ref §5 / §10: an unknown UUID answers 404 ResourceNotFoundException,
    # "The resource you requested does not exist."
    return ApiError(404, "ResourceNotFoundException", message)


def conflict(message: str) -> ApiError:
    # ref §6: duplicates are rejected with 409 ResourceConflictException, Type User.
    return ApiError(409, "ResourceConflictException", message)


def in_use(message: str) -> ApiError:
    # ref §5 / §10: ResourceInUseException is HTTP 400 with Type User.
    return ApiError(400, "ResourceInUseException", message)


def bad_request_content(message: str) -> ApiError:
    # Lambda's own code for a body that is not JSON (not in the reference; only
    # raw HTTP clients can trigger it, botocore always sends JSON).
    return ApiError(400, "InvalidRequestContentException", message)
