# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The flow of the lambda_event_source_mapping module. Private to the esmkit.aws collection.

params -> validated desired state -> the mapping AWS holds -> a plan -> the calls -> the final mapping
-> the result. Each step is a function; this module only strings them together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .aws import Api, Conflict
from .errors import EsmError
from .options import KAFKA, MQ, MSK, SQS, TRANSITIONAL_STATES, Servers
from .plan import Plan, plan_absent, plan_present
from .translate import diff_names, function_arn_like, function_matches, normalise
from .validate import Desired, check_against_current, kind_of_arn, validate


def kind_of_mapping(mapping: dict[str, Any]) -> str | None:
    if mapping.get("SelfManagedEventSource"):
        return KAFKA
    return kind_of_arn(mapping.get("EventSourceArn", ""))


def source_matches(desired: Desired, kind: str, mapping: dict[str, Any]) -> bool:
    """Whether a listed mapping reads the source the task names (ref §6 identity keys)."""
    if kind == KAFKA:
        held = set(
            Servers.split(
                ((mapping.get("SelfManagedEventSource") or {}).get("Endpoints") or {}).get("KAFKA_BOOTSTRAP_SERVERS")
                or []
            )
        )
        # AWS refuses a second mapping whose brokers overlap on any one (ref §6), so overlap is identity.
        if not held & set(desired.servers or []):
            return False
    elif mapping.get("EventSourceArn") != desired.values.get("event_source_arn"):
        return False
    if kind in (KAFKA, MSK) and desired.topic is not None and desired.topic not in (mapping.get("Topics") or []):
        return False
    if kind == MQ and desired.queue is not None and desired.queue not in (mapping.get("Queues") or []):
        return False
    return True


def select(desired: Desired, kind: str, mappings: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The one mapping among ``mappings`` that the task names, None if none; fails if several do."""
    found = [
        m
        for m in mappings
        if function_matches(desired.function, m.get("FunctionArn", "")) and source_matches(desired, kind, m)
    ]
    live = [m for m in found if m.get("State") != "Deleting"]
    if len(live) > 1:
        raise EsmError(
            "Found {} event source mappings for function {!r} and this source: {}. Give uuid to choose one.".format(
                len(live), desired.function_name, ", ".join(m["UUID"] for m in live)
            )
        )
    if live:
        return live[0]
    return found[0] if found else None


def find(api: Api, desired: Desired) -> dict[str, Any] | None:
    """Read the mapping the task addresses: one Get by uuid, or one List (per page) by function and source."""
    if desired.uuid:
        return api.get(desired.uuid)
    if desired.kind == KAFKA:
        mappings = api.list(function_name=desired.function_name)
    else:
        # Both filters narrow the listing; the FunctionArn is still matched here, qualifier included,
        # because whether AWS's FunctionName filter includes qualified mappings is not verified (ref §12.2).
        mappings = api.list(function_name=desired.function_name, event_source_arn=desired.values["event_source_arn"])
    return select(desired, desired.kind or "", mappings)


def _busy(mapping: dict[str, Any] | None) -> bool:
    """Creating, Updating, Enabling or Disabling: on its way to a stable state (Deleting is on its way out)."""
    return mapping is not None and mapping.get("State") in TRANSITIONAL_STATES and mapping.get("State") != "Deleting"


def _settle_if_busy(api: Api, current: dict[str, Any] | None) -> dict[str, Any] | None:
    if _busy(current):
        return api.wait_settled(current["UUID"])
    return current


def _verify(desired: Desired, final: dict[str, Any], uuid: str) -> None:
    """Fail loudly if AWS accepted a change but does not hold it (nothing is silently ignored)."""
    normalised = normalise(final)
    wrong = [
        name
        for name in diff_names(desired.values, normalised)
        if name != "enabled" or final.get("State") not in TRANSITIONAL_STATES
    ]
    if wrong:
        raise EsmError(
            "AWS accepted the change to event source mapping {} but reports other values for: {}.".format(
                uuid, ", ".join(wrong)
            ),
            changed=True,
            mapping=normalise(final),
        )


class Runner:
    """One run of the main module."""

    def __init__(self, params: dict[str, Any], api_factory, check_mode: bool = False) -> None:
        self.params = params
        self.api_factory = api_factory
        self.check_mode = check_mode
        self.changed = False
        self.mapping: dict[str, Any] | None = None
        # Tags read in this run, by mapping ARN: a re-plan after waiting does not read them again.
        self._tags: dict[str, dict[str, str]] = {}

    def run(self) -> dict[str, Any]:
        desired = validate(self.params)
        api: Api = self.api_factory(desired)
        try:
            return self._run(desired, api)
        except EsmError as exc:
            if self.changed:
                exc.changed = True
                if exc.mapping is None and self.mapping is not None:
                    exc.mapping = normalise(self.mapping)
            raise

    def _plan(self, api: Api, desired: Desired) -> tuple[Plan, dict[str, Any] | None, str | None]:
        current = find(api, desired)
        plan, kind = self._plan_for(api, desired, current)
        if _busy(current):
            # While Updating, the enabled state is unknown; a busy mapping must not be changed from a
            # half-applied read (AWS would refuse it with ResourceInUseException anyway, ref §5); and with
            # wait, a change an earlier run left unsettled is waited for. Otherwise there is no need to.
            unknown = desired.values.get("enabled") is not None and normalise(current).get("enabled") is None
            if unknown or (not self.check_mode and (plan.changed or desired.wait)):
                current = api.wait_settled(current["UUID"])
                plan, kind = self._plan_for(api, desired, current)
        return plan, current, kind

    def _list_tags(self, api: Api, mapping: dict[str, Any]) -> dict[str, str]:
        arn = mapping["EventSourceMappingArn"]
        if arn not in self._tags:
            self._tags[arn] = api.list_tags(arn)
        return self._tags[arn]

    def _plan_for(self, api: Api, desired: Desired, current: dict[str, Any] | None) -> tuple[Plan, str | None]:
        kind = desired.kind or (kind_of_mapping(current) if current else None)
        if desired.state == "absent":
            return plan_absent(current), kind
        if current is None and desired.uuid:
            raise EsmError(
                f"No event source mapping with UUID {desired.uuid} exists; to create one, give function_name and the source without uuid."
            )
        if current is not None and desired.kind is None:
            desired.fifo = kind == SQS and current.get("EventSourceArn", "").endswith(".fifo")
        # With nothing held, a create gets AWS's defaults (an SQS window of 0), so the rules apply to that too.
        check_against_current(desired, kind, normalise(current) if current is not None else None)
        tags = None
        if current is not None and desired.tags is not None and current.get("State") != "Deleting":
            tags = self._list_tags(api, current)
        plan = plan_present(desired, kind, current, tags)
        if plan.action == "replace" and tags is None:
            # A replacement keeps the old mapping's tags, so they must be read.
            tags = self._list_tags(api, current)
            plan = plan_present(desired, kind, current, tags)
        if plan.action == "create" and self.check_mode:
            # Only a check-mode create needs the function's ARN before AWS reports it.
            plan = plan_present(desired, kind, current, tags, function_arn=_predicted_function_arn(api, desired))
        return plan, kind

    def _run(self, desired: Desired, api: Api) -> dict[str, Any]:
        plan, current, kind = self._plan(api, desired)
        if self.check_mode or not plan.changed:
            after = plan.after if plan.changed else plan.before
            if (
                desired.state == "absent"
                and current is not None
                and current.get("State") == "Deleting"
                and desired.wait
                and not self.check_mode
            ):
                api.wait_settled(current["UUID"], gone=True)
            return self._result(plan, after)
        if plan.action == "delete":
            self._delete(api, current, desired.wait)
            return self._result(plan, {})
        final = self._apply(api, desired, kind, plan, current)
        return self._result(plan, normalise(final, plan.tags_after))

    def _result(self, plan: Plan, after: dict[str, Any]) -> dict[str, Any]:
        return {
            "changed": plan.changed,
            "event_source_mapping": after,
            "diff": {"before": plan.before, "after": after},
        }

    def _delete(self, api: Api, current: dict[str, Any], wait: bool) -> None:
        self.mapping = current
        response = api.delete(current["UUID"])
        self.changed = True
        if response is not None and wait:
            api.wait_settled(current["UUID"], gone=True)

    def _apply(
        self, api: Api, desired: Desired, kind: str, plan: Plan, current: dict[str, Any] | None
    ) -> dict[str, Any]:
        if plan.action == "replace":
            # ref §6: delete first, then create; the other order collides with the old mapping.
            self._delete(api, current, wait=True)
            return self._create(api, desired, kind, plan)
        if plan.action == "create":
            if current is not None:
                # The old mapping is still Deleting; creating now would collide with it (ref §5, §6).
                api.wait_settled(current["UUID"], gone=True)
            return self._create(api, desired, kind, plan)
        return self._update(api, desired, plan, current)

    def _create(self, api: Api, desired: Desired, kind: str, plan: Plan) -> dict[str, Any]:
        try:
            created = api.create(plan.create_params)
        except Conflict as conflict:
            # Another writer created it first (ref §6): converge on that mapping instead of failing.
            adopted = api.get(conflict.uuid) if conflict.uuid else find(api, desired)
            if adopted is None:
                raise
            adopted = _settle_if_busy(api, adopted)
            tags = api.list_tags(adopted["EventSourceMappingArn"]) if desired.tags is not None else None
            plan_again = plan_present(desired, kind, adopted, tags)
            if plan_again.action == "replace":
                raise
            plan.tags_after = plan_again.tags_after
            if conflict.retried:
                # An earlier attempt of this Create may have made the mapping (its answer was lost): report it
                # as created by this run rather than risk reporting a create as "ok".
                self.changed = True
                self.mapping = adopted
            else:
                plan.before = plan_again.before
            if not plan_again.changed:
                if not conflict.retried:
                    plan.action = "none"
                return adopted
            return self._update(api, desired, plan_again, adopted)
        self.changed = True
        self.mapping = created
        final = created
        if desired.wait:
            final = api.wait_settled(created["UUID"])
            self.mapping = final
        _verify(desired, final, created["UUID"])
        return final

    def _update(self, api: Api, desired: Desired, plan: Plan, current: dict[str, Any]) -> dict[str, Any]:
        uuid = current["UUID"]
        self.mapping = current
        final = current
        if plan.update_params:
            final = api.update(uuid, plan.update_params)
            self.changed = True
            self.mapping = final
        if plan.tags_to_set:
            api.tag(current["EventSourceMappingArn"], plan.tags_to_set)
            self.changed = True
        if plan.tags_to_unset:
            api.untag(current["EventSourceMappingArn"], plan.tags_to_unset)
            self.changed = True
        if plan.update_params and desired.wait:
            final = api.wait_settled(uuid)
            self.mapping = final
        _verify(desired, final, uuid)
        return final


def _predicted_function_arn(api: Api, desired: Desired) -> str | None:
    if desired.function is None:
        return None
    if desired.function.account and desired.function.region:
        return function_arn_like(desired.function, "")
    return function_arn_like(desired.function, api.get_function_arn(desired.function.name))


def run(params: dict[str, Any], api_factory, check_mode: bool = False) -> dict[str, Any]:
    return Runner(params, api_factory, check_mode).run()


__all__: list[str] = ["run", "find", "select", "source_matches", "kind_of_mapping"]
