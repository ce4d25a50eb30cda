"""The store of the fake ESM service: Create, Get, Update, Delete, List and tags.

The members of a write are applied by :mod:`.appliers`, duplicates found by
:mod:`.identity`, functions and sources read from moto by :mod:`.resources`.
Every rule cites docs/aws-behaviour.md as "docs/aws-behaviour.md §N".
"""

from __future__ import annotations

import base64
import copy
import json
import threading
import time
import uuid as uuidlib
from collections.abc import Mapping as MappingABC
from typing import Any

from .appliers import Request, apply_members
from .checks import check_model, in_range
from .errors import conflict, in_use, invalid_parameter, not_found, null_error, pattern_error, unsupported, validation
from .identity import duplicate_message, find_duplicate
from .model import (
    CREATE_ONLY_MEMBERS,
    DEFAULT_ACCOUNT,
    ESM_ARN,
    EVENT_SOURCE_ARN,
    FUNCTION_NAME,
    KAFKA,
    MAX_ITEMS,
    PAGE_LIMIT,
    SQS,
    STATE_TRANSITION_REASON,
    TRANSITIONAL_STATES,
    EsmConfig,
    Mapping,
    Source,
)
from .resources import check_visibility_timeout, classify_source, function_exists, parse_function_name, source_exists


def _encode_marker(seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": seq}).encode()).decode()


def _decode_marker(marker: str) -> int:
    try:
        return int(json.loads(base64.urlsafe_b64decode(marker.encode()))["after"])
    except Exception as exc:
        # CHOICE: the reference does not say how a bad Marker is answered.
        raise invalid_parameter("Invalid marker provided.") from exc


# --------------------------------------------------------------------------- store


class EsmStore:
    """All ESMs of one endpoint, across regions of moto's default account."""

    def __init__(self, config: EsmConfig | None = None, account: str = DEFAULT_ACCOUNT) -> None:
        self.config = config or EsmConfig()
        self.account = account
        self._lock = threading.RLock()
        self._mappings: dict[str, Mapping] = {}
        self._seq = 0

    # ----------------------------------------------------------------- admin

    def reset(self) -> None:
        with self._lock:
            self._mappings.clear()
            self._seq = 0

    def _purge(self, now: float) -> None:
        # docs/aws-behaviour.md §5: a deleted mapping stays visible as Deleting for a while, then
        # GetEventSourceMapping answers 404.
        for key in [k for k, m in self._mappings.items() if m.deleting and now >= m.settle_at]:
            del self._mappings[key]

    def _lookup(self, region: str, uuid: str, now: float) -> Mapping:
        self._purge(now)
        mapping = self._mappings.get(uuid)
        if mapping is None or mapping.region != region:
            # docs/aws-behaviour.md §5 / §10: unknown UUID → 404 "The resource you requested does not exist."
            raise not_found()
        return mapping

    # ----------------------------------------------------------------- render

    def _render(self, mapping: Mapping, now: float, *, listing: bool = False) -> dict[str, Any]:
        out = copy.deepcopy(mapping.fields)
        if (
            self.config.destination_caps_retries
            and out.get("MaximumRetryAttempts") == -1
            and (out.get("DestinationConfig") or {}).get("OnFailure", {}).get("Destination")
        ):
            # model.EsmConfig.destination_caps_retries: the answer says what Lambda applies.
            out["MaximumRetryAttempts"] = 10
        out["UUID"] = mapping.uuid
        # docs/aws-behaviour.md §8: EventSourceMappingArn is always present.
        out["EventSourceMappingArn"] = mapping.arn
        out["FunctionArn"] = mapping.function_arn
        # rest-json timestamps are epoch seconds.
        out["LastModified"] = mapping.last_modified
        out["State"] = mapping.current_state(now)
        out["StateTransitionReason"] = STATE_TRANSITION_REASON[mapping.kind]
        if mapping.event_source_arn is not None:
            out["EventSourceArn"] = mapping.event_source_arn
        if mapping.kind != SQS:
            # docs/aws-behaviour.md §3: SQS responses have no LastProcessingResult; streams and
            # self-managed Kafka return "No records processed" at first.
            # CHOICE: MSK, MQ and DocumentDB return it as Kafka does (not recorded).
            out["LastProcessingResult"] = "No records processed"
        if listing and "KMSKeyArn" in out and "FilterCriteria" in out:
            # docs/aws-behaviour.md §6 / §7 / §13: "If the filter criteria are KMS-encrypted, FilterCriteria
            # is null in List responses" (botocore model doc of
            # EventSourceMappingConfiguration.FilterCriteria); Get, Create, Update and
            # Delete show them.  null on the wire, which botocore drops from the result.
            out["FilterCriteria"] = None
        return dict(sorted(out.items()))

    # ----------------------------------------------------------------- create

    def create(self, region: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {k: v for k, v in body.items() if v is not None}
        with self._lock:
            now = time.monotonic()
            self._purge(now)

            # --- model-level validation (ValidationException) ------------------
            function_name = body.get("FunctionName")
            if not isinstance(function_name, str) or not function_name:
                raise null_error("functionName")
            event_source_arn = body.get("EventSourceArn")
            if event_source_arn is not None and not EVENT_SOURCE_ARN.fullmatch(str(event_source_arn)):
                # docs/aws-behaviour.md §2: EventSourceArn pattern.
                raise pattern_error("eventSourceArn", event_source_arn, EVENT_SOURCE_ARN.pattern)
            check_model(body, creating=True)

            # --- the function --------------------------------------------------
            ref = parse_function_name(function_name, region, self.account)
            if ref is None:
                raise pattern_error("functionName", function_name, FUNCTION_NAME.pattern)
            if not function_exists(ref):
                # docs/aws-behaviour.md §6: "Function missing at Create is InvalidParameterValueException:
                # Function does not exist (400), not ResourceNotFound".
                raise invalid_parameter("Function does not exist")

            # --- the source ----------------------------------------------------
            source = self._resolve_source(body)

            uuid = str(uuidlib.uuid4())
            request = Request(source, creating=True, uuid=uuid, config=self.config, event_source_arn=event_source_arn)
            fields = apply_members(request, None, body)
            if source.kind == SQS:
                check_visibility_timeout(str(event_source_arn), ref)

            # --- duplicates (docs/aws-behaviour.md §6) -------------------------------------------
            duplicate = find_duplicate(
                self._mappings.values(), source.kind, ref.arn, event_source_arn, fields, exclude=None
            )
            if duplicate is not None:
                raise conflict(duplicate_message(source.kind, duplicate, function_name, ref.arn, fields))

            self._seq += 1
            enabled = body.get("Enabled", True)  # docs/aws-behaviour.md §2: Enabled default true
            transition = self.config.transition_seconds
            mapping = Mapping(
                uuid=uuid,
                seq=self._seq,
                partition=ref.partition,
                region=region,
                account=self.account,
                kind=source.kind,
                fifo=source.fifo,
                event_source_arn=event_source_arn,
                function_arn=ref.arn,
                fields=fields,
                enabled=bool(enabled),
                # docs/aws-behaviour.md §5: Create → Creating, settling to Enabled; Create with
                # Enabled=false → Disabled immediately.
                state="Creating" if enabled else "Disabled",
                settle_at=now + transition if enabled else now,
                last_modified=round(time.time(), 3),
                # docs/aws-behaviour.md §8: Tags passed at create are visible through ListTags.
                tags=dict(body.get("Tags") or {}),
            )
            self._mappings[uuid] = mapping
            rendered = self._render(mapping, now)
            # docs/aws-behaviour.md §5: the Create response itself shows the immediate state.
            rendered["State"] = mapping.state
            return rendered

    def _resolve_source(self, body: dict[str, Any]) -> Source:
        event_source_arn = body.get("EventSourceArn")
        self_managed = body.get("SelfManagedEventSource")
        if event_source_arn is None:
            endpoints = (self_managed or {}).get("Endpoints") if isinstance(self_managed, dict) else None
            servers = endpoints.get("KAFKA_BOOTSTRAP_SERVERS") if isinstance(endpoints, dict) else None
            if not servers:
                # docs/aws-behaviour.md §6: "A missing EventSourceArn or self-managed source gives
                # InvalidParameterValueException: Unrecognized event source."
                raise invalid_parameter("Unrecognized event source.")
            return Source(KAFKA)
        if self_managed is not None:
            # CHOICE: SelfManagedEventSource together with an EventSourceArn.
            raise unsupported("SelfManagedEventSource")
        source = classify_source(event_source_arn)
        if source is None or not source_exists(source, event_source_arn):
            # docs/aws-behaviour.md §6: a missing event source → "Unrecognized event source."
            raise invalid_parameter("Unrecognized event source.")
        return source

    # ----------------------------------------------------------------- validation

    def get(self, region: str, uuid: str) -> dict[str, Any]:
        with self._lock:
            now = time.monotonic()
            return self._render(self._lookup(region, uuid, now), now)

    def update(self, region: str, uuid: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {k: v for k, v in body.items() if v is not None}
        for member in CREATE_ONLY_MEMBERS:  # docs/aws-behaviour.md §2: a raw client's copy is ignored
            body.pop(member, None)
        with self._lock:
            now = time.monotonic()
            mapping = self._lookup(region, uuid, now)
            check_model(body, creating=False)
            state = mapping.current_state(now)
            if state in TRANSITIONAL_STATES:
                # docs/aws-behaviour.md §5: Update while Creating/Updating/… → ResourceInUseException.
                # docs/aws-behaviour.md §12 item 9: the text is not found.  CHOICE: this text.
                raise in_use("Cannot update the event source mapping because it is in use.")

            function_arn = mapping.function_arn
            function_name = body.get("FunctionName")
            if function_name is not None:
                # docs/aws-behaviour.md §2: FunctionName is updatable, including the qualifier [R].
                ref = parse_function_name(function_name, region, self.account)
                if ref is None:
                    raise pattern_error("functionName", function_name, FUNCTION_NAME.pattern)
                if not function_exists(ref):
                    raise invalid_parameter("Function does not exist")
                if mapping.kind == SQS and ref.arn != mapping.function_arn:
                    # docs/aws-behaviour.md §13 gives the rule for Create only.  CHOICE: moving a mapping
                    # onto another function (or qualifier) checks the new function too,
                    # since the queue would then serve a function it times out under.
                    check_visibility_timeout(str(mapping.event_source_arn), ref)
                function_arn = ref.arn

            request = Request(
                Source(mapping.kind, fifo=mapping.fifo),
                creating=False,
                uuid=mapping.uuid,
                config=self.config,
                event_source_arn=mapping.event_source_arn,
            )
            fields = apply_members(request, mapping.fields, body)
            if function_arn != mapping.function_arn:
                # CHOICE: moving a mapping onto a function that already has one for the
                # same source is refused like a duplicate Create (docs/aws-behaviour.md §6).
                duplicate = find_duplicate(
                    self._mappings.values(),
                    mapping.kind,
                    function_arn,
                    mapping.event_source_arn,
                    fields,
                    exclude=mapping.uuid,
                )
                if duplicate is not None:
                    raise conflict(duplicate_message(mapping.kind, duplicate, str(function_name), function_arn, fields))

            # docs/aws-behaviour.md §5: Enabled change → Enabling/Disabling; other updates → Updating.
            enabled = body.get("Enabled")
            if enabled is not None and bool(enabled) != mapping.enabled:
                mapping.state = "Enabling" if enabled else "Disabling"
                mapping.enabled = bool(enabled)
            else:
                mapping.state = "Updating"
            mapping.settle_at = now + self.config.transition_seconds
            mapping.fields = fields
            mapping.function_arn = function_arn
            mapping.last_modified = round(time.time(), 3)
            rendered = self._render(mapping, now)
            rendered["State"] = mapping.state
            return rendered

    def delete(self, region: str, uuid: str) -> dict[str, Any]:
        with self._lock:
            now = time.monotonic()
            mapping = self._lookup(region, uuid, now)
            state = mapping.current_state(now)
            if state in TRANSITIONAL_STATES:
                # docs/aws-behaviour.md §5: Delete while Creating/Updating/… → ResourceInUseException
                # (CHOICE: also while already Deleting).  docs/aws-behaviour.md §12 item 9: text not found.
                raise in_use("Cannot delete the event source mapping because it is in use.")
            # docs/aws-behaviour.md §1 / §5: Delete returns the mapping with State "Deleting"; it stays
            # visible as Deleting for transition_seconds, then Get → 404.
            mapping.deleting = True
            mapping.settle_at = now + self.config.transition_seconds
            return self._render(mapping, now)

    # ----------------------------------------------------------------- list

    def list(self, region: str, query: MappingABC[str, str]) -> dict[str, Any]:
        with self._lock:
            now = time.monotonic()
            self._purge(now)
            max_items = PAGE_LIMIT
            if query.get("MaxItems") not in (None, ""):
                try:
                    requested = int(query["MaxItems"])
                except ValueError as exc:
                    raise validation(
                        f"1 validation error detected: Value '{query['MaxItems']}' at 'maxItems' must be an integer"
                    ) from exc
                # docs/aws-behaviour.md §6: MaxItems 1..10000, at most 100 per response.
                max_items = min(in_range(MAX_ITEMS, requested), PAGE_LIMIT)
            after = _decode_marker(query["Marker"]) if query.get("Marker") else 0

            candidates = [m for m in self._mappings.values() if m.region == region and m.account == self.account]
            function_name = query.get("FunctionName")
            if function_name:
                # docs/aws-behaviour.md §6: FunctionName takes a name, full ARN, alias/version ARN or
                # partial ARN, resolved like Create.  A nonexistent function → empty list.
                # docs/aws-behaviour.md §12 item 2: whether an unqualified filter also returns qualified
                # mappings is NOT verified.  CHOICE: exact match on the qualified
                # FunctionArn, so an unqualified filter returns unqualified mappings only.
                ref = parse_function_name(function_name, region, self.account)
                wanted = ref.arn if ref else None
                candidates = [m for m in candidates if m.function_arn == wanted]
            event_source_arn = query.get("EventSourceArn")
            if event_source_arn:
                # docs/aws-behaviour.md §6: EventSourceArn narrows to one source; unknown → empty list.
                candidates = [m for m in candidates if m.event_source_arn == event_source_arn]
            # Assumed: a stable order, the order of creation.
            candidates = sorted((m for m in candidates if m.seq > after), key=lambda m: m.seq)
            page = candidates[:max_items]
            result: dict[str, Any] = {"EventSourceMappings": [self._render(m, now, listing=True) for m in page]}
            if len(candidates) > max_items:
                # docs/aws-behaviour.md §1 paginator: output_token NextMarker, input_token Marker.
                result["NextMarker"] = _encode_marker(page[-1].seq)
            return result

    # ----------------------------------------------------------------- tags

    def _tagged(self, arn: str, now: float) -> Mapping:
        self._purge(now)
        match = ESM_ARN.match(arn)
        if not match:
            # docs/aws-behaviour.md §8: a malformed ARN, or one with a :qualifier, → ValidationException.
            raise pattern_error("resource", arn, ESM_ARN.pattern)
        for mapping in self._mappings.values():
            if mapping.arn == arn:
                return mapping
        # docs/aws-behaviour.md §8: unknown ESM ARN → 404 "Event source mapping not found: <arn>".
        raise not_found(f"Event source mapping not found: {arn}")

    def list_tags(self, arn: str) -> dict[str, Any]:
        with self._lock:
            return {"Tags": dict(self._tagged(arn, time.monotonic()).tags)}

    def tag(self, arn: str, tags: dict[str, str]) -> None:
        with self._lock:
            # docs/aws-behaviour.md §8: TagResource merges and overwrites keys.
            self._tagged(arn, time.monotonic()).tags.update(tags)

    def untag(self, arn: str, keys: list[str]) -> None:
        with self._lock:
            mapping = self._tagged(arn, time.monotonic())
            for key in keys:
                # docs/aws-behaviour.md §8: UntagResource of absent keys is a no-op.
                mapping.tags.pop(key, None)
