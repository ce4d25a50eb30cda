# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""API shape <-> option shape for event source mappings. Private to the esmkit.aws collection.

``normalise`` is the one function that turns an API mapping into the result shape of both modules.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .options import ENABLED_STATES, FIELDS, FIELDS_BY_NAME, Struct, Timestamp

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
    enabled = ENABLED_STATES.get(mapping.get("State", ""))
    if enabled is not None:
        result["enabled"] = enabled
    for field in FIELDS:
        if field.name == "enabled":
            continue
        value = field.shape.from_api(mapping.get(field.api))
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


class FunctionRef(NamedTuple):
    """A function as a name, a partial ARN or an ARN, with its qualifier."""

    name: str
    qualifier: str | None
    account: str | None
    region: str | None
    partition: str | None


_FUNCTION_RE = re.compile(
    r"^(?:(?:arn:(?P<partition>[a-z0-9-]+):lambda:(?P<region>[a-z0-9-]+):)?(?P<account>\d{12}):function:)?"
    r"(?P<name>[a-zA-Z0-9_-]{1,140})(?::(?P<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]{1,128}))?$"
)


def parse_function(value: str) -> FunctionRef | None:
    """Parse a name, ``name:qualifier``, a partial ARN or an ARN; None if it is none of them."""
    match = _FUNCTION_RE.match(value or "")
    if not match:
        return None
    return FunctionRef(
        match.group("name"),
        match.group("qualifier"),
        match.group("account"),
        match.group("region"),
        match.group("partition"),
    )


def function_matches(wanted: FunctionRef, function_arn: str) -> bool:
    """Whether a mapping's FunctionArn is the function the task names.

    The qualifier is part of the identity: ``name`` and ``name:$LATEST`` are different mappings (docs/aws-behaviour.md §6).
    A bare name or partial ARN leaves out what it does not say (account, region), which the caller's
    own account and region supply on AWS's side.
    """
    held = parse_function(function_arn)
    if held is None:
        return False
    for part in ("name", "qualifier", "account", "region", "partition"):
        wanted_part = getattr(wanted, part)
        if part in ("name", "qualifier") or wanted_part is not None:
            if wanted_part != getattr(held, part):
                return False
    return True


def function_arn_like(ref: FunctionRef, base_arn: str) -> str:
    """The qualified ARN of ``ref``, taking what ``ref`` leaves out from an ARN of the same function."""
    base = parse_function(base_arn)
    partition = ref.partition or (base.partition if base else None) or "aws"
    region = ref.region or (base.region if base else "")
    account = ref.account or (base.account if base else "")
    arn = f"arn:{partition}:lambda:{region}:{account}:function:{ref.name}"
    return arn + (":" + ref.qualifier if ref.qualifier else "")


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
    """The UpdateEventSourceMapping value for one changed option."""
    field = FIELDS_BY_NAME[field_name]
    if field.shape.is_empty(desired):
        return field.clear
    if isinstance(field.shape, Struct):
        # A block is replaced whole on update: send the task's keys over what AWS holds.
        desired = field.shape.merge(current, desired)
    value = field.shape.to_api(desired)
    if field_name == "source_access_configuration":
        # docs/aws-behaviour.md §2: VIRTUAL_HOST cannot be sent in an update; it is compared as create-only instead.
        value = [entry for entry in value if entry["Type"] != "VIRTUAL_HOST"]
    return value


def apply_update(mapping: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """What AWS holds after ``params`` are applied to ``mapping`` (for check mode's prediction)."""
    predicted = dict(mapping)
    for key, value in params.items():
        if key in ("UUID", "FunctionName", "Enabled"):
            continue
        predicted[key] = value
    if "Enabled" in params:
        predicted["State"] = "Enabled" if params["Enabled"] else "Disabled"
    return predicted


def diff_names(desired_values: dict[str, Any], normalised: dict[str, Any]) -> list[str]:
    """Names of the options the task sets whose value differs from what ``normalised`` holds."""
    changed = []
    for field in FIELDS:
        value = desired_values.get(field.name)
        if value is None:
            continue
        if field.name == "enabled":
            if normalised.get("enabled") != value:
                changed.append(field.name)
        elif field.shape.differs(value, normalised.get(field.name)):
            changed.append(field.name)
    return changed
