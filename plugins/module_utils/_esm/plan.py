# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure planning: what to create, update, tag or delete, and why not. Private to the esmkit.aws collection.

Planning never calls AWS. Its inputs are the validated task, the mapping AWS holds (API shape) and its
tags when they were read; its output says which calls to make and predicts the result.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import EsmError, ValidationError
from .options import CREATE_DEFAULTS, FIELDS, FIELDS_BY_NAME, SQS, Struct
from .translate import (
    apply_update,
    create_params,
    diff_names,
    function_arn_like,
    function_matches,
    normalise,
    update_value,
)
from .validate import Desired, check_create, validate

KAFKA_CONFIGS = ("self_managed_kafka_event_source_config", "amazon_managed_kafka_event_source_config")


class Plan:
    def __init__(self, action: str) -> None:
        # none, create, update, replace, delete
        self.action = action
        self.create_params: dict[str, Any] = {}
        self.update_params: dict[str, Any] = {}
        self.changed_options: list[str] = []
        self.create_only_changes: list[tuple[str, Any, Any]] = []
        self.tags_to_set: dict[str, str] = {}
        self.tags_to_unset: list[str] = []
        self.before: dict[str, Any] = {}
        self.after: dict[str, Any] = {}
        # Tags of the mapping after the plan runs (None where tags are neither read nor set).
        self.tags_after: dict[str, str] | None = None
        # A replacement: the validated task of the new mapping (its identity is looked up before the delete),
        # and how to re-create the old mapping if AWS refuses the new one after the delete.
        self.replacement: Desired | None = None
        self.restore_params: dict[str, Any] = {}
        self.old_configuration: dict[str, Any] = {}

    @property
    def changed(self) -> bool:
        return self.action != "none"

    @property
    def tags_change(self) -> bool:
        return bool(self.tags_to_set or self.tags_to_unset)


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def create_only_changes(desired: Desired, current: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Create-only options (docs/aws-behaviour.md §2) the task sets to something other than what AWS holds.

    An option AWS does not report cannot be compared and is not counted as a change.
    """
    changes = []
    values = desired.values
    for field in FIELDS:
        if not field.create_only or field.name not in values or current.get(field.name) is None:
            continue
        if field.shape.differs(values[field.name], current[field.name]):
            changes.append((field.name, current[field.name], values[field.name]))
    for config in KAFKA_CONFIGS:
        wanted = (values.get(config) or {}).get("consumer_group_id")
        held = (current.get(config) or {}).get("consumer_group_id")
        # A generated group id (the UUID, docs/aws-behaviour.md §3) is never drift unless the task sets one.
        if wanted is not None and held is not None and wanted != held:
            changes.append((config + ".consumer_group_id", held, wanted))
    if "source_access_configuration" in values:
        wanted_hosts = sorted(e["uri"] for e in values["source_access_configuration"] if e["type"] == "VIRTUAL_HOST")
        held_hosts = sorted(
            e["uri"] for e in current.get("source_access_configuration") or [] if e["type"] == "VIRTUAL_HOST"
        )
        if wanted_hosts != held_hosts:
            changes.append(("source_access_configuration (VIRTUAL_HOST)", held_hosts, wanted_hosts))
    return changes


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
    desired: Desired, kind: str, params: dict[str, Any], function_arn: str | None, tags: dict[str, str] | None
):
    predicted: dict[str, Any] = json.loads(json.dumps(CREATE_DEFAULTS.get(kind, {})))
    for key, value in params.items():
        if isinstance(value, dict) and isinstance(predicted.get(key), dict):
            merged = dict(predicted[key])
            merged.update(value)
            value = merged
        predicted[key] = value
    predicted.pop("FunctionName", None)
    predicted.pop("Tags", None)
    predicted.pop("Enabled", None)
    predicted["State"] = "Enabled" if params.get("Enabled", True) else "Disabled"
    if function_arn:
        predicted["FunctionArn"] = function_arn
    return normalise(predicted, tags)


def carried_values(held: dict[str, Any], kind: str, source: str) -> dict[str, Any]:
    """The options of a held mapping (normalised) that a new mapping of ``kind`` on ``source`` can take."""
    values = {field.name: held[field.name] for field in FIELDS if field.name in held and kind in field.kinds}
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
    values = carried_values(held, kind, new_source)
    for config in KAFKA_CONFIGS:
        if config in values and values[config].get("consumer_group_id") == held.get("uuid"):
            values[config] = {k: v for k, v in values[config].items() if k != "consumer_group_id"}
            if not values[config]:
                del values[config]
    for name, value in desired.values.items():
        field = FIELDS_BY_NAME.get(name)
        if name in values and field is not None and isinstance(field.shape, Struct) and not field.shape.is_empty(value):
            # As in an update: a block's keys the task leaves out keep what the old mapping held.
            value = field.shape.merge(values[name], value)
        values[name] = value
    if values.get("starting_position") != "AT_TIMESTAMP":
        values.pop("starting_position_timestamp", None)
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
) -> Plan:
    """Plan ``state=present``. ``current`` is the API mapping or None, ``tags`` its tags if read.

    ``function_arn`` is the function's ARN, when known, to predict a create.
    """
    if current is None or current.get("State") == "Deleting":
        check_create(desired, kind)
        return _plan_create(
            desired, kind, desired.values, desired.function_name, function_arn, tags or {}, Plan("create")
        )

    held = normalise(current)
    plan = Plan("none")
    plan.before = normalise(current, tags)
    plan.create_only_changes = create_only_changes(desired, held)
    if plan.create_only_changes:
        if not desired.allow_replacement:
            details = "; ".join(
                f"{name} (current: {_show(old)}, requested: {_show(new)})"
                for name, old, new in plan.create_only_changes
            )
            raise EsmError(
                "Cannot change create-only options of event source mapping {}: {}. Nothing was changed. "
                "Set allow_replacement=true to delete the mapping and create it again; the new mapping starts "
                "reading from its starting_position, so it loses the old one's place in the source.".format(
                    current.get("UUID"), details
                )
            )
        function_name = desired.function_name or current["FunctionArn"]
        values = _replacement_values(desired, held, kind)
        replacement = _check_replacement(desired, kind, function_name, values, current.get("UUID"))
        replace = _plan_create(
            desired,
            kind,
            values,
            function_name,
            function_arn or current.get("FunctionArn"),
            tags or {},
            Plan("replace"),
        )
        replace.replacement = replacement
        replace.restore_params, replace.old_configuration = restore_plan(held, kind, tags)
        replace.before = plan.before
        replace.create_only_changes = plan.create_only_changes
        return replace

    plan.changed_options = diff_names(desired.values, held)
    for name in plan.changed_options:
        field = FIELDS_BY_NAME[name]
        if name == "enabled":
            plan.update_params["Enabled"] = desired.values["enabled"]
            continue
        value = update_value(name, desired.values[name], held.get(name))
        if name in KAFKA_CONFIGS and isinstance(value, dict):
            # docs/aws-behaviour.md §2: the consumer group id cannot be updated, so it is never sent in an update.
            value.pop("ConsumerGroupId", None)
        plan.update_params[field.api] = value
    if desired.function is not None and not function_matches(desired.function, current["FunctionArn"]):
        plan.changed_options.append("function_name")
        plan.update_params["FunctionName"] = desired.function_name
    predicted = apply_update(current, plan.update_params)
    for config in KAFKA_CONFIGS:
        api = FIELDS_BY_NAME[config].api
        group = (current.get(api) or {}).get("ConsumerGroupId")
        if api in plan.update_params and group is not None:
            # The update leaves out the group id (it cannot change), so AWS keeps the one it holds.
            predicted[api] = dict(predicted[api] or {}, ConsumerGroupId=group)
    held_hosts = [e for e in current.get("SourceAccessConfigurations") or [] if e.get("Type") == "VIRTUAL_HOST"]
    if "SourceAccessConfigurations" in plan.update_params and held_hosts:
        # docs/aws-behaviour.md §2, §13: the update cannot carry the VIRTUAL_HOST entry, and the mapping keeps the one it holds
        # (not verified; the write is verified afterwards, so a dropped virtual host fails loudly).
        predicted["SourceAccessConfigurations"] = list(predicted["SourceAccessConfigurations"]) + held_hosts
    if "FunctionName" in plan.update_params:
        predicted["FunctionArn"] = function_arn or function_arn_like(desired.function, current["FunctionArn"])
    if desired.tags is not None and tags is not None:
        plan.tags_to_set, plan.tags_to_unset, plan.tags_after = _tag_changes(desired, tags)
    else:
        plan.tags_after = tags
    plan.after = normalise(predicted, plan.tags_after)
    if plan.update_params or plan.tags_change:
        plan.action = "update"
    return plan


def _plan_create(
    desired: Desired,
    kind: str,
    values: dict[str, Any],
    function_name: str | None,
    function_arn: str | None,
    held_tags: dict[str, str],
    plan: Plan,
) -> Plan:
    params = create_params(dict(values, function_name=function_name))
    if desired.tags is not None:
        tags = _tag_changes(desired, held_tags if plan.action == "replace" else {})[2]
    else:
        tags = held_tags if plan.action == "replace" else None
    if tags:
        params["Tags"] = tags
    plan.create_params = params
    plan.tags_after = tags if tags is not None else ({} if desired.tags is not None else None)
    plan.after = _predict_create(desired, kind, params, function_arn, plan.tags_after)
    return plan


def plan_absent(current: dict[str, Any] | None, tags: dict[str, str] | None = None) -> Plan:
    if current is None or current.get("State") == "Deleting":
        plan = Plan("none")
        plan.before = normalise(current, tags) if current else {}
        return plan
    plan = Plan("delete")
    plan.before = normalise(current, tags)
    return plan
