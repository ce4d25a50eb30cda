# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The flow of the lambda_event_source_mapping_set module. Private to the esmkit.aws collection.

params -> every item validated -> one List of the function -> each item matched to the mapping it names
-> a plan per item, and the deletes of purge -> every rule checked -> the writes, one at a time and paced
-> one wait for all of them -> the result. Nothing is written until every item has been planned.

Applying one item is the main module's job: ``runner.apply_plan`` makes the calls of one plan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from .aws import POLL_DELAYS, Api, filters_hidden
from .errors import EsmError, ValidationError, sentence
from .identity import FUNCTION_FORMS, function_matches, parse_function, select, source_matches
from .options import STABLE_STATES, busy, live
from .plan import Plan, create_only_changes, plan_present
from .runner import Held, apply_plan, predicted_function_arn, preflight_replacement
from .translate import create_params, normalise
from .validate import Desired, check_against_current, check_text, validate

# The module's options that apply to every item as they do in the main module.
SHARED_OPTIONS = ("purge_tags", "allow_replacement", "wait", "wait_timeout")

# Seconds between two writes. Every Lambda control-plane call counts against one account-wide quota of
# 15 requests per second that cannot be raised (docs/aws-behaviour.md §13); a set of many changes written back to back would
# take all of it from the other forks and tools of the account. Five writes a second leave two thirds.
WRITE_INTERVAL = 0.2


class Item:
    """One element of ``mappings``: its desired state and, once read and planned, what AWS holds."""

    def __init__(self, index: int, desired: Desired) -> None:
        self.index = index
        self.desired = desired
        self.kind: str = desired.kind or ""
        self.current: dict[str, Any] | None = None
        self.tags: dict[str, str] | None = None
        self.plan: Plan | None = None
        self.final: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return f"mappings[{self.index}]"

    @property
    def source(self) -> str:
        values = self.desired.values
        if "event_source_arn" in values:
            text = values["event_source_arn"]
        else:
            text = ",".join(self.desired.servers or [])
        for option in ("topics", "queues"):
            if values.get(option):
                text += " " + values[option][0]
        return text


class SetError(EsmError):
    """A failure after some writes: says, per item, what had been written, so the next run can converge."""

    def __init__(self, error: EsmError, written: list[dict[str, Any]]) -> None:
        super().__init__(error.msg, error.code, error.message, changed=bool(written))
        self.written = written

    def result(self) -> dict[str, Any]:
        result = super().result()
        result["written"] = self.written
        for action in ("created", "updated", "deleted"):
            result[action] = [w["uuid"] for w in self.written if w["action"] == action]
        return result


# ------------------------------------------------------------------ validation (pure)


def item_params(params: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The main module's parameters for one item: its options, the set's function and the shared options."""
    merged = {name: value for name, value in (item or {}).items() if value is not None}
    merged.update({name: params.get(name) for name in SHARED_OPTIONS if params.get(name) is not None})
    merged["function_name"] = params["function_name"]
    merged["state"] = "present"
    return merged


def _identity(desired: Desired) -> dict[str, Any]:
    """An item's source in the API shape of a listed mapping, to compare two items as a mapping is matched."""
    return create_params(dict(desired.values, function_name=desired.function_name))


def same_mapping(first: Item, second: Item) -> bool:
    """Whether two items name the same mapping, by the main module's identity rules (docs/aws-behaviour.md §6)."""
    if first.kind != second.kind:
        return False
    return source_matches(first.desired, first.kind, _identity(second.desired)) or source_matches(
        second.desired, second.kind, _identity(first.desired)
    )


def check_duplicates(items: list[Item]) -> None:
    for position, second in enumerate(items):
        for first in items[:position]:
            if same_mapping(first, second):
                raise ValidationError(
                    second.name,
                    f"{first.name} and {second.name} name the same event source mapping ({second.source}); "
                    "give each mapping once.",
                )


def validate_items(params: dict[str, Any]) -> list[Item]:
    """Validate every item as the main module validates a task; fails naming the item and the option."""
    check_text("function_name", params.get("function_name"))
    if parse_function(params.get("function_name") or "") is None:
        raise ValidationError(
            "function_name",
            "function_name must be {}, got {!r}.".format(FUNCTION_FORMS, params.get("function_name")),
        )
    items = []
    for index, raw in enumerate(params.get("mappings") or []):
        try:
            desired = validate(item_params(params, raw))
        except ValidationError as exc:
            raise ValidationError(f"mappings[{index}].{exc.option}", f"mappings[{index}]: {exc.msg}") from exc
        items.append(Item(index, desired))
    check_duplicates(items)
    return items


# ------------------------------------------------------------------ matching and purge (pure)


def match(items: list[Item], held: list[dict[str, Any]]) -> None:
    """Set each item's ``current``: the mapping it names among ``held``; fails if two items claim one."""
    claimed: dict[str, Item] = {}
    for item in items:
        try:
            current = select(item.desired, item.kind, held)
        except EsmError as exc:
            raise EsmError(f"{item.name}: {exc.msg}") from exc
        if current is not None and current.get("State") != "Deleting":
            other = claimed.get(current["UUID"])
            if other is not None:
                raise ValidationError(
                    item.name,
                    f"{other.name} and {item.name} both name event source mapping {current['UUID']}; "
                    "give each mapping once.",
                )
            claimed[current["UUID"]] = item
        item.current = current


def to_purge(items: Iterable[Item], held: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The held mappings no item names, in listing order; those already Deleting are on their way out."""
    claimed = {item.current["UUID"] for item in items if item.current is not None}
    return [m for m in held if m["UUID"] not in claimed and m.get("State") != "Deleting"]


# ------------------------------------------------------------------ the run


class SetRunner:
    """One run of the set module."""

    def __init__(self, params: dict[str, Any], api: Api, check_mode: bool = False) -> None:
        self.params = params
        self.api = api
        self.check_mode = check_mode
        self.function_name: str = params["function_name"]
        self.function = parse_function(self.function_name)
        self.purge: bool = bool(params.get("purge"))
        self.wait: bool = params.get("wait", True)
        self.written: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self._last_write: float | None = None

    # Reads

    def read(self) -> list[dict[str, Any]]:
        """The function's mappings, qualifier included (docs/aws-behaviour.md §6: the FunctionArn is matched here, whatever
        AWS's FunctionName filter returns), in one paginated List."""
        return [
            m
            for m in self.api.list(function_name=self.function_name)
            if function_matches(self.function, m["FunctionArn"])
        ]

    def wait_for(
        self, settle: Iterable[str], gone: Iterable[str], held: list[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        """Poll until every mapping in ``settle`` is Enabled or Disabled and every one in ``gone`` is gone.

        One List of the function per poll (one page per 100 mappings) rather than one Get per mapping:
        the cost of waiting does not grow with the number of mappings, and every call counts against the
        account's control-plane quota (docs/aws-behaviour.md §13). Returns the last listing.
        """
        settle, gone = set(settle), set(gone)
        deadline = self.api.clock() + self.api.wait_timeout
        attempt = 0
        while True:
            if held is None:
                held = self.read()
            by_uuid = {m["UUID"]: m for m in held}
            missing = sorted(uuid for uuid in settle if uuid not in by_uuid)
            if missing:
                raise EsmError(
                    "Event source mapping {} disappeared while waiting for it to settle.".format(", ".join(missing)),
                    code="ResourceNotFoundException",
                )
            pending = [by_uuid[u] for u in sorted(settle) if by_uuid[u].get("State") not in STABLE_STATES]
            pending += [by_uuid[u] for u in sorted(gone) if u in by_uuid]
            if not pending:
                return held
            remaining = deadline - self.api.clock()
            if remaining <= 0:
                raise EsmError(
                    "Timed out waiting for event source mappings to settle: {}".format(
                        "; ".join(
                            "{} state {}, reason: {}".format(m["UUID"], m.get("State"), m.get("StateTransitionReason"))
                            for m in pending
                        )
                    ),
                    code="Timeout",
                )
            self.api.sleep(min(POLL_DELAYS[min(attempt, len(POLL_DELAYS) - 1)], remaining))
            attempt += 1
            held = None

    # Planning

    def plan(self, items: list[Item], held: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Match and plan every item, and choose what purge deletes. Raises before any write."""
        match(items, held)
        settling = [
            item.current["UUID"]
            for item in items
            if busy(item.current)
            and (
                not self.check_mode
                or ("enabled" in item.desired.values and normalise(item.current).get("enabled") is None)
            )
        ]
        if settling:
            # As the main module does: a busy mapping must not be changed from a half-applied read, and while
            # Updating its enabled state is unknown (docs/aws-behaviour.md §5). One wait for all, then the listing is fresh.
            held = self.wait_for(settling, ())
            match(items, held)
        function_arn = next((m["FunctionArn"] for m in held), None)
        for item in items:
            try:
                self._plan_item(item, function_arn)
            except ValidationError as exc:
                raise ValidationError(f"{item.name}.{exc.option}", f"{item.name} ({item.source}): {exc.msg}") from exc
            except EsmError as exc:
                raise EsmError(f"{item.name} ({item.source}): {exc.msg}", exc.code, exc.message) from exc
        return to_purge(items, held) if self.purge else []

    def _plan_item(self, item: Item, function_arn: str | None) -> None:
        desired, current = item.desired, item.current
        held_live = live(current)
        if held_live and "filter_criteria" in desired.values and filters_hidden(current):
            current = item.current = self.api.get(current["UUID"]) or current
        held = normalise(current) if current is not None else None
        check_against_current(desired, item.kind, held)
        # Read all the plan can need, then plan once: the tags when the task sets them or a replacement keeps
        # them, and for a create in check mode the function's ARN.
        if held_live and (
            desired.tags is not None or (desired.allow_replacement and create_only_changes(desired, held))
        ):
            item.tags = self.api.list_tags(current["EventSourceMappingArn"])
        if not held_live and self.check_mode and function_arn is None:
            function_arn = predicted_function_arn(self.api, desired, self.warnings)
        plan = plan_present(desired, item.kind, current, item.tags, function_arn=function_arn)
        if plan.action == "replace":
            preflight_replacement(self.api, current, plan)
        item.plan = plan

    # Writing

    def _pace(self) -> None:
        now = self.api.clock()
        if self._last_write is not None and now - self._last_write < WRITE_INTERVAL:
            self.api.sleep(WRITE_INTERVAL - (now - self._last_write))
        self._last_write = self.api.clock()

    def _record(self, item: Item | None, action: str, uuid: str) -> None:
        self.written.append({"mapping": item.name if item else "purge", "action": action, "uuid": uuid})

    def _record_partial(self, item: Item, uuid: str | None) -> None:
        """What an item that failed after a write had written (``uuid``: the mapping it last wrote)."""
        old = item.current["UUID"] if item.current is not None else None
        if item.plan.action == "update":
            self._record(item, "updated", old)
            return
        if item.plan.action == "replace":
            # docs/aws-behaviour.md §6: a replacement deletes first, so any write means the old mapping is gone.
            self._record(item, "deleted", old)
        if uuid is not None and uuid != old:
            self._record(item, "created", uuid)

    def apply(self, items: list[Item], purge: list[dict[str, Any]]) -> None:
        """Write the plans in the order of ``mappings``, then the deletes of purge, one call at a time.

        Deletes come last, so a failure part-way leaves a mapping too many rather than one too few.
        """
        for item in items:
            if not item.plan.changed:
                item.final = item.current
                continue
            self._pace()
            try:
                # The set waits for all its mappings at once, so the item is applied without waiting.
                final, changed = apply_plan(
                    self.api,
                    _no_wait(item.desired),
                    Held(item.current, item.kind, item.tags, None),
                    item.plan,
                )
            except EsmError as exc:
                if exc.changed:
                    self._record_partial(item, (exc.mapping or {}).get("uuid"))
                raise self._failure(exc, item.name + f" ({item.source})") from exc
            item.final = final
            if not changed:
                continue
            if item.plan.action == "replace":
                self._record(item, "deleted", item.current["UUID"])
            self._record(item, "updated" if item.plan.action == "update" else "created", final["UUID"])
        for mapping in purge:
            self._pace()
            try:
                if self.api.delete(mapping["UUID"]) is not None:
                    self._record(None, "deleted", mapping["UUID"])
            except EsmError as exc:
                raise self._failure(exc, "purge of " + mapping["UUID"]) from exc

    def _failure(self, exc: EsmError, where: str) -> EsmError:
        if not self.written:
            exc.msg = f"{where}: {exc.msg}"
            return exc
        done = ", ".join("{} {} ({})".format(w["action"], w["uuid"], w["mapping"]) for w in self.written)
        error = EsmError(
            f"{where}: {sentence(exc.msg)} Already written: {done}. Run the task again to converge.",
            exc.code,
            exc.message,
        )
        return SetError(error, self.written)

    # The run

    def run(self, items: list[Item]) -> dict[str, Any]:
        held = self.read()
        purge = self.plan(items, held)
        if self.check_mode:
            return self._result(items, purge, predicted=True)
        self.apply(items, purge)
        try:
            self._settle(items)
        except EsmError as exc:
            raise self._failure(exc, "waiting") from exc
        return self._result(items, purge, predicted=False)

    def _settle(self, items: list[Item]) -> None:
        written = {w["uuid"] for w in self.written}
        settle = [i.final["UUID"] for i in items if i.final is not None and i.final["UUID"] in written]
        gone = [w["uuid"] for w in self.written if w["action"] == "deleted"]
        if not self.wait or not (settle or gone):
            return
        held = {m["UUID"]: m for m in self.wait_for(settle, gone)}
        for item in items:
            if item.final is not None and item.final["UUID"] in settle:
                final = held[item.final["UUID"]]
                if filters_hidden(final):
                    final = self.api.get(final["UUID"]) or final
                item.final = final

    def _result(self, items: list[Item], purge: list[dict[str, Any]], predicted: bool) -> dict[str, Any]:
        mappings, diffs = [], []
        for item in items:
            plan = item.plan
            if predicted:
                after = plan.after if plan.changed else plan.before
            else:
                after = normalise(item.final, plan.tags_after) if item.final else {}
            mappings.append(after)
            if plan.changed:
                diffs.append(_diff(f"{item.name} ({item.source})", plan.before, after))
        for mapping in purge:
            diffs.append(_diff(f"purge ({mapping['UUID']})", normalise(mapping), {}))
        if predicted:
            # A mapping check mode would create has no UUID yet.
            created = [None for i in items if i.plan.action in ("create", "replace")]
            updated = [i.current["UUID"] for i in items if i.plan.action == "update"]
            deleted = [i.current["UUID"] for i in items if i.plan.action == "replace"] + [m["UUID"] for m in purge]
        else:
            created, updated, deleted = ([w["uuid"] for w in self.written if w["action"] == a] for a in ACTIONS)
        return {
            "changed": bool(created or updated or deleted),
            "event_source_mappings": mappings,
            "created": created,
            "updated": updated,
            "deleted": deleted,
            "diff": diffs,
            "warnings": self.warnings,
        }


ACTIONS = ("created", "updated", "deleted")


def _diff(header: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {"before_header": header, "after_header": header, "before": before, "after": after}


def _no_wait(desired: Desired) -> Desired:
    return dataclasses.replace(desired, wait=False)


def run(params: dict[str, Any], api_factory, check_mode: bool = False) -> dict[str, Any]:
    """Validate every item before the client is even built, then run."""
    items = validate_items(params)
    return SetRunner(params, api_factory(params), check_mode).run(items)


__all__: list[str] = ["run", "validate_items", "check_duplicates", "same_mapping", "match", "to_purge", "SetRunner"]
