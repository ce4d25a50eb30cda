# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure planning: what to create, update, tag or delete, and why not. Private to the esmkit.aws collection.

Planning never calls AWS. Its inputs are the validated task, the mapping AWS holds (API shape) and its
tags when they were read; its output says which calls to make and predicts the result.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .errors import EsmError, ValidationError
from .identity import function_arn_like, function_matches
from .options import (
    CREATE_ONLY_KEYS,
    FIELDS,
    FIELDS_BY_NAME,
    NOT_IN_QUEUE_MODE,
    QUEUE_MODE,
    SQS,
    ListOf,
    Struct,
    create_defaults,
    live,
    state_of,
    value_at,
)
from .translate import (
    as_compared,
    create_params,
    diff_names,
    normalise,
    predicted_value,
    update_value,
    without_generated,
)
from .validate import Desired, check_create, consumption_mode, validate


@dataclasses.dataclass(frozen=True)
class Plan:
    """What one run does, built once by ``plan_present`` or ``plan_absent`` and never changed."""

    # none, create, update, replace, delete
    action: str
    before: dict[str, Any] = dataclasses.field(default_factory=dict)
    # The mapping as the run leaves it, in the result shape (predicted; the real run reports what AWS answers).
    after: dict[str, Any] = dataclasses.field(default_factory=dict)
    create_params: dict[str, Any] = dataclasses.field(default_factory=dict)
    update_params: dict[str, Any] = dataclasses.field(default_factory=dict)
    changed_options: list[str] = dataclasses.field(default_factory=list)
    create_only_changes: list[tuple[str, Any, Any]] = dataclasses.field(default_factory=list)
    tags_to_set: dict[str, str] = dataclasses.field(default_factory=dict)
    tags_to_unset: list[str] = dataclasses.field(default_factory=list)
    # Tags of the mapping after the plan runs (None where tags are neither read nor set).
    tags_after: dict[str, str] | None = None
    # A replacement: the validated task of the new mapping (its identity is looked up before the delete),
    # and how to re-create the old mapping if AWS refuses the new one after the delete.
    replacement: Desired | None = None
    restore_params: dict[str, Any] = dataclasses.field(default_factory=dict)
    old_configuration: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.action != "none"


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def create_only_changes(desired: Desired, current: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """What the task sets, among what AWS takes only at creation (the table's create-only options, keys and list
    entries, docs/aws-behaviour.md §2), to something other than what AWS holds (``current``, normalised).

    What AWS does not report cannot be compared and is not counted as a change: a consumer group id the task
    leaves out is generated (the UUID, docs/aws-behaviour.md §3), never drift.
    """
    changes = []
    values = desired.values
    # docs/aws-behaviour.md §3: a create-only key AWS leaves out (the consumption mode) is its default.
    current = as_compared(current)
    for option in FIELDS:
        if option.create_only and option.name in values and current.get(option.name) is not None:
            if option.shape.differs(values[option.name], current[option.name]):
                changes.append((option.name, current[option.name], values[option.name]))
    for path in CREATE_ONLY_KEYS:
        wanted, held = value_at(values, path), value_at(current, path)
        if wanted is not None and wanted != held and (held is not None or reports_absence(path, current)):
            changes.append((".".join(path), held, wanted))
    for option in FIELDS:
        if isinstance(option.shape, ListOf) and option.shape.create_only_entries and option.name in values:
            key, entry = option.shape.create_only_entries
            wanted = sorted(e["uri"] for e in option.shape.create_only_part(values[option.name]))
            held = sorted(e["uri"] for e in option.shape.create_only_part(current.get(option.name)))
            if wanted != held:
                changes.append((f"{option.name} ({entry})", held, wanted))
    return changes


def reports_absence(path: tuple[str, ...], current: dict[str, Any]) -> bool:
    """Whether a create-only key that ``current`` leaves out is absent rather than unreported: a DocumentDB
    mapping reports its block, so a missing collection means every collection (docs/aws-behaviour.md §2, §6);
    a consumer group id AWS does not report is generated, never a change (docs/aws-behaviour.md §3)."""
    return path[0] == "document_db_event_source_config" and bool(current.get(path[0]))


def _tag_changes(desired: Desired, held: dict[str, str]) -> tuple[dict[str, str], list[str], dict[str, str]]:
    wanted = desired.tags or {}
    to_set = {key: value for key, value in wanted.items() if held.get(key) != value}
    to_unset = []
    if desired.purge_tags:
        # amazon.aws habit: aws: keys belong to AWS and are never purged.
        to_unset = sorted(key for key in held if key not in wanted and not key.startswith("aws:"))
    after = dict(held)
    after.update(to_set)
    for key in to_unset:
        after.pop(key, None)
    return to_set, to_unset, after


def _predict_create(
    kind: str, values: dict[str, Any], function_arn: str | None, tags: dict[str, str] | None
) -> dict[str, Any]:
    """The mapping a create makes, in the result shape: AWS's defaults for the kind with the task's options over
    them (docs/aws-behaviour.md §3)."""
    predicted = create_defaults(kind)
    for name, value in values.items():
        if name in FIELDS_BY_NAME:
            value = predicted_value(name, value, predicted.get(name))
            predicted.pop(name, None)
            if value is not None:
                predicted[name] = value
    enabled = predicted.setdefault("enabled", True)
    predicted["state"] = state_of(enabled)
    if function_arn:
        predicted["function_arn"] = function_arn
    if tags is not None:
        predicted["tags"] = dict(tags)
    return predicted


def carried_values(held: dict[str, Any], kind: str, source: str) -> dict[str, Any]:
    """The options of a held mapping (normalised) that a new mapping of ``kind`` on ``source`` can take."""
    values = {
        field.name: held[field.name]
        for field in FIELDS
        if field.name in held and (field.kinds is None or kind in field.kinds)
    }
    if kind == SQS and source.endswith(".fifo"):
        # docs/aws-behaviour.md §4: FIFO queues take no batching window.
        values.pop("maximum_batching_window_in_seconds", None)
    if values.get("starting_position") != "AT_TIMESTAMP":
        # docs/aws-behaviour.md §2: a timestamp goes only with AT_TIMESTAMP.
        values.pop("starting_position_timestamp", None)
    if held.get("enabled") is not None:
        values["enabled"] = held["enabled"]
    return values


def _replacement_values(desired: Desired, held: dict[str, Any], kind: str) -> dict[str, Any]:
    """The options of a replacement: what the old mapping held, with the task's values over it.

    Unset means untouched, so a replacement keeps the settings the task does not mention, where they
    apply to the new source; a generated consumer group id (the old mapping's UUID, docs/aws-behaviour.md §3) is left for
    AWS to generate again.
    """
    new_source = desired.values.get("event_source_arn", held.get("event_source_arn")) or ""
    values = without_generated(carried_values(held, kind, new_source), held.get("uuid"))
    for name, value in desired.values.items():
        field = FIELDS_BY_NAME.get(name)
        if name in values and field is not None and isinstance(field.shape, Struct) and not field.shape.is_empty(value):
            # As in an update: a block's keys the task leaves out keep what the old mapping held.
            value = field.shape.merge(values[name], value)
        values[name] = value
    if values.get("starting_position") != "AT_TIMESTAMP":
        values.pop("starting_position_timestamp", None)
    if consumption_mode(values) == QUEUE_MODE:
        # docs/aws-behaviour.md §2: what Queue mode does not take is not carried into a Queue-mode mapping.
        for name in NOT_IN_QUEUE_MODE:
            if name not in desired.values:
                values.pop(name, None)
    return values


def restore_plan(held: dict[str, Any], kind: str, tags: dict[str, str] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """How to re-create a deleted mapping: (CreateEventSourceMapping parameters, the options in the module's shape).

    The consumer group id is kept as it was, generated or not, so a Kafka mapping resumes from its group's
    committed offsets; a stream mapping starts again from its starting_position (its place cannot be restored).
    """
    values = carried_values(held, kind, held.get("event_source_arn") or "")
    options = dict(values, function_name=held.get("function_arn"))
    params = create_params(options)
    if tags:
        params["Tags"] = dict(tags)
        options["tags"] = dict(tags)
    return params, options


def _check_replacement(
    desired: Desired, kind: str, function_name: str, values: dict[str, Any], uuid: str | None
) -> Desired:
    """Validate the replacement as the create it is, before the old mapping is deleted; return its task.

    The old mapping is deleted first (docs/aws-behaviour.md §6), so a create that AWS would refuse must be found here.
    """
    params = dict(
        values,
        function_name=function_name,
        state="present",
        tags=desired.tags,
        purge_tags=desired.purge_tags,
        wait=desired.wait,
        wait_timeout=desired.wait_timeout,
        role_propagation_timeout=desired.role_propagation_timeout,
    )
    try:
        replacement = validate(params)
        check_create(replacement, kind)
    except ValidationError as exc:
        carried = exc.option.split(".")[0].split("[")[0] not in desired.values
        note = f" ({exc.option} is carried over from the old mapping; set it in the task.)" if carried else ""
        raise ValidationError(
            exc.option,
            f"Cannot replace event source mapping {uuid}: the new mapping would be refused: {exc.msg}{note} Nothing was changed.",
        ) from exc
    return replacement


def plan_present(
    desired: Desired,
    kind: str,
    current: dict[str, Any] | None,
    tags: dict[str, str] | None,
    function_arn: str | None = None,
    options: dict[str, Any] | None = None,
) -> Plan:
    """Plan ``state=present``. ``current`` is the API mapping or None, ``tags`` its tags if read.

    ``function_arn`` is the function's ARN, when known, to predict a create; ``options`` is ``current`` in option
    shape when the caller has it already (``normalise(current)``).
    """
    if current is None or not live(current):
        check_create(desired, kind)
        return _plan_create("create", desired, kind, desired.values, desired.function_name, function_arn, {})
    held = normalise(current) if options is None else options
    before = dict(held, tags=dict(tags)) if tags is not None else dict(held)
    fixed = create_only_changes(desired, held)
    if fixed:
        return _plan_replace(desired, kind, current, held, before, fixed, tags, function_arn)
    changed_options = diff_names(desired.values, held)
    update_params = {
        FIELDS_BY_NAME[name].api: update_value(name, desired.values[name], held.get(name)) for name in changed_options
    }
    after = dict(held)
    for name in changed_options:
        after.pop(name, None)
        value = predicted_value(name, desired.values[name], held.get(name))
        if value is not None:
            after[name] = value
    if "enabled" in changed_options:
        after["state"] = state_of(desired.values["enabled"])
    if desired.function is not None and not function_matches(desired.function, current["FunctionArn"]):
        changed_options.append("function_name")
        update_params["FunctionName"] = desired.function_name
        after["function_arn"] = function_arn or function_arn_like(desired.function, current["FunctionArn"])
    tags_to_set: dict[str, str] = {}
    tags_to_unset: list[str] = []
    tags_after = tags
    if desired.tags is not None and tags is not None:
        tags_to_set, tags_to_unset, tags_after = _tag_changes(desired, tags)
    if tags_after is not None:
        after["tags"] = tags_after
    return Plan(
        "update" if update_params or tags_to_set or tags_to_unset else "none",
        before=before,
        after=after,
        update_params=update_params,
        changed_options=changed_options,
        tags_to_set=tags_to_set,
        tags_to_unset=tags_to_unset,
        tags_after=tags_after,
    )


def _plan_replace(
    desired: Desired,
    kind: str,
    current: dict[str, Any],
    held: dict[str, Any],
    before: dict[str, Any],
    fixed: list[tuple[str, Any, Any]],
    tags: dict[str, str] | None,
    function_arn: str | None,
) -> Plan:
    if not desired.allow_replacement:
        details = "; ".join(f"{name} (current: {_show(old)}, requested: {_show(new)})" for name, old, new in fixed)
        raise EsmError(
            "Cannot change create-only options of event source mapping {}: {}. Nothing was changed. "
            "Set allow_replacement=true to delete the mapping and create it again; the new mapping starts "
            "reading from its starting_position, so it loses the old one's place in the source.".format(
                current.get("UUID"), details
            )
        )
    function_name = desired.function_name or current["FunctionArn"]
    values = _replacement_values(desired, held, kind)
    restore_params, old_configuration = restore_plan(held, kind, tags)
    return _plan_create(
        "replace",
        desired,
        kind,
        values,
        function_name,
        function_arn or current.get("FunctionArn"),
        tags or {},
        before=before,
        create_only_changes=fixed,
        replacement=_check_replacement(desired, kind, function_name, values, current.get("UUID")),
        restore_params=restore_params,
        old_configuration=old_configuration,
    )


def _plan_create(
    action: str,
    desired: Desired,
    kind: str,
    values: dict[str, Any],
    function_name: str | None,
    function_arn: str | None,
    held_tags: dict[str, str],
    **plan: Any,
) -> Plan:
    """A create, or the create of a replacement (which keeps the old mapping's tags unless the task sets them)."""
    params = create_params(dict(values, function_name=function_name))
    tags: dict[str, str] | None
    if desired.tags is not None:
        tags = _tag_changes(desired, held_tags)[2]
    else:
        tags = held_tags if action == "replace" else None
    if tags:
        params["Tags"] = tags
    tags_after = tags if tags is not None else ({} if desired.tags is not None else None)
    return Plan(
        action,
        create_params=params,
        tags_after=tags_after,
        after=_predict_create(kind, values, function_arn, tags_after),
        **plan,
    )


def plan_absent(
    current: dict[str, Any] | None, tags: dict[str, str] | None = None, options: dict[str, Any] | None = None
) -> Plan:
    """Plan ``state=absent``; ``options`` is ``current`` in option shape when the caller has it already."""
    if options is None:
        before = normalise(current, tags)
    else:
        before = dict(options, tags=dict(tags)) if tags is not None else dict(options)
    return Plan("delete" if live(current) else "none", before=before)
