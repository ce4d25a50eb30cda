"""Duplicate detection of the fake ESM service: one identity row per kind (docs/aws-behaviour.md §6).

Two mappings of the same kind on the same qualified FunctionArn are duplicates when
every key of the kind's row matches.  docs/aws-behaviour.md §6: "Function" is the qualified FunctionArn
(qualifiers are distinct mappings; §12 item 3 not verified, the reference calls this
the safest key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .model import DOCDB, DYNAMODB, KAFKA, KINESIS, MQ, MSK, SQS, Mapping


@dataclass(frozen=True)
class Key:
    """One part of an identity: read from (event source ARN, fields)."""

    read: Callable[[str | None, dict[str, Any]], Any]
    overlap: bool = False  # lists that match when they share any item (Kafka brokers)

    def matches(self, mine: Any, theirs: Any) -> bool:
        return bool(set(mine) & set(theirs)) if self.overlap else mine == theirs


def _servers(fields: dict[str, Any]) -> list[str]:
    return list(fields.get("SelfManagedEventSource", {}).get("Endpoints", {}).get("KAFKA_BOOTSTRAP_SERVERS", []))


SOURCE = Key(lambda arn, fields: arn)
TOPICS = Key(lambda arn, fields: fields["Topics"])
QUEUES = Key(lambda arn, fields: fields["Queues"])
BROKERS = Key(lambda arn, fields: _servers(fields), overlap=True)

_TAIL = "already exists. Please update or delete the existing mapping with UUID {uuid}"
_STREAM = 'The event source arn (" {source} ") and function (" {function_name} ") provided mapping ' + _TAIL
_BY_SOURCE = 'An event source mapping with event source ("{source}"), function ("{function_arn}"), '


@dataclass(frozen=True)
class Identity:
    keys: tuple[Key, ...]
    message: str  # str.format template over the names of _message_values


IDENTITIES: dict[str, Identity] = {
    # docs/aws-behaviour.md §6: SQS function + queue ARN; exact message (function as passed).
    SQS: Identity(
        (SOURCE,), 'An event source mapping with SQS arn (" {source} ") and function (" {function_name} ") ' + _TAIL
    ),
    # docs/aws-behaviour.md §6: streams function + stream ARN; exact message (function as passed).
    KINESIS: Identity((SOURCE,), _STREAM),
    DYNAMODB: Identity((SOURCE,), _STREAM),
    # docs/aws-behaviour.md §6: function ARN + any overlapping bootstrap server + same topic; a different
    # topic is allowed.  Exact message; CHOICE: several brokers are joined with ",".
    KAFKA: Identity(
        (BROKERS, TOPICS),
        'An event source mapping with event source ("{servers}"), function ("{function_arn}"), '
        'topics ("{topics}") ' + _TAIL,
    ),
    # docs/aws-behaviour.md §6: MSK "probably function + cluster + topic" (not verified; CHOICE), with
    # the Kafka wording and the cluster ARN.
    MSK: Identity((SOURCE, TOPICS), _BY_SOURCE + 'topics ("{topics}") ' + _TAIL),
    # docs/aws-behaviour.md §6: MQ not found.  CHOICE: function + broker + queue, the Kafka wording.
    MQ: Identity((SOURCE, QUEUES), _BY_SOURCE + 'queues ("{queues}") ' + _TAIL),
    # docs/aws-behaviour.md §6: DocumentDB's duplicate rule is not found.  CHOICE: function + cluster, the
    # stricter of the two answers (a second mapping of one function on one cluster is refused whatever its
    # database and collection), with the wording of the other sources that name their event source.
    DOCDB: Identity((SOURCE,), _BY_SOURCE.rstrip(", ") + " " + _TAIL),
}


def find_duplicate(
    mappings: Iterable[Mapping],
    kind: str,
    function_arn: str,
    event_source_arn: str | None,
    fields: dict[str, Any],
    exclude: str | None,
) -> Mapping | None:
    """The first mapping with the same identity.  docs/aws-behaviour.md §5: a mapping in Deleting still
    counts ("probably hits the duplicate conflict", not verified; CHOICE: it does)."""
    keys = IDENTITIES[kind].keys
    for other in mappings:
        if other.uuid == exclude or other.kind != kind or other.function_arn != function_arn:
            continue
        if all(
            key.matches(key.read(event_source_arn, fields), key.read(other.event_source_arn, other.fields))
            for key in keys
        ):
            return other
    return None


def duplicate_message(
    kind: str, existing: Mapping, function_name: str, function_arn: str, fields: dict[str, Any]
) -> str:
    """The 409 text for a duplicate of ``existing`` (docs/aws-behaviour.md §6)."""
    return IDENTITIES[kind].message.format(
        uuid=existing.uuid,
        source=existing.event_source_arn,
        function_name=function_name,
        function_arn=function_arn,
        servers=",".join(_servers(fields)),
        topics=",".join(fields.get("Topics", [])),
        queues=",".join(fields.get("Queues", [])),
    )
