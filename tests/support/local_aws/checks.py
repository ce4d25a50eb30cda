"""Value checks of the fake ESM service: JSON types, the model rules and the range table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from .errors import camel, enum_error, length_error, pattern_error, range_error, type_error, validation
from .model import KMS_KEY_ARN, MODEL_RULES, RANGES, Range, Source


def as_int(member: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise validation(f"1 validation error detected: Value '{value}' at '{camel(member)}' must be an integer")
    return value


def as_dict(member: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise type_error(member, "a structure")
    return value


def as_list(member: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise type_error(member, "a list")
    return value


def in_range(rule: Range, value: Any, bounds: tuple[int, int] | None = None) -> int:
    number = as_int(rule.name, value)
    low, high = bounds or (rule.low, rule.high)
    if not low <= number <= high:
        raise range_error(rule.name, number, low, high)
    return number


def as_timestamp(value: Any) -> float:
    # rest-json sends timestamps as epoch seconds (numbers); accept ISO 8601 from raw clients.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed.timestamp()
    raise type_error("StartingPositionTimestamp", "a timestamp")


def values_at(document: Any, path: tuple[str, ...]) -> Iterator[Any]:
    """The values at ``path`` ("*" = each item of a list); absent or mistyped parts give none."""
    if not path:
        yield document
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for item in document if isinstance(document, list) else []:
            yield from values_at(item, rest)
    elif isinstance(document, dict) and head in document:
        yield from values_at(document[head], rest)


def check_model(body: dict[str, Any], *, creating: bool) -> None:
    """Enum, length and pattern checks the service does before anything else (ValidationException)."""
    for rule in MODEL_RULES:
        if rule.create_only and not creating:
            continue
        for value in values_at(body, rule.path):
            if rule.allowed and value not in rule.allowed:
                raise enum_error(rule.wire, value, rule.allowed)
            if rule.length and isinstance(value, str) and not rule.length[0] <= len(value) <= rule.length[1]:
                raise length_error(rule.wire, value, *rule.length)
    kms = body.get("KMSKeyArn")
    if isinstance(kms, str) and not KMS_KEY_ARN.fullmatch(kms):
        raise pattern_error("kMSKeyArn", kms, KMS_KEY_ARN.pattern)


def check_ranges(source: Source, body: dict[str, Any]) -> None:
    """docs/aws-behaviour.md §4 / §13: every integer member of the range table, with its per-kind bounds."""
    for rule in RANGES:
        for value in values_at(body, rule.path):
            in_range(rule, value, rule.bounds(source.variant, source.kind))


def _is_valid_pattern_value(value: Any) -> bool:
    # docs/aws-behaviour.md §7: a leaf must be a non-empty array ({"k": "v"} and {"k": []} are
    # "Invalid filter pattern definition." [R]); nested objects recurse.
    # CHOICE: empty objects and nested arrays are rejected too (EventBridge rules).
    if isinstance(value, dict):
        return bool(value) and all(_is_valid_pattern_value(v) for v in value.values())
    if isinstance(value, list):
        return bool(value) and not any(isinstance(item, list) for item in value)
    return False


def is_valid_filter_pattern(pattern: Any) -> bool:
    """docs/aws-behaviour.md §7: null, non-JSON, non-array leaf and empty array are invalid."""
    if not isinstance(pattern, str):
        return False
    try:
        document = json.loads(pattern)
    except ValueError:
        return False
    return isinstance(document, dict) and _is_valid_pattern_value(document)
