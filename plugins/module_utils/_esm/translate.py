# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""API shape <-> option shape for event source mappings. Private to the esmkit.aws collection.

``normalise`` is the one function that turns an API mapping into the result shape of both modules.
"""

from __future__ import annotations

from typing import Any

from .identity import kind_of_arn
from .options import (
    CREATE_ONLY_KEYS,
    FIELDS,
    FIELDS_BY_NAME,
    KAFKA,
    OUTPUT_KEYS,
    ListOf,
    Struct,
    Timestamp,
    create_defaults,
    read,
    value_at,
)

# Output-only members, reported but never compared (docs/aws-behaviour.md §2).
OUTPUT_MEMBERS = (
    ("uuid", "UUID"),
    ("arn", "EventSourceMappingArn"),
    ("function_arn", "FunctionArn"),
    ("state", "State"),
    ("state_transition_reason", "StateTransitionReason"),
    ("last_processing_result", "LastProcessingResult"),
)


def normalise(mapping: dict[str, Any] | None, tags: dict[str, str] | None = None) -> dict[str, Any]:
    """The result shape: option names for every option AWS reports, output-only members, tags if read.

    Empty values (``[]``, ``{}``, the streams' ``{"OnFailure": {}}``) are left out, so "none" has one form.
    """
    if not mapping:
        return {}
    result: dict[str, Any] = {}
    for name, api in OUTPUT_MEMBERS:
        if mapping.get(api) is not None:
            result[name] = mapping[api]
    if mapping.get("LastModified") is not None:
        result["last_modified"] = Timestamp().from_api(mapping["LastModified"])
    for field in FIELDS:
        value = read(field, mapping)
        if not field.shape.is_empty(value):
            result[field.name] = value
    if mapping.get("FilterCriteriaError"):
        result["filter_criteria_error"] = {
            "error_code": mapping["FilterCriteriaError"].get("ErrorCode"),
            "message": mapping["FilterCriteriaError"].get("Message"),
        }
    if tags is not None:
        result["tags"] = dict(tags)
    return result


def create_params(desired: dict[str, Any]) -> dict[str, Any]:
    """CreateEventSourceMapping parameters for every option the task sets (clears are simply omitted)."""
    params: dict[str, Any] = {"FunctionName": desired["function_name"]}
    for field in FIELDS:
        value = desired.get(field.name)
        if value is None or field.shape.is_empty(value):
            continue
        params[field.api] = field.shape.to_api(value)
    return params


def update_value(field_name: str, desired: Any, current: Any) -> Any:
    """The UpdateEventSourceMapping value for one changed option: the task's keys over what AWS holds for a
    block (AWS replaces a block whole), without what can only be set at creation (docs/aws-behaviour.md §2)."""
    field = FIELDS_BY_NAME[field_name]
    if field.shape.is_empty(desired):
        return field.clear
    if isinstance(field.shape, Struct):
        desired = field.shape.merge(current, desired)
        desired = {member.name: value for member, value in field.shape.set_members(desired) if not member.create_only}
    elif isinstance(field.shape, ListOf):
        fixed = field.shape.create_only_part(desired)
        desired = [entry for entry in desired if entry not in fixed]
    return field.shape.to_api(desired)


def predicted_value(field_name: str, desired: Any, current: Any) -> Any:
    """What AWS reports for one option (option shape) after an update that sets it to ``desired`` over
    ``current``; None when the update clears it. Create-only keys keep what AWS holds: they are never sent, and
    a task that changes them is a replacement."""
    field = FIELDS_BY_NAME[field_name]
    if field.shape.is_empty(desired):
        return None
    if isinstance(field.shape, Struct):
        desired = field.shape.merge(current, desired)
    value = field.shape.from_api(field.shape.to_api(desired))
    return None if field.shape.is_empty(value) else value


def _held_kind(normalised: dict[str, Any]) -> str | None:
    """``identity.kind_of_mapping`` for a mapping in option shape."""
    if normalised.get("self_managed_event_source"):
        return KAFKA
    return kind_of_arn(normalised.get("event_source_arn") or "")


def _fill_absent(members, values: dict[str, Any], kind: str) -> dict[str, Any]:
    filled = dict(values)
    for member in members:
        if filled.get(member.name) is None and kind in member.absent_means:
            filled[member.name] = member.absent_means[kind]
        elif isinstance(member.shape, Struct) and isinstance(filled.get(member.name), dict):
            filled[member.name] = _fill_absent(member.shape.members, filled[member.name], kind)
    return filled


def as_compared(normalised: dict[str, Any]) -> dict[str, Any]:
    """A held mapping (normalised) as it is compared: what AWS leaves out of its answer is the table's
    ``absent_means`` for the mapping's kind (docs/aws-behaviour.md §3)."""
    kind = _held_kind(normalised)
    return normalised if kind is None else _fill_absent(FIELDS, normalised, kind)


def _differs(field, desired: Any, held: dict[str, Any]) -> bool:
    if not field.shape.differs(desired, held.get(field.name)):
        return False
    # docs/aws-behaviour.md §3: a value AWS holds in another form while another option is set.
    as_held, needs = (
        field.rewritten.get(desired, (None, None)) if not isinstance(desired, (dict, list)) else (None, None)
    )
    return not (needs is not None and held.get(field.name) == as_held and held.get(needs))


def diff_names(desired_values: dict[str, Any], normalised: dict[str, Any]) -> list[str]:
    """Names of the options the task sets whose value differs from what ``normalised`` holds."""
    held = as_compared(normalised)
    return [
        field.name
        for field in FIELDS
        if desired_values.get(field.name) is not None and _differs(field, desired_values[field.name], held)
    ]


def without_generated(values: dict[str, Any], uuid: str | None) -> dict[str, Any]:
    """``values`` (option shape) without the create-only keys AWS generated from the mapping's UUID (a Kafka
    consumer group id, docs/aws-behaviour.md §3): a new mapping gets its own."""
    values = dict(values)
    for block, key in CREATE_ONLY_KEYS:
        if uuid is not None and value_at(values, (block, key)) == uuid:
            values[block] = {k: v for k, v in values[block].items() if k != key}
            if not values[block]:
                del values[block]
    return values


# The output-only keys a trimmed mapping keeps: the set module checks them (options.OUTPUT_KEYS).
CHECKED_OUTPUT_KEYS = ("uuid", "function_arn")


def _without_default(value: Any, default: Any) -> Any:
    if isinstance(value, dict) and isinstance(default, dict):
        rest = {key: sub for key, sub in value.items() if key not in default or default[key] != sub}
        return rest or None
    return None if value == default else value


def trimmed(options: dict[str, Any]) -> dict[str, Any]:
    """A mapping in result shape as a file keeps it: without the output-only keys that change on their own (all
    but ``uuid`` and ``function_arn``), the values that are AWS's defaults for its kind (docs/aws-behaviour.md §3)
    and a consumer group id AWS generated. Handed to the set module, it is still a no-op; what it leaves out is
    neither sent nor compared."""
    kind = _held_kind(options)
    defaults = create_defaults(kind) if kind else {}
    kept: dict[str, Any] = {}
    for key, value in options.items():
        if key in OUTPUT_KEYS and key not in CHECKED_OUTPUT_KEYS:
            continue
        if key in defaults:
            value = _without_default(value, defaults[key])
        if value is not None:
            kept[key] = value
    return without_generated(kept, options.get("uuid"))
