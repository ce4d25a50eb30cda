# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The flow of the lambda_event_source_mapping module. Private to the esmkit.aws collection.

params -> validated desired state -> read what the plan needs (the mapping, its tags, the function) -> one
plan -> the calls -> the final mapping -> the result. ``changed`` and the result come from the calls actually
made, never from the plan alone. A create that meets a mapping made by another writer re-enters
read -> plan -> apply once.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .aws import Api, Conflict
from .errors import EsmError, sentence
from .identity import check_named, find, function_arn_like, function_matches, kind_of_mapping, source_matches
from .options import TRANSITIONAL_STATES, busy, live
from .plan import Plan, create_only_changes, plan_absent, plan_present
from .translate import diff_names, normalise
from .validate import Desired, check_against_current, validate

# Output-only members that change without any write (docs/aws-behaviour.md §2): in the result, never in the diff.
NOT_IN_DIFF = ("last_modified", "last_processing_result", "state_transition_reason")


def _differs(desired: Desired, current: dict[str, Any]) -> bool:
    """Whether the task asks for any change to ``current`` (tags aside): decides if a busy mapping is waited for."""
    if desired.state == "absent":
        return True
    held = normalise(current)
    if diff_names(desired.values, held) or create_only_changes(desired, held):
        return True
    return desired.function is not None and not function_matches(desired.function, current.get("FunctionArn", ""))


def _check_delete_target(desired: Desired, kind: str | None, current: dict[str, Any]) -> None:
    """A delete by uuid deletes only the mapping the task names: its function and source must match too."""
    wrong = []
    if desired.function is not None and not function_matches(desired.function, current.get("FunctionArn", "")):
        wrong.append(f"function {current.get('FunctionArn')} (the task names {desired.function_name!r})")
    source_given = "event_source_arn" in desired.values or "self_managed_event_source" in desired.values
    if source_given and (desired.kind != kind or not source_matches(desired, kind or "", current)):
        held_source = current.get("EventSourceArn") or current.get("SelfManagedEventSource")
        wrong.append(f"source {held_source} (the task names another)")
    if wrong:
        raise EsmError(
            "Event source mapping {} is not the one this task names: it belongs to {}. Nothing was deleted.".format(
                desired.uuid, " and reads ".join(wrong)
            )
        )


def _diff_view(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if key not in NOT_IN_DIFF}


def predicted_function_arn(api: Api, desired: Desired, warnings: list[str]) -> str | None:
    """The ARN a create in check mode predicts; only a check-mode create needs it before AWS reports it."""
    if desired.function is None:
        return None
    if desired.function.account and desired.function.region:
        return function_arn_like(desired.function, "")
    arn = api.function_arn(desired.function_name)
    if arn is None:
        # A play may create the function in an earlier task, which check mode did not run.
        warnings.append(
            f"Function {desired.function_name!r} does not exist (yet): check mode predicts the create, and the "
            "real run fails unless an earlier task creates the function."
        )
        return None
    return function_arn_like(desired.function, arn)


def preflight_replacement(api: Api, current: dict[str, Any], plan: Plan) -> None:
    """Before a replacement deletes anything: the new identity must be free, and the new function (with its
    alias or version) must exist. One List and one GetFunction (which the request quota does not count)."""
    uuid = current["UUID"]
    other = find(api, plan.replacement)
    if other is not None and other["UUID"] != uuid and live(other):
        raise EsmError(
            f"Cannot replace event source mapping {uuid}: event source mapping {other['UUID']} already exists for "
            "that function and source. Delete or change it first, or address it by its uuid. Nothing was changed."
        )
    function_name = plan.replacement.function_name
    if api.function_arn(function_name) is None:
        raise EsmError(
            f"Cannot replace event source mapping {uuid}: function {function_name!r} does not exist (GetFunction "
            "found no such function, alias or version). Nothing was changed.",
            code="ResourceNotFoundException",
        )


class Held(NamedTuple):
    """What one read found: the mapping (API shape) or None, its kind, its tags if read, and for a create in
    check mode the function's ARN."""

    current: dict[str, Any] | None
    kind: str | None
    tags: dict[str, str] | None
    function_arn: str | None


class Runner:
    """One run of the main module."""

    def __init__(self, params: dict[str, Any], api_factory, check_mode: bool = False) -> None:
        self.params = params
        self.api_factory = api_factory
        self.check_mode = check_mode
        # Set by every write call: the result's `changed` is whether this run wrote anything.
        self.changed = False
        # The mapping as last read or written (API shape), for a failure after a write.
        self.last: dict[str, Any] | None = None
        self.warnings: list[str] = []

    def run(self) -> dict[str, Any]:
        desired = validate(self.params)
        api: Api = self.api_factory(desired)
        try:
            return self._run(desired, api)
        except EsmError as exc:
            if self.changed:
                exc.changed = True
                if exc.mapping is None and self.last is not None:
                    exc.mapping = normalise(self.last)
            if self.warnings:
                exc.extra.setdefault("warnings", self.warnings)
            raise

    # Read

    def _read(self, api: Api, desired: Desired, uuid: str | None = None) -> Held:
        """Read what the plan needs; ``uuid`` names the mapping when AWS already said which it is (a conflict)."""
        current = api.get(uuid) if uuid else find(api, desired)
        check_named(desired, current)
        kind = desired.kind or (kind_of_mapping(current) if current else None)
        if desired.state == "absent" and current is not None and desired.uuid:
            _check_delete_target(desired, kind, current)
        if busy(current):
            # While Updating, the enabled state is unknown; a busy mapping must not be changed from a half-applied
            # read (AWS would refuse it with ResourceInUseException anyway, docs/aws-behaviour.md §5); and with wait, a change an
            # earlier run left unsettled is waited for. Otherwise there is no need to.
            unknown = desired.values.get("enabled") is not None and normalise(current).get("enabled") is None
            if unknown or (not self.check_mode and (desired.wait or _differs(desired, current))):
                current = api.wait_settled(current["UUID"])
        tags = None
        if desired.state == "present" and live(current):
            replacing = desired.allow_replacement and create_only_changes(desired, normalise(current))
            if desired.tags is not None or replacing:
                # A replacement keeps the old mapping's tags (and restores them if it must), so it reads them too.
                tags = api.list_tags(current["EventSourceMappingArn"])
        function_arn = None
        if desired.state == "present" and not live(current) and self.check_mode:
            function_arn = predicted_function_arn(api, desired, self.warnings)
        return Held(current, kind, tags, function_arn)

    # Plan

    def _plan(self, desired: Desired, held: Held) -> Plan:
        if desired.state == "absent":
            return plan_absent(held.current)
        check_against_current(desired, held.kind, normalise(held.current) if live(held.current) else None)
        return plan_present(desired, held.kind, held.current, held.tags, function_arn=held.function_arn)

    # Run

    def _run(self, desired: Desired, api: Api) -> dict[str, Any]:
        held = self._read(api, desired)
        plan = self._plan(desired, held)
        if plan.action == "replace":
            # In check mode too: what the real run would refuse before the delete, check mode refuses.
            preflight_replacement(api, held.current, plan)
        if self.check_mode or not plan.changed:
            current = held.current
            if desired.state == "absent" and current is not None and desired.wait and not self.check_mode:
                # Deleting already (docs/aws-behaviour.md §5): with wait, the run ends when it is gone.
                api.wait_settled(current["UUID"], gone=True)
            return self._result(plan.changed, plan.before, plan.after if plan.changed else plan.before)
        try:
            after = self._apply(api, desired, held, plan)
        except Conflict as conflict:
            # Another writer created the mapping first (docs/aws-behaviour.md §6), or a lost answer hid this run's own create:
            # converge on that mapping by reading and planning once more.
            if conflict.retried:
                # An earlier attempt of this very Create may have made it: report it as made by this run.
                self.changed = True
            # A replacement's new mapping is found by its own identity (the task's uuid names the deleted one).
            identity = plan.replacement if plan.action == "replace" else desired
            again = self._read(api, identity, conflict.uuid)
            if not live(again.current):
                raise
            # Never a second replacement: a mapping another writer made is updated, or the run fails.
            plan_again = self._plan(identity, again)
            if plan_again.action in ("create", "replace"):
                raise
            after = self._apply(api, identity, again, plan_again) if plan_again.changed else plan_again.before
            if plan.action == "replace":
                self.warnings.append(
                    "Event source mapping {} was deleted to be replaced, and mapping {} was created for the new "
                    "source by another writer meanwhile; this run adopted it.".format(
                        held.current["UUID"], again.current["UUID"]
                    )
                )
            before = plan.before if self.changed else plan_again.before
            return self._result(self.changed, before, after)
        return self._result(self.changed, plan.before, after)

    def _result(self, changed: bool, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
        result = {
            "changed": changed,
            "event_source_mapping": after,
            "diff": {"before": _diff_view(before), "after": _diff_view(after)},
        }
        if self.warnings:
            result["warnings"] = self.warnings
        return result

    # Apply: each function makes the calls of one plan and returns the final mapping, normalised.

    def _apply(self, api: Api, desired: Desired, held: Held, plan: Plan) -> dict[str, Any]:
        current = held.current
        if plan.action == "delete":
            self._delete(api, current, desired.wait)
            return {}
        if plan.action == "replace":
            return self._replace(api, desired, held, plan)
        if plan.action == "create":
            if current is not None:
                # The old mapping is still Deleting; creating now would collide with it (docs/aws-behaviour.md §5, §6).
                api.wait_settled(current["UUID"], gone=True)
            final = self._create(api, desired, plan.create_params)
            return normalise(final, plan.tags_after)
        return normalise(self._update(api, desired, plan, current), plan.tags_after)

    def _delete(self, api: Api, current: dict[str, Any], wait: bool) -> None:
        response = api.delete(current["UUID"])
        if response is None:
            # Already gone (docs/aws-behaviour.md §10: a Delete that meets ResourceNotFound): nothing was written.
            return
        self.changed = True
        self.last = response or dict(current, State="Deleting")
        if wait:
            api.wait_settled(current["UUID"], gone=True)

    def _create(self, api: Api, desired: Desired, params: dict[str, Any]) -> dict[str, Any]:
        return self._settle_created(api, desired, api.create(params))

    def _settle_created(self, api: Api, desired: Desired, created: dict[str, Any]) -> dict[str, Any]:
        self.changed = True
        self.last = created
        final = created
        if desired.wait:
            final = api.wait_settled(created["UUID"])
            self.last = final
        _verify(desired, final, created["UUID"])
        return final

    def _update(self, api: Api, desired: Desired, plan: Plan, current: dict[str, Any]) -> dict[str, Any]:
        uuid = current["UUID"]
        self.last = current
        final = current
        if plan.update_params:
            final = api.update(uuid, plan.update_params)
            self.changed = True
            self.last = final
        if plan.tags_to_set:
            api.tag(current["EventSourceMappingArn"], plan.tags_to_set)
            self.changed = True
        if plan.tags_to_unset:
            api.untag(current["EventSourceMappingArn"], plan.tags_to_unset)
            self.changed = True
        if plan.update_params and desired.wait:
            final = api.wait_settled(uuid)
            self.last = final
        _verify(desired, final, uuid)
        return final

    def _replace(self, api: Api, desired: Desired, held: Held, plan: Plan) -> dict[str, Any]:
        """Delete first, then create (docs/aws-behaviour.md §6: the other order collides with the old mapping); never lose it.

        Before the delete: the new identity must be free and the new function must exist. After the delete, a
        create AWS refuses is answered by re-creating the old mapping from what was read.
        """
        current = held.current
        self._delete(api, current, wait=True)
        try:
            created = api.create(plan.create_params)
        except Conflict:
            raise
        except EsmError as refused:
            # Only a refused Create restores: once the new mapping exists, a later failure must not make a second.
            raise self._restore(api, desired, held, plan, refused) from refused
        return normalise(self._settle_created(api, desired, created), plan.tags_after)

    def _restore(self, api: Api, desired: Desired, held: Held, plan: Plan, refused: EsmError) -> EsmError:
        """Re-create the deleted mapping after AWS refused its replacement; return the failure to raise."""
        old_uuid = held.current["UUID"]
        restored = None
        restore_error = None
        try:
            restored = api.create(plan.restore_params)
            self.last = restored
            if desired.wait:
                restored = api.wait_settled(restored["UUID"])
                self.last = restored
        except EsmError as exc:
            restore_error = exc
        replacement = {
            "old_uuid": old_uuid,
            "new_uuid": restored["UUID"] if restored else None,
            "restored": restored is not None,
            "old_configuration": plan.old_configuration,
        }
        if restored is not None:
            outcome = "The old mapping was re-created from its configuration and tags as {} (a stream mapping starts again from its starting_position).".format(
                restored["UUID"]
            )
        else:
            outcome = (
                f"Re-creating the old mapping failed too ({restore_error.msg}); its configuration is in replacement.old_configuration, "
                "to be applied again."
            )
        return EsmError(
            f"Event source mapping {old_uuid} was deleted to be replaced, and AWS refused the new mapping: {sentence(refused.msg)} {outcome}",
            code=refused.code,
            message=refused.message,
            changed=True,
            # Never the deleted mapping: the restored one, or nothing.
            mapping=normalise(restored, held.tags) if restored is not None else {},
            extra={"replacement": replacement},
        )


def _verify(desired: Desired, final: dict[str, Any], uuid: str) -> None:
    """Fail loudly if AWS accepted a change but does not hold it (nothing is silently ignored)."""
    normalised = normalise(final)
    wrong = [
        name
        for name in diff_names(desired.values, normalised)
        if name != "enabled" or final.get("State") not in TRANSITIONAL_STATES
    ]
    if not wrong:
        return
    wanted_hosts = [
        e["uri"] for e in desired.values.get("source_access_configuration") or [] if e["type"] == "VIRTUAL_HOST"
    ]
    held_hosts = [e["uri"] for e in normalised.get("source_access_configuration") or [] if e["type"] == "VIRTUAL_HOST"]
    if wanted_hosts and not held_hosts:
        # docs/aws-behaviour.md §13: whether AWS keeps the virtual host across an update that cannot carry it is not verified.
        raise EsmError(
            "AWS accepted the update of event source mapping {} but no longer holds its VIRTUAL_HOST entry {}: the "
            "virtual host cannot be sent in an update. To recover, run the task again with allow_replacement: true, "
            "which re-creates the mapping with the virtual host.".format(uuid, ", ".join(wanted_hosts)),
            changed=True,
            mapping=normalised,
        )
    raise EsmError(
        "AWS accepted the change to event source mapping {} but reports other values for: {}.".format(
            uuid, ", ".join(wrong)
        ),
        changed=True,
        mapping=normalised,
    )


def run(params: dict[str, Any], api_factory, check_mode: bool = False) -> dict[str, Any]:
    return Runner(params, api_factory, check_mode).run()


def apply_plan(api: Api, desired: Desired, held: Held, plan: Plan) -> tuple[dict[str, Any] | None, bool]:
    """Make the calls of one planned mapping, as the main module does (the set module's items).

    Returns the mapping AWS last answered with (API shape) and whether anything was written; a failure after a
    write carries ``changed`` and the mapping last written. Waits only if ``desired.wait``.
    """
    runner = Runner({}, None)
    try:
        runner._apply(api, desired, held, plan)  # pylint: disable=protected-access
    except EsmError as exc:
        if runner.changed:
            exc.changed = True
            if exc.mapping is None and runner.last is not None:
                exc.mapping = normalise(runner.last)
        raise
    return runner.last, runner.changed


__all__: list[str] = ["run", "apply_plan", "predicted_function_arn", "preflight_replacement", "Held"]
