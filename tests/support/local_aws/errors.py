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
        # docs/aws-behaviour.md §10: the modeled errors are "HTTP 400 with `Type: User`" (and 404/409);
        # ValidationException is unmodeled and has no Type member.
        if self.modeled:
            return {"Type": "User", "message": self.message}
        return {"message": self.message}

    def encoded(self) -> bytes:
        return json.dumps(self.body()).encode("utf-8")


def invalid_parameter(message: str) -> ApiError:
    # docs/aws-behaviour.md §10: InvalidParameterValueException is HTTP 400 ("bad input, missing
    # function, unsupported option for this source").
    return ApiError(400, "InvalidParameterValueException", message)


def validation(message: str) -> ApiError:
    # docs/aws-behaviour.md §4 / §10: ValidationException (400, unmodeled) for enum or pattern
    # violations caught by the service.
    return ApiError(400, "ValidationException", message, modeled=False)


def not_found(message: str = "The resource you requested does not exist.") -> ApiError:
    # docs/aws-behaviour.md §5 / §10: an unknown UUID answers 404 ResourceNotFoundException,
    # "The resource you requested does not exist."
    return ApiError(404, "ResourceNotFoundException", message)


def conflict(message: str) -> ApiError:
    # docs/aws-behaviour.md §6: duplicates are rejected with 409 ResourceConflictException, Type User.
    return ApiError(409, "ResourceConflictException", message)


def in_use(message: str) -> ApiError:
    # docs/aws-behaviour.md §5 / §10: ResourceInUseException is HTTP 400 with Type User.
    return ApiError(400, "ResourceInUseException", message)


def bad_request_content(message: str) -> ApiError:
    # Lambda's own code for a body that is not JSON (not in the reference; only
    # raw HTTP clients can trigger it, botocore always sends JSON).
    return ApiError(400, "InvalidRequestContentException", message)


# ---------------------------------------------------------------- Coral-style messages


def camel(member: str) -> str:
    """The service names members in lowerCamelCase in its messages."""
    return member[:1].lower() + member[1:]


def range_error(name: str, value: Any, low: int, high: int) -> ApiError:
    # CHOICE: the reference gives no text for out-of-range values; the service's
    # Coral-style text (as in the §4 StartingPosition message) is used, with
    # InvalidParameterValueException.
    bound = f"greater than or equal to {low}" if value < low else f"less than or equal to {high}"
    return invalid_parameter(
        f"1 validation error detected: Value '{value}' at '{camel(name)}' "
        f"failed to satisfy constraint: Member must have value {bound}"
    )


def too_many(path: str, high: int, value: Any = None) -> ApiError:
    # A list longer than the model allows (Coral-style text, as range_error).
    shown = "" if value is None else f" '{value}'"
    return invalid_parameter(
        f"1 validation error detected: Value{shown} at '{path}' failed to satisfy "
        f"constraint: Member must have length less than or equal to {high}"
    )


def enum_error(path: str, value: Any, allowed: tuple[str, ...]) -> ApiError:
    # docs/aws-behaviour.md §4: a bad enum is a ValidationException "…Member must satisfy enum value set: […]".
    return validation(
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]"
    )


def length_error(path: str, value: Any, low: int, high: int) -> ApiError:
    # CHOICE: string length violations are model constraints, answered like the
    # enum violation of §4 (ValidationException, Coral text).
    bound = f"greater than or equal to {low}" if len(value) < low else f"less than or equal to {high}"
    return validation(
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must have length {bound}"
    )


def null_error(path: str) -> ApiError:
    # docs/aws-behaviour.md §4: the text for a missing required member (as for startingPosition).
    return invalid_parameter(
        f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null."
    )


def pattern_error(path: str, value: Any, pattern: str) -> ApiError:
    return validation(
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {pattern}"
    )


def unsupported(member: str) -> ApiError:
    # docs/aws-behaviour.md §3: SQS + DestinationConfig answers "Unsupported DestinationConfig
    # parameter for given event source mapping type." [R].  CHOICE: the same
    # wording is used for every member that does not apply to the source (§9).
    return invalid_parameter(f"Unsupported {member} parameter for given event source mapping type.")


def type_error(member: str, expected: str) -> ApiError:
    # CHOICE: a member of the wrong JSON type (only raw clients can send one).
    return validation(f"1 validation error detected: Value at '{camel(member)}' must be {expected}")
