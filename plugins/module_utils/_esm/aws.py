# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS calls for event source mappings, with waiting and error conversion.

Private to the esmkit.aws collection. Throttling and 5xx are retried by botocore (see ``connection``);
this module adds only what botocore cannot know: waiting for a mapping to settle (docs/aws-behaviour.md §5), retrying a
busy mapping (ResourceInUseException), and the IAM propagation delay (docs/aws-behaviour.md §10).
"""

from __future__ import annotations

import builtins
import re
import time
from collections.abc import Iterator
from typing import Any, Callable, NamedTuple

from .errors import EsmError
from .options import STABLE_STATES
from .polling import Schedule, poll
from .translate import normalise

try:
    from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError
except ImportError:  # pragma: no cover - reported by the modules
    BotoCoreError = ClientError = ParamValidationError = Exception

# Polling delays while a mapping settles: quick at first (SQS settles in seconds), then every 5 s (docs/aws-behaviour.md §5).
POLL_DELAYS = (0.5, 1.0, 2.0, 3.0, 5.0)

# docs/aws-behaviour.md §10: InvalidParameterValueException messages that mean "the role was changed moments ago".
IAM_PROPAGATION_MESSAGES = (
    "cannot be assumed by Lambda",
    "execution role does not have permissions",
    "ensure the role can perform",
)
IAM_RETRY_DELAYS = (2.0, 4.0, 8.0, 15.0)
# docs/aws-behaviour.md §10: ResourceConflictException on Delete and on the tag calls means "another operation is in
# progress": retried briefly (about 15 s in all), then reported with AWS's message.
CONFLICT_RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0)


class RetryRule(NamedTuple):
    """Which answers of AWS a call retries (``when``), and how often (``schedule``)."""

    when: Callable[[EsmError], bool]
    schedule: Schedule


_UUID_IN_MESSAGE = re.compile(r"UUID\s+([0-9a-fA-F-]{36})")


class Conflict(EsmError):
    """Create was refused because the mapping exists (docs/aws-behaviour.md §6); ``uuid`` is the existing one's.

    ``retried``: botocore had sent this Create before (after a dropped connection or a 5xx), so the mapping
    that exists may be the one an earlier attempt of this very call created.
    """

    def __init__(self, error: EsmError, uuid: str | None, retried: bool = False) -> None:
        super().__init__(error.msg, error.code, error.message)
        self.uuid = uuid
        self.retried = retried


def _retried(exc: EsmError) -> bool:
    """Whether botocore had sent the call before the attempt that gave this error (after a 5xx or a lost answer)."""
    cause = exc.__cause__
    return isinstance(cause, ClientError) and bool(cause.response.get("ResponseMetadata", {}).get("RetryAttempts"))


def filters_hidden(mapping: dict[str, Any]) -> bool:
    """docs/aws-behaviour.md §6, §13: List reports no FilterCriteria for KMS-encrypted filters; only Get shows them."""
    return bool(mapping.get("KMSKeyArn")) and not mapping.get("FilterCriteria")


def _in_progress(exc: EsmError) -> bool:
    return exc.code == "ResourceConflictException"


def _role_propagating(exc: EsmError) -> bool:
    return exc.code == "InvalidParameterValueException" and any(
        message in (exc.message or "") for message in IAM_PROPAGATION_MESSAGES
    )


def _clean(response: dict[str, Any]) -> dict[str, Any]:
    response = dict(response)
    response.pop("ResponseMetadata", None)
    return response


def to_error(exc: Exception, doing: str) -> EsmError:
    """Turn a botocore exception into the collection's error: "Failed to <doing>: ..." with the AWS code."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = error.get("Code")
        message = error.get("Message") or str(exc)
        return EsmError(f"Failed to {doing}: {code}: {message}", code=code, message=message)
    if isinstance(exc, ParamValidationError):
        return EsmError(
            f"Failed to {doing}: the request was not valid: {exc}", code="ParamValidationError", message=str(exc)
        )
    return EsmError(f"Failed to {doing}: {exc}", code=type(exc).__name__, message=str(exc))


class Api:
    """The event source mapping calls one module run makes, with a deadline for waiting."""

    def __init__(
        self,
        client: Any,
        wait_timeout: float = 600,
        role_propagation_timeout: float = 120,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.wait_timeout = wait_timeout
        self.role_propagation_timeout = role_propagation_timeout
        self.sleep = sleep
        self.clock = clock

    def _call(self, doing: str, operation: str, **kwargs: Any) -> dict[str, Any]:
        try:
            return _clean(getattr(self.client, operation)(**kwargs))
        except (ClientError, BotoCoreError) as exc:
            raise to_error(exc, doing) from exc

    def _retrying(self, rule: RetryRule, doing: str, operation: str, **kwargs: Any) -> dict[str, Any]:
        """Call, and while AWS's answer is one ``rule`` retries, sleep as its schedule says and call again."""

        def attempt() -> tuple[bool, Any]:
            try:
                return True, self._call(doing, operation, **kwargs)
            except EsmError as exc:
                if not rule.when(exc):
                    raise
                return False, exc

        return poll(attempt, rule.schedule, self.clock, self.sleep, lambda exc: exc)

    def _in_progress_rule(self) -> RetryRule:
        return RetryRule(_in_progress, Schedule(CONFLICT_RETRY_DELAYS))

    def _role_propagation_rule(self) -> RetryRule:
        return RetryRule(_role_propagating, Schedule(IAM_RETRY_DELAYS, self.role_propagation_timeout, whole=True))

    def settle_schedule(self) -> Schedule:
        """How a wait for mappings to settle polls (docs/aws-behaviour.md §5), up to ``wait_timeout``."""
        return Schedule(POLL_DELAYS, self.wait_timeout)

    # Reads

    def get(self, uuid: str) -> dict[str, Any] | None:
        try:
            return self._call("get event source mapping " + uuid, "get_event_source_mapping", UUID=uuid)
        except EsmError as exc:
            if exc.code == "ResourceNotFoundException":
                return None
            raise

    def list(self, function_name: str | None = None, event_source_arn: str | None = None) -> Iterator[dict[str, Any]]:
        """Every mapping that matches the filters, following NextMarker (docs/aws-behaviour.md §6: at most 100 a page)."""
        kwargs: dict[str, Any] = {}
        if function_name:
            kwargs["FunctionName"] = function_name
        if event_source_arn:
            kwargs["EventSourceArn"] = event_source_arn
        doing = "list event source mappings"
        try:
            for page in self.client.get_paginator("list_event_source_mappings").paginate(**kwargs):
                yield from page.get("EventSourceMappings", [])
        except (ClientError, BotoCoreError) as exc:
            raise to_error(exc, doing) from exc

    def list_tags(self, arn: str) -> dict[str, str]:
        return self._call("list tags of " + arn, "list_tags", Resource=arn).get("Tags", {})

    def complete(self, mapping: dict[str, Any]) -> dict[str, Any]:
        """A listed mapping with its filters: List hides KMS-encrypted filter criteria (docs/aws-behaviour.md §6, §7, §13), Get shows
        them. A mapping with a KMS key and no filters in the listing costs one Get."""
        if filters_hidden(mapping):
            return self.get(mapping["UUID"]) or mapping
        return mapping

    def function_arn(self, function_name: str) -> str | None:
        """The function's ARN as AWS reports it, None if the function, or the alias or version that
        ``function_name`` names, does not exist. GetFunction does not count against Lambda's control-plane request quota (docs/aws-behaviour.md §13)."""
        try:
            response = self._call("get function " + function_name, "get_function", FunctionName=function_name)
        except EsmError as exc:
            if exc.code == "ResourceNotFoundException":
                return None
            raise
        return response["Configuration"]["FunctionArn"]

    # Writes

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._retrying(
                self._role_propagation_rule(), "create event source mapping", "create_event_source_mapping", **params
            )
        except EsmError as exc:
            if exc.code == "ResourceConflictException":
                match = _UUID_IN_MESSAGE.search(exc.message or "")
                raise Conflict(exc, match.group(1) if match else None, _retried(exc)) from exc
            raise

    def _while_busy(
        self,
        uuid: str,
        call: Callable[[], dict[str, Any]],
        own_write: Callable[[EsmError], dict[str, Any] | None] | None = None,
    ) -> dict[str, Any]:
        """Make ``call``, and while the mapping is busy (Creating, Updating, ...), wait for it to settle and make
        it again, up to ``wait_timeout``. ``own_write`` may recognise a busy answer as this call's own earlier
        attempt, and return its result."""
        deadline = self.clock() + self.wait_timeout

        def attempt() -> tuple[bool, Any]:
            try:
                return True, call()
            except EsmError as exc:
                if exc.code != "ResourceInUseException" or self.clock() >= deadline:
                    raise
                own = own_write(exc) if own_write is not None else None
                if own is not None:
                    return True, own
                if self.wait_settled(uuid, deadline=deadline) is None:
                    raise
                return False, exc

        # The mapping settled; a second busy answer means another writer is at work, so look again, spaced
        # out: Get may report the mapping settled at once, and that must not become a tight loop.
        schedule = Schedule((0.0,) + POLL_DELAYS, self.wait_timeout)
        return poll(attempt, schedule, self.clock, self.sleep, lambda exc: exc, deadline=deadline)

    def update(self, uuid: str, params: dict[str, Any]) -> dict[str, Any]:
        doing = "update event source mapping " + uuid
        rule = self._role_propagation_rule()
        return self._while_busy(
            uuid, lambda: self._retrying(rule, doing, "update_event_source_mapping", UUID=uuid, **params)
        )

    def _own_delete(self, uuid: str, exc: EsmError) -> dict[str, Any] | None:
        """botocore resent a Delete whose answer was lost and met the mapping its first attempt set Deleting (a
        Deleting mapping is "in use", docs/aws-behaviour.md §5): that is this call's own delete."""
        if not _retried(exc):
            return None
        mapping = self.get(uuid)
        if mapping is None or mapping.get("State") == "Deleting":
            return mapping or {}
        return None

    def delete(self, uuid: str) -> dict[str, Any] | None:
        doing = "delete event source mapping " + uuid
        rule = self._in_progress_rule()
        try:
            return self._while_busy(
                uuid,
                lambda: self._retrying(rule, doing, "delete_event_source_mapping", UUID=uuid),
                lambda exc: self._own_delete(uuid, exc),
            )
        except EsmError as exc:
            if exc.code == "ResourceNotFoundException":
                # After a lost answer botocore sends the Delete again and meets the mapping its first attempt
                # deleted: that is this call's own delete ({}), not a mapping that was already gone (None).
                return {} if _retried(exc) else None
            raise

    def tag(self, arn: str, tags: dict[str, str]) -> None:
        self._retrying(self._in_progress_rule(), "tag " + arn, "tag_resource", Resource=arn, Tags=tags)

    def untag(self, arn: str, keys: builtins.list[str]) -> None:
        self._retrying(self._in_progress_rule(), "untag " + arn, "untag_resource", Resource=arn, TagKeys=keys)

    # Waiting

    def wait_settled(self, uuid: str, gone: bool = False, deadline: float | None = None) -> dict[str, Any] | None:
        """Poll until the mapping is Enabled or Disabled (or, with ``gone``, no longer exists).

        Returns the settled mapping, or None once it is gone. Raises when the deadline passes,
        naming the state and its reason.
        """

        def look() -> tuple[bool, dict[str, Any] | None]:
            mapping = self.get(uuid)
            if mapping is None:
                if gone:
                    return True, None
                raise EsmError(
                    f"Event source mapping {uuid} disappeared while waiting for it to settle.",
                    code="ResourceNotFoundException",
                    message="The resource you requested does not exist.",
                )
            return not gone and mapping.get("State") in STABLE_STATES, mapping

        def timed_out(mapping: dict[str, Any] | None) -> EsmError:
            held = mapping or {}
            return EsmError(
                "Timed out waiting for event source mapping {} to {}: state {}, reason: {}".format(
                    uuid, "be deleted" if gone else "settle", held.get("State"), held.get("StateTransitionReason")
                ),
                code="Timeout",
                message="state {}: {}".format(held.get("State"), held.get("StateTransitionReason")),
                # The state last read, not the state before the write (a timed-out delete is still Deleting).
                mapping=normalise(mapping),
            )

        return poll(look, self.settle_schedule(), self.clock, self.sleep, timed_out, deadline=deadline)
