# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which mapping is this? Private to the esmkit.aws collection.

The one home of identity: the shapes of a UUID and an ARN, function names and their matching, the kind of a
source, which mapping a task names (docs/aws-behaviour.md §6 identity keys) and the read that finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from .errors import EsmError
from .options import ARN_SERVICES, BOOTSTRAP_KEY, KAFKA, MQ, MSK, Servers, live

ARN_RE = re.compile(
    r"^arn:(?P<partition>aws[a-zA-Z0-9-]*):(?P<service>[a-zA-Z0-9-]+):(?P<region>[a-z0-9-]*):(?P<account>\d{12})?:(?P<resource>.+)\Z"
)
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
UUID_EXAMPLE = "14e0db71-5d35-4eb5-b481-8945cf9d10c2"
FUNCTION_FORMS = "a function name, name:qualifier, a partial ARN (123456789012:function:name) or a function ARN"


class FunctionRef(NamedTuple):
    """A function as a name, a partial ARN or an ARN, with its qualifier."""

    name: str
    qualifier: str | None
    account: str | None
    region: str | None
    partition: str | None


_FUNCTION_RE = re.compile(
    r"^(?:(?:arn:(?P<partition>[a-z0-9-]+):lambda:(?P<region>[a-z0-9-]+):)?(?P<account>\d{12}):function:)?"
    r"(?P<name>[a-zA-Z0-9_-]{1,140})(?::(?P<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]{1,128}))?\Z"
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


def kind_of_arn(arn: str) -> str | None:
    match = ARN_RE.match(arn or "")
    if not match:
        return None
    return ARN_SERVICES.get(match.group("service"))


def kind_of_mapping(mapping: dict[str, Any]) -> str | None:
    if mapping.get("SelfManagedEventSource"):
        return KAFKA
    return kind_of_arn(mapping.get("EventSourceArn", ""))


def source_matches(desired: Any, kind: str, mapping: dict[str, Any]) -> bool:
    """Whether a mapping (API shape) reads the source the task (a ``validate.Desired``) names (docs/aws-behaviour.md §6
    identity keys); True for what the task leaves out."""
    if kind == KAFKA:
        held = set(
            Servers.split(
                ((mapping.get("SelfManagedEventSource") or {}).get("Endpoints") or {}).get(BOOTSTRAP_KEY) or []
            )
        )
        # AWS refuses a second mapping whose brokers overlap on any one (docs/aws-behaviour.md §6), so overlap is identity.
        if desired.servers is not None and not held & set(desired.servers):
            return False
    elif "event_source_arn" in desired.values and mapping.get("EventSourceArn") != desired.values["event_source_arn"]:
        # The ARN as given: a stream consumer or an MSK VPC connection is its own source; a DocumentDB mapping is
        # function + cluster, its database and collection fixed at creation (docs/aws-behaviour.md §6).
        return False
    if kind in (KAFKA, MSK) and desired.topic is not None and desired.topic not in (mapping.get("Topics") or []):
        return False
    if kind == MQ and desired.queue is not None and desired.queue not in (mapping.get("Queues") or []):
        return False
    return True


CHOOSE_BY_UUID = "Give uuid to choose one."


def select(
    desired: Any, kind: str, mappings: Iterable[dict[str, Any]], choose: str = CHOOSE_BY_UUID
) -> dict[str, Any] | None:
    """The one mapping among ``mappings`` that the task names, None if none; fails if several do, saying
    ``choose``: how the task can name one."""
    found = [
        m
        for m in mappings
        if function_matches(desired.function, m.get("FunctionArn", "")) and source_matches(desired, kind, m)
    ]
    held = [m for m in found if live(m)]
    if len(held) > 1:
        raise EsmError(
            "Found {} event source mappings for function {!r} and this source: {}. {}".format(
                len(held), desired.function_name, ", ".join(m["UUID"] for m in held), choose
            )
        )
    if held:
        return held[0]
    return found[0] if found else None


def check_named(desired: Any, current: dict[str, Any] | None) -> None:
    """A task that names a ``uuid`` (to keep or change it) addresses that mapping and no other: when it does not
    exist, or is being deleted (docs/aws-behaviour.md §5: a Deleting mapping only goes away), the task fails at
    once, in check mode too, and never creates a mapping under another UUID."""
    if not desired.uuid or desired.state != "present":
        return
    if current is None:
        raise EsmError(
            f"No event source mapping with UUID {desired.uuid} exists; to create one, give function_name and the "
            "source without uuid."
        )
    if current.get("State") == "Deleting":
        raise EsmError(
            f"No event source mapping with UUID {desired.uuid} exists (it is being deleted); to create a new one, "
            "give function_name and the source without uuid."
        )


def find(api: Any, desired: Any) -> dict[str, Any] | None:
    """Read the mapping the task addresses with ``api`` (an ``aws.Api``): one Get by uuid, or one List (per page)
    by function and source.

    The caller completes a listed mapping whose filters List hides (``converge.read_of``).
    """
    if desired.uuid:
        return api.get(desired.uuid)
    if desired.kind == KAFKA:
        mappings = api.list(function_name=desired.function_name)
    else:
        # Both filters narrow the listing; the FunctionArn is still matched here, qualifier included,
        # because whether AWS's FunctionName filter includes qualified mappings is not verified (docs/aws-behaviour.md §12.2).
        mappings = api.list(function_name=desired.function_name, event_source_arn=desired.values["event_source_arn"])
    return select(desired, desired.kind or "", mappings)
