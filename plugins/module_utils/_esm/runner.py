# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The flow of the lambda_event_source_mapping module. Private to the esmkit.aws collection.

params -> validated desired state -> the one read (``converge.read_one``) -> one plan -> the calls
(``converge.Writer``) -> the result. ``changed`` and the result come from the calls actually made, never from
the plan alone. Reading, planning and writing one mapping are ``converge``'s, shared with the set module; what
is the main module's own is here: a task addressed by uuid, a delete, and the result of one mapping.
"""

from __future__ import annotations

from typing import Any, Callable

from .aws import Api
from .converge import Read, Writer, diff_view, plan_for, preflight_replacement, read_one
from .errors import EsmError
from .identity import check_named, function_matches, source_matches
from .validate import Desired, validate


def _check_delete_target(desired: Desired, read: Read) -> None:
    """A delete by uuid deletes only the mapping the task names: its function and source must match too."""
    current = read.mapping or {}
    wrong = []
    if desired.function is not None and not function_matches(desired.function, current.get("FunctionArn", "")):
        wrong.append(f"function {current.get('FunctionArn')} (the task names {desired.function_name!r})")
    source_given = "event_source_arn" in desired.values or "self_managed_event_source" in desired.values
    if source_given and (desired.kind != read.kind or not source_matches(desired, read.kind or "", current)):
        held_source = current.get("EventSourceArn") or current.get("SelfManagedEventSource")
        wrong.append(f"source {held_source} (the task names another)")
    if wrong:
        raise EsmError(
            "Event source mapping {} is not the one this task names: it belongs to {}. Nothing was deleted.".format(
                desired.uuid, " and reads ".join(wrong)
            )
        )


def _check_uuid(desired: Desired, read: Read) -> None:
    """A task addressed by uuid: the mapping must exist to be changed, and be the one the task names to be deleted."""
    if not desired.uuid:
        return
    # To keep or change it, the mapping must exist and not be on its way out.
    check_named(desired, read.mapping)
    if read.mapping is not None and desired.state == "absent":
        _check_delete_target(desired, read)


def _result(changed: bool, before: dict[str, Any], after: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "changed": changed,
        "event_source_mapping": after,
        "diff": {"before": diff_view(before), "after": diff_view(after)},
    }
    if warnings:
        result["warnings"] = warnings
    return result


def converge_one(api: Api, desired: Desired, check_mode: bool, warnings: list[str]) -> dict[str, Any]:
    """Read, plan and (unless in check mode) write the mapping one task names; the module's result."""
    read = read_one(api, desired, check_mode, warnings, desired.uuid, check=lambda first: _check_uuid(desired, first))
    plan = plan_for(desired, read)
    if plan.action == "replace":
        # In check mode too: what the real run would refuse before the delete, check mode refuses.
        preflight_replacement(api, read, plan)
    if check_mode or not plan.changed:
        if desired.state == "absent" and read.mapping is not None and desired.wait and not check_mode:
            # Deleting already (docs/aws-behaviour.md §5): with wait, the run ends when it is gone.
            api.wait_settled(read.uuid, gone=True)
        return _result(plan.changed, plan.before, plan.after if plan.changed else plan.before, warnings)
    writer = Writer(api, warnings)
    outcome = writer.apply(desired, read, plan)
    return _result(writer.changed, outcome.before, outcome.after, warnings)


def run(params: dict[str, Any], api_factory: Callable[[Desired], Api], check_mode: bool = False) -> dict[str, Any]:
    """One run of the main module: the task validated before the client is even built."""
    desired = validate(params)
    api = api_factory(desired)
    warnings: list[str] = []
    try:
        return converge_one(api, desired, check_mode, warnings)
    except EsmError as exc:
        if warnings:
            exc.extra.setdefault("warnings", warnings)
        raise


__all__: list[str] = ["run", "converge_one"]
