"""Member appliers of the fake ESM service: a Create or Update body becomes the held fields.

``apply_members`` checks which members apply to the source (model.ALLOWED_MEMBERS), the
Create-only members, every range (model.RANGES, one loop), then runs the applier of
each member sent (APPLIERS) and the rules that combine members.
"""

from __future__ import annotations

import copy
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .checks import as_dict, as_list, as_timestamp, check_ranges, is_valid_filter_pattern
from .errors import (
    ApiError,
    camel,
    invalid_parameter,
    length_error,
    null_error,
    pattern_error,
    too_many,
    type_error,
    unsupported,
)
from .model import (
    ACCESS_TYPE_EXCLUDES,
    ACCESS_TYPE_REQUIRES,
    ALLOWED_MEMBERS,
    CHECKED_MEMBERS,
    DEFAULT_POLLERS,
    DOCDB,
    DYNAMODB,
    EMPTY_RESPONSE_TYPES_SHOWN,
    EVENT_SOURCE_ARN,
    KAFKA,
    KAFKA_KINDS,
    KAFKA_ONLY_METRICS,
    MAX_FILTERS,
    MQ,
    NO_URI_ACCESS_TYPES,
    NOT_IN_QUEUE_MODE,
    POLLER_GROUP_NAME,
    SOURCE_ACCESS_TYPES_BY_KIND,
    SQS,
    STARTING_POSITION_REQUIRED,
    STREAM_KINDS,
    TIMESTAMP_UNITS,
    EsmConfig,
    Source,
    defaults_for,
)


@dataclass(frozen=True)
class Request:
    """What an applier needs to know about the write besides the member's value."""

    source: Source
    creating: bool
    uuid: str
    config: EsmConfig
    event_source_arn: str | None = None

    @property
    def kind(self) -> str:
        return self.source.kind


Applier = Callable[[Request, str, Any, dict[str, Any]], None]


def apply_members(request: Request, stored: dict[str, Any] | None, body: dict[str, Any]) -> dict[str, Any]:
    """Validate the members of a Create or Update and return the new fields."""
    allowed = ALLOWED_MEMBERS[request.kind]
    for member in CHECKED_MEMBERS:
        if member in body and member not in allowed:
            raise unsupported(member)
    fields = copy.deepcopy(stored) if stored is not None else defaults_for(request.kind, request.uuid)
    if request.creating:
        _apply_create_only(request, body, fields)
    check_ranges(request.source, body)
    for member, applier in APPLIERS.items():
        if member in body:
            applier(request, member, body[member], fields)
    _check_required(request, body, fields)
    _check_queue_mode(body, fields)
    _check_combinations(request.kind, fields)
    return fields


# ---------------------------------------------------------------- Create-only members (docs/aws-behaviour.md §2)


def _apply_create_only(request: Request, body: dict[str, Any], fields: dict[str, Any]) -> None:
    kind = request.kind
    position = body.get("StartingPosition")
    if kind in STARTING_POSITION_REQUIRED and position is None and not _queue_mode(body):
        # docs/aws-behaviour.md §4: StartingPosition missing (streams; §3 MSK/Kafka required).
        raise null_error("startingPosition")
    if position is not None:
        if kind == DYNAMODB and position == "AT_TIMESTAMP":
            # docs/aws-behaviour.md §4: DynamoDB answers this for AT_TIMESTAMP.
            raise invalid_parameter(f"Unsupported starting position for arn type: {request.event_source_arn}")
        fields["StartingPosition"] = position
    if "StartingPositionTimestamp" in body:
        if position != "AT_TIMESTAMP":
            # docs/aws-behaviour.md §2: "only with AT_TIMESTAMP".  CHOICE: the text.
            raise invalid_parameter("StartingPositionTimestamp can only be set when StartingPosition is AT_TIMESTAMP.")
        stamp = as_timestamp(body["StartingPositionTimestamp"])
        if stamp > time.time() + 1:
            # docs/aws-behaviour.md §2: "must not be in the future".  CHOICE: the text.
            raise invalid_parameter("StartingPositionTimestamp cannot be in the future.")
        fields["StartingPositionTimestamp"] = _kept(stamp, request.config.stored_timestamp_precision)
    elif position == "AT_TIMESTAMP":
        # docs/aws-behaviour.md §2: AT_TIMESTAMP needs StartingPositionTimestamp.  CHOICE: the text.
        raise invalid_parameter("StartingPositionTimestamp must be set when StartingPosition is AT_TIMESTAMP.")

    # docs/aws-behaviour.md §2: Topics (MSK, Kafka) and Queues (MQ) hold exactly 1 item (botocore
    # checks only the minimum).
    for member, kinds in (("Topics", KAFKA_KINDS), ("Queues", {MQ})):
        if kind in kinds:
            items = body.get(member)
            if items is None:
                raise null_error(camel(member))
            if len(as_list(member, items)) != 1:
                raise too_many(camel(member), 1, items)
            fields[member] = list(items)
    if kind == KAFKA:
        servers = body["SelfManagedEventSource"]["Endpoints"]["KAFKA_BOOTSTRAP_SERVERS"]
        if len(as_list("KAFKA_BOOTSTRAP_SERVERS", servers)) > 10:  # docs/aws-behaviour.md §2: 1..10
            raise too_many("selfManagedEventSource.endpoints", 10)
        # docs/aws-behaviour.md §3: "AWS returns the bootstrap brokers in sorted order" [T].
        fields["SelfManagedEventSource"] = {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": sorted(servers)}}


def _queue_mode(body: dict[str, Any]) -> bool:
    config = body.get("SelfManagedKafkaEventSourceConfig")
    return isinstance(config, dict) and config.get("ConsumptionMode") == "Queue"


def _kept(stamp: float, precision: str) -> float:
    """The timestamp held: what the wire carried (rest-json epoch seconds, a fraction where the SDK sends one), or
    cut to the configured unit (model.EsmConfig.stored_timestamp_precision)."""
    per_second = TIMESTAMP_UNITS[precision]
    if per_second is None:
        return stamp
    return math.floor(round(stamp * 1_000_000) * per_second / 1_000_000) / per_second


# ---------------------------------------------------------------- scalar members (ranges: model.RANGES)


def _store(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    fields[member] = value


def _batching_window(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    if request.source.fifo and value != 0:
        # docs/aws-behaviour.md §4: "Batching window is not supported for FIFO queues"; the error text
        # is not found (§12 item 7).  CHOICE: that sentence, and only a non-zero
        # window is refused (0 is what the service returns).
        raise invalid_parameter("Batching window is not supported for FIFO queues.")
    fields[member] = value


def _record_age(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    if 0 <= value < 60:
        # docs/aws-behaviour.md §4: "values less than 60 and greater than -1 … are not allowed".
        raise invalid_parameter("MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800 seconds.")
    fields[member] = value


def _flag(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    fields[member] = bool(value)


def _response_types(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    types = as_list(member, value)
    if len(types) > 1:  # docs/aws-behaviour.md §2 / §4: 0..1 items
        raise too_many("functionResponseTypes", 1)
    if types or request.kind in EMPTY_RESPONSE_TYPES_SHOWN:
        fields[member] = list(types)
    else:
        fields.pop(member, None)


# ---------------------------------------------------------------- struct members


def _struct_or_clear(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    struct = as_dict(member, value)
    if struct:
        fields[member] = dict(struct)
    else:
        # docs/aws-behaviour.md §2: Terraform clears ScalingConfig by sending {} on Update.  LoggingConfig:
        # docs/aws-behaviour.md §12 item 4, not verified.  CHOICE: {} clears.
        fields.pop(member, None)


def _filter_criteria(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    filters = as_list("FilterCriteria.Filters", as_dict(member, value).get("Filters") or [])
    if not filters:
        # docs/aws-behaviour.md §7: FilterCriteria {} on Update clears; {"Filters": []} on create is
        # accepted and the response has no FilterCriteria key.
        fields.pop(member, None)
        return
    if len(filters) > MAX_FILTERS:
        # docs/aws-behaviour.md §4: 5 filters by default; "Create fails if the quota is exceeded".  CHOICE: the text.
        raise invalid_parameter(f"The number of filters exceeds the limit of {MAX_FILTERS}.")
    stored = []
    for item in filters:
        pattern = item.get("Pattern") if isinstance(item, dict) else None
        if not is_valid_filter_pattern(pattern):
            # docs/aws-behaviour.md §7: "Invalid filter pattern definition." [R].  CHOICE: a filter
            # without Pattern is invalid too.
            raise invalid_parameter("Invalid filter pattern definition.")
        if request.config.normalise_patterns:
            # docs/aws-behaviour.md §12 item 1: whether AWS normalises patterns is unknown;
            # this switch lets tests check a module copes with both.
            pattern = json.dumps(json.loads(pattern), sort_keys=True, separators=(",", ":"))
        stored.append({"Pattern": pattern})  # docs/aws-behaviour.md §12 item 1: stored as sent by default
    fields[member] = {"Filters": stored}


def _destination(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    config = as_dict(member, value)
    on_success = config.get("OnSuccess")
    if isinstance(on_success, dict) and on_success.get("Destination"):
        # docs/aws-behaviour.md §2: OnSuccess is "not supported in Create/UpdateEventSourceMapping".  CHOICE: the text.
        raise invalid_parameter("Unsupported OnSuccess destination for given event source mapping type.")
    on_failure = config.get("OnFailure")
    destination: str | None = None
    if on_failure is not None:
        on_failure = as_dict("DestinationConfig.OnFailure", on_failure)
        if "Destination" not in on_failure:
            # docs/aws-behaviour.md §2: the server rejects DestinationConfig {"OnFailure": {}} [T].
            raise invalid_parameter("The Destination field is required for an OnFailure configuration.")
        destination = on_failure["Destination"]
        if not isinstance(destination, str):
            raise type_error("DestinationConfig.onFailure.destination", "a string")
        if destination.startswith("kafka://") and request.kind not in KAFKA_KINDS:
            # docs/aws-behaviour.md §9: kafka:// destinations are for MSK and Kafka.
            raise invalid_parameter("Kafka destinations are only supported for Kafka event sources.")
        if destination and not (destination.startswith("kafka://") or EVENT_SOURCE_ARN.fullmatch(destination)):
            raise pattern_error("destinationConfig.onFailure.destination", destination, "$|kafka://…|arn:…")
    if destination:
        fields[member] = {"OnFailure": {"Destination": destination}}
    elif request.kind in STREAM_KINDS:
        # docs/aws-behaviour.md §2 / §12 item 4: how to clear DestinationConfig is not found; the model
        # allows Destination "".  CHOICE: both {} and {"OnFailure": {"Destination": ""}}
        # clear it.  Streams then return {"OnFailure": {}} again (docs/aws-behaviour.md §3).
        fields[member] = {"OnFailure": {}}
    else:
        fields.pop(member, None)


def _source_access(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    entries = as_list(member, value)
    if len(entries) > 22:  # docs/aws-behaviour.md §2: 0..22 items
        raise too_many("sourceAccessConfigurations", 22)
    allowed = SOURCE_ACCESS_TYPES_BY_KIND.get(request.kind, frozenset())
    cleaned: list[dict[str, Any]] = []
    for entry in entries:
        access_type = as_dict("SourceAccessConfigurations.member", entry).get("Type")
        if access_type == "VIRTUAL_HOST" and not request.creating:
            # docs/aws-behaviour.md §2 / §13: VIRTUAL_HOST "cannot be specified in an UpdateEventSourceMapping
            # API call".  CHOICE: the text.
            raise invalid_parameter("VIRTUAL_HOST cannot be specified in an UpdateEventSourceMapping API call.")
        if access_type not in allowed:
            # docs/aws-behaviour.md §9 table of types per source.  CHOICE: the text.
            raise invalid_parameter(
                f"Unsupported SourceAccessConfigurations type {access_type} for given event source mapping type."
            )
        if access_type in NO_URI_ACCESS_TYPES and "URI" in entry:
            # The model: "Omit the URI field for this type".  CHOICE: a URI is refused, with this text.
            raise invalid_parameter(f"URI is not supported for SourceAccessConfigurations type {access_type}.")
        if access_type not in NO_URI_ACCESS_TYPES and not entry.get("URI"):
            # CHOICE: every other type needs its URI (the model makes URI optional).
            raise invalid_parameter(f"URI is required for SourceAccessConfigurations type {access_type}.")
        cleaned.append(dict(entry))
    types = {entry.get("Type") for entry in cleaned}
    for access_type, needs in ACCESS_TYPE_REQUIRES.items():
        if access_type in types and not types & needs:
            # The model's SourceAccessType documentation.  CHOICE: the text.
            raise invalid_parameter(
                f"SourceAccessConfigurations type {access_type} requires {' or '.join(sorted(needs))}."
            )
    for access_type, excluded in ACCESS_TYPE_EXCLUDES.items():
        if access_type in types and types & excluded:
            raise invalid_parameter(
                f"SourceAccessConfigurations type {access_type} does not support {', '.join(sorted(types & excluded))}."
            )
    if request.kind == KAFKA and not cleaned:
        # docs/aws-behaviour.md §9: Kafka requires SourceAccessConfigurations (CHOICE: also on Update).
        raise _missing_source_access()
    if not request.creating and request.config.mq_update_keeps_virtual_host:
        # Assumed (no public source): an MQ mapping is RabbitMQ when it was created with a VIRTUAL_HOST
        # entry (docs/aws-behaviour.md §9: VIRTUAL_HOST is RabbitMQ only).  docs/aws-behaviour.md §2: VIRTUAL_HOST is
        # immutable.  docs/aws-behaviour.md §13: keeping it is likely but not verified.  CHOICE: an
        # Update replaces the other entries and keeps the stored VIRTUAL_HOST entry,
        # so a RabbitMQ mapping stays RabbitMQ; configure(mq_update_keeps_virtual_host
        # =False) drops it instead, so callers can be tested against both.
        kept = [e for e in fields.get(member, []) if e.get("Type") == "VIRTUAL_HOST"]
        cleaned = kept + cleaned
    # docs/aws-behaviour.md §9: the order it comes back in was not verified.  CHOICE: as sent.
    if cleaned:
        fields[member] = cleaned
    else:
        fields.pop(member, None)


def _missing_source_access() -> ApiError:
    return invalid_parameter("Required 'sourceAccessConfigurations' parameter is missing.")


def _kafka_config(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    config = dict(as_dict(member, value))
    current = dict(fields.get(member, {"ConsumerGroupId": request.uuid}))
    group = config.get("ConsumerGroupId")
    if group is not None:
        if not isinstance(group, str) or not 1 <= len(group) <= 200:  # docs/aws-behaviour.md §2: 1..200
            raise length_error(f"{camel(member)}.consumerGroupId", str(group), 1, 200)
        if not request.creating and group != current.get("ConsumerGroupId"):
            # docs/aws-behaviour.md §2: ConsumerGroupId "cannot update".  CHOICE: the text.
            raise invalid_parameter("ConsumerGroupId cannot be updated.")
        current["ConsumerGroupId"] = group
    mode = config.get("ConsumptionMode")
    if mode is not None:
        if request.kind != KAFKA:
            raise unsupported(f"{member}.ConsumptionMode")
        if not request.creating and mode != current.get("ConsumptionMode", "Stream"):
            # The model: "You cannot change ConsumptionMode after you create the event source mapping".
            # CHOICE: the text; resending the held mode is accepted.
            raise invalid_parameter("ConsumptionMode cannot be updated.")
        if request.creating:
            # Stored as sent: a mapping created without it answers without it (Stream, the model's default).
            current["ConsumptionMode"] = mode
    if "SchemaRegistryConfig" in config:
        registry = config["SchemaRegistryConfig"]
        if registry:
            current["SchemaRegistryConfig"] = registry
        else:
            # CHOICE: {} removes the schema registry (not in the reference).
            current.pop("SchemaRegistryConfig", None)
    fields[member] = current


def _merge(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    fields[member] = {**fields.get(member, {}), **as_dict(member, value)}


def _docdb_config(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    namespace = sorted(camel(key) for key in ("DatabaseName", "CollectionName") if key in as_dict(member, value))
    if namespace and not request.creating and not request.config.docdb_update_accepts_namespace:
        # docs/aws-behaviour.md §2: the answer aws/aws-cli#7756 reports for an Update that carries them.
        raise invalid_parameter(f"Invalid parameters: {', '.join(namespace)}")
    _merge(request, member, value, fields)


def _kms_key(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    if value == "":
        # docs/aws-behaviour.md §2: the KMSKeyArn pattern accepts "".  §12 item 4: the clearing
        # encoding is not verified.  CHOICE: "" clears.
        fields.pop(member, None)
    else:
        fields[member] = value


def _metrics(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    names = as_list("MetricsConfig.Metrics", as_dict(member, value).get("Metrics") or [])
    if len(names) > 3:  # docs/aws-behaviour.md §2: 0..3
        raise too_many("metricsConfig.metrics", 3)
    if request.kind not in KAFKA_KINDS and KAFKA_ONLY_METRICS.intersection(names):
        # docs/aws-behaviour.md §9: ErrorCount and KafkaMetrics are for MSK and Kafka.
        raise invalid_parameter("The ErrorCount and KafkaMetrics metrics are only supported for Kafka event sources.")
    if names:
        fields[member] = {"Metrics": list(names)}
    else:
        # docs/aws-behaviour.md §2 / §12 item 4: clearing encoding not verified; emulators send {}.
        # CHOICE: {} and {"Metrics": []} both clear.
        fields.pop(member, None)


def _pollers(request: Request, member: str, value: Any, fields: dict[str, Any]) -> None:
    config = dict(as_dict(member, value))
    if not config:
        # docs/aws-behaviour.md §2 / §12 item 4: not verified; emulators send {}.  CHOICE: {} clears.
        fields.pop(member, None)
        return
    # Ranges are in model.RANGES (docs/aws-behaviour.md §13); min <= max is judged on what the mapping
    # would hold: sent, else held, else the default.
    merged = {**DEFAULT_POLLERS[request.kind], **fields.get(member, {}), **config}
    if merged["MinimumPollers"] > merged["MaximumPollers"]:
        # docs/aws-behaviour.md §13: min <= max.  CHOICE: the text (not in the reference).
        raise invalid_parameter("MinimumPollers must be less than or equal to MaximumPollers.")
    held = {**fields.get(member, {}), **config}
    if "PollerGroupName" in config:
        name = config["PollerGroupName"]
        if request.kind not in KAFKA_KINDS:
            # docs/aws-behaviour.md §13: PollerGroupName is for MSK and self-managed Kafka only.
            raise unsupported("ProvisionedPollerConfig.PollerGroupName")
        if not isinstance(name, str) or len(name) > 128 or not POLLER_GROUP_NAME.fullmatch(name):
            raise pattern_error("provisionedPollerConfig.pollerGroupName", name, POLLER_GROUP_NAME.pattern)
        if name == "":
            # docs/aws-behaviour.md §4: 'set "" to leave the group'.
            held.pop("PollerGroupName", None)
    fields[member] = held


# The applier of each member, in the order they run.
APPLIERS: dict[str, Applier] = {
    "BatchSize": _store,
    "MaximumBatchingWindowInSeconds": _batching_window,
    "ParallelizationFactor": _store,
    "TumblingWindowInSeconds": _store,
    "MaximumRetryAttempts": _store,
    "MaximumRecordAgeInSeconds": _record_age,
    "BisectBatchOnFunctionError": _flag,
    "FunctionResponseTypes": _response_types,
    "FilterCriteria": _filter_criteria,
    "DestinationConfig": _destination,
    "ScalingConfig": _struct_or_clear,
    "SourceAccessConfigurations": _source_access,
    "AmazonManagedKafkaEventSourceConfig": _kafka_config,
    "SelfManagedKafkaEventSourceConfig": _kafka_config,
    "DocumentDBEventSourceConfig": _docdb_config,
    "KMSKeyArn": _kms_key,
    "MetricsConfig": _metrics,
    "LoggingConfig": _struct_or_clear,
    "ProvisionedPollerConfig": _pollers,
}


# ---------------------------------------------------------------- rules on the resulting fields


def _check_queue_mode(body: dict[str, Any], fields: dict[str, Any]) -> None:
    if fields.get("SelfManagedKafkaEventSourceConfig", {}).get("ConsumptionMode") != "Queue":
        return
    for member in NOT_IN_QUEUE_MODE:
        if member in body:
            # The model: not supported "when ConsumptionMode is Queue".  CHOICE: the text.
            raise invalid_parameter(f"{member} is not supported when ConsumptionMode is Queue.")


def _check_required(request: Request, body: dict[str, Any], fields: dict[str, Any]) -> None:
    if request.creating and request.kind == KAFKA and "SourceAccessConfigurations" not in body:
        # docs/aws-behaviour.md §9: self-managed Kafka with no SourceAccessConfigurations.
        raise _missing_source_access()
    types = {entry.get("Type") for entry in fields.get("SourceAccessConfigurations", [])}
    if request.creating and request.kind in (MQ, DOCDB) and "BASIC_AUTH" not in types:
        # docs/aws-behaviour.md §9: Amazon MQ and DocumentDB read with the credentials of a BASIC_AUTH secret.
        # CHOICE: the Kafka text when the list is missing, this one when it lacks the secret.
        if "SourceAccessConfigurations" not in body:
            raise _missing_source_access()
        raise invalid_parameter("A BASIC_AUTH SourceAccessConfiguration is required for this event source.")
    if request.kind == DOCDB and not fields.get("DocumentDBEventSourceConfig", {}).get("DatabaseName"):
        # Assumed (not yet in docs/aws-behaviour.md): DocumentDBEventSourceConfig.DatabaseName is required.  CHOICE: the
        # §4 "must not be null" text.
        raise null_error("documentDBEventSourceConfig.databaseName")


def _kafka_error_handling(fields: dict[str, Any]) -> list[str]:
    """docs/aws-behaviour.md §9: the error handling settings a Kafka mapping holds (AWS's defaults are none)."""
    destination = fields.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination", "")
    held = {
        "BisectBatchOnFunctionError": fields.get("BisectBatchOnFunctionError") is True,
        "MaximumRetryAttempts": fields.get("MaximumRetryAttempts", -1) != -1,
        "MaximumRecordAgeInSeconds": fields.get("MaximumRecordAgeInSeconds", -1) != -1,
        "FunctionResponseTypes": bool(fields.get("FunctionResponseTypes")),
        "DestinationConfig": destination.startswith("kafka://"),
    }
    return [member for member, set_ in held.items() if set_]


def _check_kafka(fields: dict[str, Any]) -> None:
    destination = fields.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination", "")
    if destination.startswith("kafka://") and destination[len("kafka://") :] in fields.get("Topics", []):
        # docs/aws-behaviour.md §9: "Lambda prevents infinite loops by blocking configurations where the source and
        # destination topics are the same" [Docs kafka-on-failure-destination].  CHOICE: the text.
        raise invalid_parameter("The on-failure destination topic must not be the source topic.")
    needing = _kafka_error_handling(fields)
    if needing and not fields.get("ProvisionedPollerConfig"):
        # docs/aws-behaviour.md §9: "select provisioned mode to configure error handling controls" [Docs
        # kafka-retry-configurations], judged on what the mapping would hold.  CHOICE: the text.
        raise invalid_parameter(
            f"{', '.join(needing)} require provisioned mode: configure ProvisionedPollerConfig for this event source mapping."
        )


def _check_combinations(kind: str, fields: dict[str, Any]) -> None:
    if kind in KAFKA_KINDS:
        _check_kafka(fields)
    if kind != SQS:
        return
    if "MaximumConcurrency" in fields.get("ScalingConfig", {}) and fields.get("ProvisionedPollerConfig"):
        # docs/aws-behaviour.md §13: maximum concurrency and provisioned mode "are mutually exclusive
        # options" [D services-sqs-scaling], judged on what the mapping would hold (so
        # ScalingConfig {} sent with pollers is fine).  The text is not found.  CHOICE: this text.
        raise invalid_parameter(
            "ScalingConfig.MaximumConcurrency and ProvisionedPollerConfig are mutually exclusive "
            "for Amazon SQS event sources."
        )
    if fields.get("BatchSize", 10) > 10 and fields.get("MaximumBatchingWindowInSeconds", 0) < 1:
        # docs/aws-behaviour.md §4: on create AND update, with the stored values when not sent.
        # CHOICE (§4 / §12 item 7): streams are not checked.
        raise invalid_parameter(
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"
        )
