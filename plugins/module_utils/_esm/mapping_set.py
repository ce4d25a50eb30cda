# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The flow of the lambda_event_source_mapping_set module. Private to the esmkit.aws collection.

params -> the module's own options and every item validated -> one List of the function -> each item matched
to the mapping it names -> one wait for the busy ones -> a plan per item, and the deletes of purge -> the
writes, one at a time and paced -> one wait for all of them -> the result. Nothing is written until every item
has been planned.

Reading, planning and writing one mapping are ``converge``'s, the same code as the main module's: an item
decides every case as a task of the main module does. What is the set's own is here: one List for all items,
one wait for all, purge, pacing and the per-item result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Callable

from . import sdk
from .aws import Api
from .converge import Read, Writer, diff_view, needs_settle, plan_for, preflight_replacement, read_of, with_extras
from .errors import EsmError, ValidationError, sentence
from .identity import FunctionRef, function_matches, parse_function, select, source_matches
from .options import ENABLED_STATES, OUTPUT_KEYS, STABLE_STATES, live
from .plan import Plan
from .polling import poll
from .translate import create_params, normalise
from .validate import Desired, check_control, check_function_name, check_text, check_uuid, validate

# The module's options that apply to every item as they do in the main module.
SHARED_OPTIONS = ("purge_tags", "allow_replacement", "wait", "wait_timeout", "role_propagation_timeout")

# Seconds between two writes. Every Lambda control-plane call counts against one account-wide quota of
# 15 requests per second that cannot be raised (docs/aws-behaviour.md §13); a set of many changes written back to back would
# take all of it from the other forks and tools of the account. Five writes a second leave two thirds.
WRITE_INTERVAL = 0.2

# What an item can do when several mappings match it (it has no uuid to choose with).
CHOOSE_FOR_AN_ITEM = (
    "An item names one mapping: delete the others (lambda_event_source_mapping with their uuid and "
    "state=absent), then run the task again."
)


class Item:
    """One element of ``mappings``: its desired state and, once read and planned, what AWS holds."""

    def __init__(self, index: int, desired: Desired, handed: dict[str, Any] | None = None) -> None:
        self.index = index
        self.desired = desired
        # The output-only keys the item carries (an info result handed over): never options, some checked.
        self.handed: dict[str, Any] = handed or {}
        self.kind: str = desired.kind or ""
        self.read: Read = Read.of(None, self.kind)
        # Nothing to do until the item is planned (SetRunner.plan plans every item before any write).
        self.plan: Plan = Plan("none")
        # The mapping the writes left (API shape) and its tags, for the wait and the result.
        self.final: dict[str, Any] | None = None
        self.final_tags: dict[str, str] | None = None
        self.after: dict[str, Any] | None = None

    @property
    def current(self) -> dict[str, Any] | None:
        """The mapping the item names (API shape), None if none."""
        return self.read.mapping

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

    def error(self, exc: EsmError) -> EsmError:
        """``exc`` naming this item (and, for an option, ``mappings[N].option``)."""
        if isinstance(exc, ValidationError):
            return ValidationError(f"{self.name}.{exc.option}", f"{self.name} ({self.source}): {exc.msg}")
        return EsmError(f"{self.name} ({self.source}): {exc.msg}", exc.code, exc.message, extra=exc.extra)


class SetError(EsmError):
    """A failure after some writes: says, per item, what had been written, so the next run can converge."""

    def __init__(self, error: EsmError, written: list[dict[str, Any]]) -> None:
        super().__init__(error.msg, error.code, error.message, changed=bool(written), extra=error.extra)
        self.written = written

    def result(self) -> dict[str, Any]:
        result = super().result()
        result["written"] = self.written
        for action in ACTIONS:
            result[action] = [w["uuid"] for w in self.written if w["action"] == action]
        return result


# ------------------------------------------------------------------ validation (pure)


def item_params(params: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The main module's parameters for one item: its options (not the output-only keys of a result handed
    over), the set's function and the shared options."""
    merged = {name: value for name, value in (item or {}).items() if value is not None and name not in OUTPUT_KEYS}
    merged.update({name: params.get(name) for name in SHARED_OPTIONS if params.get(name) is not None})
    merged["function_name"] = params["function_name"]
    merged["state"] = "present"
    return merged


def handed_keys(item: dict[str, Any]) -> dict[str, Any]:
    """The output-only keys (options.OUTPUT_KEYS) an item carries: what the info module's result adds to options."""
    return {name: item[name] for name in OUTPUT_KEYS if (item or {}).get(name) is not None}


def check_handed(handed: dict[str, Any], desired: Desired, function: FunctionRef) -> None:
    """The output-only keys of an item, before any request: ``uuid`` is a mapping UUID, ``function_arn`` the
    function the task names, ``state`` agrees with ``enabled``. The others are ignored. Fails naming the key."""
    uuid = handed.get("uuid")
    if uuid is not None:
        check_text("uuid", uuid)
        check_uuid(uuid)
    function_arn = handed.get("function_arn")
    if function_arn is not None:
        check_text("function_arn", function_arn)
        if parse_function(function_arn) is None or not function_matches(function, function_arn):
            raise ValidationError(
                "function_arn",
                f"function_arn {function_arn!r} is not the function this task names ({desired.function_name!r}): the "
                "item was looked up for another function or qualifier. function_arn is output-only, checked and never "
                "applied: leave it out of the item to apply the item to this function.",
            )
    state, enabled = handed.get("state"), desired.values.get("enabled")
    if state in ENABLED_STATES and enabled is not None and ENABLED_STATES[state] != enabled:
        raise ValidationError(
            "state",
            f"state is output-only and never applied, and it says {state} while enabled is {str(enabled).lower()}: to enable or "
            "disable the mapping, change enabled and leave state out (or make it agree).",
        )


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


def validate_items(params: dict[str, Any], botocore_version: str | None = None) -> list[Item]:
    """Validate the module's own options once, then every item as the main module validates a task (and, with
    ``botocore_version``, what that botocore can send), before any request; fails naming the option, for an
    item ``mappings[N].option``."""
    check_text("function_name", params.get("function_name"))
    function = check_function_name(params.get("function_name"))
    check_control({name: params.get(name) for name in SHARED_OPTIONS})
    items = []
    for index, raw in enumerate(params.get("mappings") or []):
        merged = item_params(params, raw)
        handed = handed_keys(raw)
        try:
            if botocore_version is not None:
                # As the main module's task: what this botocore cannot send fails first, and a timestamp is
                # compared at the precision it is sent.
                sdk.check(merged, botocore_version)
                sdk.at_sent_precision(merged)
            desired = validate(merged, by_uuid=False)
            check_handed(handed, desired, function)
        except ValidationError as exc:
            raise ValidationError(f"mappings[{index}].{exc.option}", f"mappings[{index}]: {exc.msg}") from exc
        items.append(Item(index, desired, handed))
    check_duplicates(items)
    return items


# ------------------------------------------------------------------ matching and purge (pure)


def match(items: list[Item], listing: list[dict[str, Any]]) -> None:
    """Set each item's read: the mapping it names in ``listing``; fails if two items claim one."""
    claimed: dict[str, Item] = {}
    for item in items:
        try:
            current = _named(item, listing)
            check_claims(item, current, listing)
        except EsmError as exc:
            raise item.error(exc) from exc
        if current is not None and live(current):
            other = claimed.get(current["UUID"])
            if other is not None:
                raise ValidationError(
                    item.name,
                    f"{other.name} and {item.name} both name event source mapping {current['UUID']}; "
                    "give each mapping once.",
                )
            claimed[current["UUID"]] = item
        item.read = Read.of(current, item.kind)


def _named(item: Item, listing: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The mapping an item names by its source; a ``uuid`` it carries chooses among several."""
    uuid = item.handed.get("uuid")
    chosen = [m for m in listing if uuid is not None and m["UUID"] == uuid and live(m)]
    if chosen and select(item.desired, item.kind, chosen) is not None:
        return chosen[0]
    return select(item.desired, item.kind, listing, choose=CHOOSE_FOR_AN_ITEM)


def check_claims(item: Item, current: dict[str, Any] | None, listing: list[dict[str, Any]]) -> None:
    """An item that carries a looked-up ``uuid`` or ``function_arn`` takes over that mapping and no other: refused
    (after the List, before any write) when its source names another mapping or none, or the function's ARN
    differs (another account or Region). A uuid never leads to a create."""
    held = current if current is not None and live(current) else None
    uuid = item.handed.get("uuid")
    if uuid is not None and (held is None or held["UUID"] != uuid):
        if held is not None:
            found = f"the mapping of this function and source is {held['UUID']}"
        elif any(m["UUID"] == uuid and live(m) for m in listing):
            found = f"mapping {uuid} has another source, and this function has no mapping of this source"
        else:
            found = f"mapping {uuid} is not a mapping of function {item.desired.function_name!r} (any more)"
        raise ValidationError(
            "uuid",
            f"the item names event source mapping {uuid} (its uuid), but {found}. uuid is output-only: it is "
            "checked and never applied, so it cannot create or re-address a mapping. Leave uuid out of the item "
            "to apply it to the mapping of its source, or to create one. Nothing was changed.",
        )
    function_arn = item.handed.get("function_arn")
    reference = held["FunctionArn"] if held is not None else next((m["FunctionArn"] for m in listing), None)
    wanted = parse_function(function_arn) if function_arn is not None else None
    if wanted is not None and reference is not None and not function_matches(wanted, reference):
        raise ValidationError(
            "function_arn",
            f"function_arn {function_arn!r} is not {reference}, the function whose mappings this task reads: the "
            "item was looked up in another account or Region. function_arn is output-only, checked and never "
            "applied: leave it out of the item to apply the item here. Nothing was changed.",
        )


def to_purge(items: Iterable[Item], listing: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The listed mappings no item names, in listing order; those already Deleting are on their way out."""
    claimed = {item.current["UUID"] for item in items if item.current is not None}
    return [m for m in listing if m["UUID"] not in claimed and live(m)]


# ------------------------------------------------------------------ the run


class SetRunner:
    """One run of the set module."""

    def __init__(self, params: dict[str, Any], api: Api, check_mode: bool = False) -> None:
        self.params = params
        self.api = api
        self.check_mode = check_mode
        self.function_name: str = params["function_name"]
        self.function = check_function_name(self.function_name)
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
        self, settle: Iterable[str], gone: Iterable[str], listing: list[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        """Poll until every mapping in ``settle`` is Enabled or Disabled and every one in ``gone`` is gone.

        One List of the function per poll (one page per 100 mappings) rather than one Get per mapping:
        the cost of waiting does not grow with the number of mappings, and every call counts against the
        account's control-plane quota (docs/aws-behaviour.md §13). Returns the last listing.
        """
        settle_uuids, gone_uuids = sorted(set(settle)), sorted(set(gone))
        given = listing

        def look() -> tuple[bool, list[dict[str, Any]]]:
            nonlocal given
            listed, given = (given if given is not None else self.read()), None
            by_uuid = {m["UUID"]: m for m in listed}
            missing = [uuid for uuid in settle_uuids if uuid not in by_uuid]
            if missing:
                raise EsmError(
                    "Event source mapping {} disappeared while waiting for it to settle.".format(", ".join(missing)),
                    code="ResourceNotFoundException",
                )
            return not _pending(by_uuid, settle_uuids, gone_uuids), listed

        def timed_out(listed: list[dict[str, Any]]) -> EsmError:
            pending = _pending({m["UUID"]: m for m in listed}, settle_uuids, gone_uuids)
            return EsmError(
                "Timed out waiting for event source mappings to settle: {}".format(
                    "; ".join(
                        "{} state {}, reason: {}".format(m["UUID"], m.get("State"), m.get("StateTransitionReason"))
                        for m in pending
                    )
                ),
                code="Timeout",
            )

        return poll(look, self.api.settle_schedule(), self.api.clock, self.api.sleep, timed_out)

    # Planning

    def plan(self, items: list[Item], listing: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Match, read and plan every item, and choose what purge deletes. Raises before any write."""
        match(items, listing)
        for item in items:
            item.read = self._completed(item)
        settling = [item.read.uuid for item in items if needs_settle(item.desired, item.read, self.check_mode)]
        if settling:
            # The main module's rule (converge.needs_settle), with one wait for all, then the listing is fresh.
            listing = self.wait_for(settling, ())
            match(items, listing)
            for item in items:
                item.read = self._completed(item)
        function_arn = next((m["FunctionArn"] for m in listing), None)
        for item in items:
            try:
                self._plan_item(item, function_arn)
            except EsmError as exc:
                raise item.error(exc) from exc
        return to_purge(items, listing) if self.purge else []

    def _completed(self, item: Item) -> Read:
        return read_of(self.api, item.desired, item.current)

    def _plan_item(self, item: Item, function_arn: str | None) -> None:
        item.read = with_extras(self.api, item.desired, item.read, self.check_mode, self.warnings, function_arn)
        plan = plan_for(item.desired, item.read)
        if plan.action == "replace":
            preflight_replacement(self.api, item.read, plan)
        item.plan = plan

    # Writing

    def _pace(self) -> None:
        now = self.api.clock()
        if self._last_write is not None and now - self._last_write < WRITE_INTERVAL:
            self.api.sleep(WRITE_INTERVAL - (now - self._last_write))
        self._last_write = self.api.clock()

    def _record(self, name: str, action: str, uuid: str) -> None:
        self.written.append({"mapping": name, "action": action, "uuid": uuid})

    def apply(self, items: list[Item], purge: list[dict[str, Any]]) -> None:
        """Write the plans in the order of ``mappings``, then the deletes of purge, one call at a time.

        Deletes come last, so a failure part-way leaves a mapping too many rather than one too few.
        """
        for item in items:
            if not item.plan.changed:
                item.final, item.final_tags, item.after = item.current, item.plan.tags_after, item.plan.before
                continue
            self._pace()
            # The set waits for all its mappings at once, so the item is applied without waiting.
            writer = Writer(self.api, self.warnings)
            try:
                outcome = writer.apply(_no_wait(item.desired), item.read, item.plan)
            except EsmError as exc:
                self._record_all(item.name, writer)
                raise self._failure(exc, item.name + f" ({item.source})") from exc
            self._record_all(item.name, writer)
            item.final, item.final_tags, item.after = outcome.mapping, outcome.tags, outcome.after
        writer = Writer(self.api, self.warnings)
        for mapping in purge:
            self._pace()
            try:
                writer.delete(mapping, wait=False)
            except EsmError as exc:
                raise self._failure(exc, "purge of " + mapping["UUID"]) from exc
            finally:
                self._record_all("purge", writer)

    def _record_all(self, name: str, writer: Writer) -> None:
        for action, uuid in writer.written:
            if {"mapping": name, "action": action, "uuid": uuid} not in self.written:
                self._record(name, action, uuid)

    def _failure(self, exc: EsmError, where: str) -> EsmError:
        if not self.written:
            exc.msg = f"{where}: {exc.msg}"
            return exc
        done = ", ".join("{} {} ({})".format(w["action"], w["uuid"], w["mapping"]) for w in self.written)
        error = EsmError(
            f"{where}: {sentence(exc.msg)} Already written: {done}. Run the task again to converge.",
            exc.code,
            exc.message,
            extra=exc.extra,
        )
        return SetError(error, self.written)

    # The run

    def run(self, items: list[Item]) -> dict[str, Any]:
        purge = self.plan(items, self.read())
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
        by_uuid = {m["UUID"]: m for m in self.wait_for(settle, gone)}
        for item in items:
            if item.final is not None and item.final["UUID"] in settle:
                item.final = read_of(self.api, item.desired, by_uuid[item.final["UUID"]]).mapping
                item.after = normalise(item.final, item.final_tags)

    def _result(self, items: list[Item], purge: list[dict[str, Any]], predicted: bool) -> dict[str, Any]:
        mappings, diffs = [], []
        for item in items:
            plan = item.plan
            if predicted:
                before, after = plan.before, plan.after if plan.changed else plan.before
            else:
                before, after = plan.before, item.after or {}
            mappings.append(after)
            if plan.changed:
                diffs.append(_diff(f"{item.name} ({item.source})", before, after))
        for mapping in purge:
            diffs.append(_diff(f"purge ({mapping['UUID']})", normalise(mapping), {}))
        if predicted:
            # A mapping check mode would create has no UUID yet.
            created: list[str | None] = [None for i in items if i.plan.action in ("create", "replace")]
            updated = [i.read.uuid for i in items if i.plan.action == "update"]
            deleted = [i.read.uuid for i in items if i.plan.action == "replace"] + [m["UUID"] for m in purge]
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


def _pending(by_uuid: dict[str, dict[str, Any]], settle: list[str], gone: list[str]) -> list[dict[str, Any]]:
    """The mappings still on their way: to a stable state (``settle``) or out (``gone``)."""
    pending = [by_uuid[u] for u in settle if u in by_uuid and by_uuid[u].get("State") not in STABLE_STATES]
    return pending + [by_uuid[u] for u in gone if u in by_uuid]


def _diff(header: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {"before_header": header, "after_header": header, "before": diff_view(before), "after": diff_view(after)}


def _no_wait(desired: Desired) -> Desired:
    return dataclasses.replace(desired, wait=False)


def run(
    params: dict[str, Any],
    api_factory: Callable[[dict[str, Any]], Api],
    check_mode: bool = False,
    botocore_version: str | None = None,
) -> dict[str, Any]:
    """Validate the module's options and every item before the client is even built, then run."""
    items = validate_items(params, botocore_version)
    return SetRunner(params, api_factory(params), check_mode).run(items)


__all__: list[str] = [
    "run",
    "validate_items",
    "check_handed",
    "check_claims",
    "handed_keys",
    "check_duplicates",
    "same_mapping",
    "match",
    "to_purge",
    "SetRunner",
]
