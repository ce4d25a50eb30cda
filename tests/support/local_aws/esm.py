"""An in-memory Lambda event source mapping (ESM) service that copies AWS.

Every rule cites the section of ``docs/aws-behaviour.md`` (written
"ref §N") it copies.  Where the reference says a behaviour is "not verified" or
"not found", the comment says "CHOICE" and explains what was picked.

Functions, queues, streams and tables live in moto; this module only reads
them through moto's in-process backends (``lambda_backends``, ``sqs_backends``,
``kinesis_backends``, ``dynamodbstreams_backends``).
"""

from __future__ import annotations

import base64
import copy
import json
import re
import threading
import time
import uuid as uuidlib
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .errors import ApiError, conflict, in_use, invalid_parameter, not_found, validation

DEFAULT_ACCOUNT = "123456789012"  # moto's DEFAULT_ACCOUNT_ID

SQS = "sqs"
KINESIS = "kinesis"
DYNAMODB = "dynamodb"
MSK = "msk"
KAFKA = "kafka"  # self-managed Apache Kafka
MQ = "mq"
DOCDB = "docdb"

STREAM_KINDS = frozenset({KINESIS, DYNAMODB})
KAFKA_KINDS = frozenset({MSK, KAFKA})

# ref §5: the states are Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting.
TRANSITIONAL_STATES = frozenset({"Creating", "Enabling", "Disabling", "Updating", "Deleting"})

# ref §2 (pattern of EventSourceArn in the model).
_EVENT_SOURCE_ARN = re.compile(
    r"arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)"
)
# ref §2 / §6: FunctionName may be a name, a full ARN or a partial ARN, each with
# an optional ":qualifier" ($LATEST, $LATEST.PUBLISHED, version, alias).
_FUNCTION_NAME = re.compile(
    r"^(?:arn:(?P<partition>aws[a-zA-Z-]*)?:lambda:)?"
    r"(?:(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?"
    r"(?:(?P<account>\d{12}):)?"
    r"(?:function:)?"
    r"(?P<name>[a-zA-Z0-9_-]+)"
    r"(?::(?P<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$"
)
# ref §8: an ESM ARN is arn:…:lambda:<region>:<acct>:event-source-mapping:<uuid>.
ESM_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-zA-Z-]*)?:lambda:(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):"
    r"(?P<account>\d{12}):event-source-mapping:"
    r"(?P<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)
_KMS_KEY_ARN = re.compile(r"(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()")  # ref §2
_POLLER_GROUP_NAME = re.compile(r"[a-zA-Z0-9-_]*")  # ref §2

STARTING_POSITIONS = ("LATEST", "AT_TIMESTAMP", "TRIM_HORIZON")  # order as in the §4 message
FUNCTION_RESPONSE_TYPES = ("ReportBatchItemFailures",)  # ref §2
SOURCE_ACCESS_TYPES = (  # ref §9, enum order as in the model
    "BASIC_AUTH",
    "VPC_SUBNET",
    "VPC_SECURITY_GROUP",
    "SASL_SCRAM_512_AUTH",
    "SASL_SCRAM_256_AUTH",
    "VIRTUAL_HOST",
    "CLIENT_CERTIFICATE_TLS_AUTH",
    "SERVER_ROOT_CA_CERTIFICATE",
)
# ref §9: which SourceAccessConfigurations types apply to which source.
# CHOICE: DocumentDB takes BASIC_AUTH (the reference says the exact type "was not verified").
SOURCE_ACCESS_TYPES_BY_KIND: dict[str, frozenset[str]] = {
    MQ: frozenset({"BASIC_AUTH", "VIRTUAL_HOST"}),
    MSK: frozenset({"SASL_SCRAM_512_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH"}),
    KAFKA: frozenset(
        {
            "BASIC_AUTH",
            "VPC_SUBNET",
            "VPC_SECURITY_GROUP",
            "SASL_SCRAM_512_AUTH",
            "SASL_SCRAM_256_AUTH",
            "CLIENT_CERTIFICATE_TLS_AUTH",
            "SERVER_ROOT_CA_CERTIFICATE",
        }
    ),
    DOCDB: frozenset({"BASIC_AUTH"}),
}
METRICS = ("EventCount", "ErrorCount", "KafkaMetrics")  # ref §2
KAFKA_ONLY_METRICS = frozenset({"ErrorCount", "KafkaMetrics"})  # ref §9
LOG_LEVELS = ("DEBUG", "INFO", "WARN")  # ref §2
FULL_DOCUMENT = ("UpdateLookup", "Default")  # ref §2

# Members whose applicability depends on the source (ref §3, §9).  BatchSize,
# MetricsConfig, FunctionName, Enabled and Tags apply to every source.
_CHECKED_MEMBERS = (
    "StartingPosition",
    "StartingPositionTimestamp",
    "MaximumBatchingWindowInSeconds",
    "ParallelizationFactor",
    "FilterCriteria",
    "DestinationConfig",
    "MaximumRecordAgeInSeconds",
    "BisectBatchOnFunctionError",
    "MaximumRetryAttempts",
    "TumblingWindowInSeconds",
    "FunctionResponseTypes",
    "Topics",
    "Queues",
    "SourceAccessConfigurations",
    "AmazonManagedKafkaEventSourceConfig",
    "SelfManagedKafkaEventSourceConfig",
    "ScalingConfig",
    "DocumentDBEventSourceConfig",
    "KMSKeyArn",
    "LoggingConfig",
    "ProvisionedPollerConfig",
)
_KAFKA_COMMON = frozenset(
    {
        # ref §4: StartingPosition (with AT_TIMESTAMP) required for MSK and Kafka.
        "StartingPosition",
        "StartingPositionTimestamp",
        "MaximumBatchingWindowInSeconds",
        # ref §7: filtering works for MSK and self-managed Kafka.
        "FilterCriteria",
        # ref §3 / §9: DestinationConfig supported; Kafka error handling
        # (bisect, retries, record age, FunctionResponseTypes) since 1.41.2.
        "DestinationConfig",
        "MaximumRecordAgeInSeconds",
        "BisectBatchOnFunctionError",
        "MaximumRetryAttempts",
        "FunctionResponseTypes",
        "Topics",  # ref §2: exactly 1 item
        "SourceAccessConfigurations",
        "ProvisionedPollerConfig",  # ref §2: SQS, MSK and self-managed Kafka
        "LoggingConfig",  # ref §2: MSK and self-managed Kafka only
        "KMSKeyArn",  # ref §9: all sources that support filtering
    }
)
ALLOWED_MEMBERS: dict[str, frozenset[str]] = {
    # ref §3 (SQS column), §2 (ScalingConfig SQS only; ProvisionedPollerConfig SQS),
    # §7 (filtering), §9 (KMSKeyArn for sources that filter).
    SQS: frozenset(
        {
            "MaximumBatchingWindowInSeconds",
            "FilterCriteria",
            "FunctionResponseTypes",
            "ScalingConfig",
            "ProvisionedPollerConfig",
            "KMSKeyArn",
        }
    ),
    # ref §3 (Kinesis/DynamoDB columns), §4 (ParallelizationFactor and
    # TumblingWindowInSeconds: Kinesis and DynamoDB only).
    KINESIS: frozenset(
        {
            "StartingPosition",
            "StartingPositionTimestamp",
            "MaximumBatchingWindowInSeconds",
            "ParallelizationFactor",
            "FilterCriteria",
            "DestinationConfig",
            "MaximumRecordAgeInSeconds",
            "BisectBatchOnFunctionError",
            "MaximumRetryAttempts",
            "TumblingWindowInSeconds",
            "FunctionResponseTypes",
            "KMSKeyArn",
        }
    ),
    MSK: _KAFKA_COMMON | {"AmazonManagedKafkaEventSourceConfig"},
    KAFKA: _KAFKA_COMMON | {"SelfManagedKafkaEventSourceConfig"},
    # ref §3 (MQ column: DestinationConfig n/a, retries n/a), §7 (filtering works
    # for MQ), §2 (Queues exactly 1).
    MQ: frozenset(
        {"MaximumBatchingWindowInSeconds", "FilterCriteria", "Queues", "SourceAccessConfigurations", "KMSKeyArn"}
    ),
    # ref §3 (DocumentDB column: StartingPosition accepted, filtering not supported),
    # §9 (DocumentDBEventSourceConfig; SourceAccessConfigurations per SAM).
    DOCDB: frozenset(
        {
            "MaximumBatchingWindowInSeconds",
            "StartingPosition",
            "StartingPositionTimestamp",
            "DocumentDBEventSourceConfig",
            "SourceAccessConfigurations",
        }
    ),
}
ALLOWED_MEMBERS[DYNAMODB] = ALLOWED_MEMBERS[KINESIS]

# ref §3: StateTransitionReason is "USER_INITIATED" for SQS and Kafka and
# "User action" for streams.  CHOICE: MSK, MQ and DocumentDB use "USER_INITIATED"
# like the other poller-based sources (not recorded).
STATE_TRANSITION_REASON = {
    SQS: "USER_INITIATED",
    KINESIS: "User action",
    DYNAMODB: "User action",
    MSK: "USER_INITIATED",
    KAFKA: "USER_INITIATED",
    MQ: "USER_INITIATED",
    DOCDB: "USER_INITIATED",
}

MAX_FILTERS = 5  # ref §4: "Filters per ESM: 5 by default"
PAGE_LIMIT = 100  # ref §6: "returns a maximum of 100 items in each response"


@dataclass(frozen=True)
class FunctionRef:
    """A function named by FunctionName, resolved to account, region and qualifier."""

    partition: str
    region: str
    account: str
    name: str
    qualifier: str | None

    @property
    def arn(self) -> str:
        # ref §6 Qualifiers: name → unqualified ARN; name:$LATEST, name:1,
        # name:alias (and ARNs) keep their qualifier in FunctionArn.
        base = f"arn:{self.partition}:lambda:{self.region}:{self.account}:function:{self.name}"
        return f"{base}:{self.qualifier}" if self.qualifier else base


@dataclass(frozen=True)
class Source:
    kind: str
    fifo: bool = False


@dataclass
class EsmConfig:
    transition_seconds: float = 0.0
    normalise_patterns: bool = False
    # ref §13: whether an Update without VIRTUAL_HOST keeps the held one is not verified.
    mq_update_keeps_virtual_host: bool = True


@dataclass
class Mapping:
    uuid: str
    seq: int
    partition: str
    region: str
    account: str
    kind: str
    fifo: bool
    event_source_arn: str | None
    function_arn: str
    fields: dict[str, Any]
    enabled: bool
    state: str
    settle_at: float
    last_modified: float
    deleting: bool = False
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:{self.partition}:lambda:{self.region}:{self.account}:event-source-mapping:{self.uuid}"

    def current_state(self, now: float) -> str:
        # ref §5: a transitional state settles to Enabled/Disabled.  Settling is
        # lazy: the state is computed from timestamps when read.
        if self.deleting:
            return "Deleting"
        if now >= self.settle_at:
            return "Enabled" if self.enabled else "Disabled"
        return self.state


# --------------------------------------------------------------------------- helpers


def _camel(member: str) -> str:
    return member[:1].lower() + member[1:]


def _member_error_range(member: str, value: Any, low: int, high: int) -> ApiError:
    # CHOICE: the reference gives no text for out-of-range values; the service's
    # Coral-style text (as in the §4 StartingPosition message) is used, with
    # InvalidParameterValueException as the brief asks.
    bound = f"greater than or equal to {low}" if value < low else f"less than or equal to {high}"
    return invalid_parameter(
        f"1 validation error detected: Value '{value}' at '{_camel(member)}' "
        f"failed to satisfy constraint: Member must have value {bound}"
    )


def _enum_error(path: str, value: Any, allowed: tuple[str, ...]) -> ApiError:
    # ref §4: a bad enum is a ValidationException "…Member must satisfy enum value set: […]".
    return validation(
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]"
    )


def _length_error(path: str, value: Any, low: int, high: int) -> ApiError:
    # CHOICE: string length violations are model constraints, answered like the
    # enum violation of §4 (ValidationException, Coral text).
    bound = f"greater than or equal to {low}" if len(value) < low else f"less than or equal to {high}"
    return validation(
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must have length {bound}"
    )


def _null_error(path: str) -> ApiError:
    # ref §4: the text for a missing required member (as for startingPosition).
    return invalid_parameter(
        f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null."
    )


def _pattern_error(path: str, value: Any, pattern: str) -> ApiError:
    return validation(
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {pattern}"
    )


def _unsupported(member: str) -> ApiError:
    # ref §3: SQS + DestinationConfig answers "Unsupported DestinationConfig
    # parameter for given event source mapping type." [R].  CHOICE: the same
    # wording is used for every member that does not apply to the source (§9).
    return invalid_parameter(f"Unsupported {member} parameter for given event source mapping type.")


def _int(member: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise validation(f"1 validation error detected: Value '{value}' at '{_camel(member)}' must be an integer")
    return value


def _check_range(member: str, value: Any, low: int, high: int) -> int:
    number = _int(member, value)
    if not low <= number <= high:
        raise _member_error_range(member, number, low, high)
    return number


def _dict(member: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise validation(f"1 validation error detected: Value at '{_camel(member)}' must be a structure")
    return value


def _list(member: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise validation(f"1 validation error detected: Value at '{_camel(member)}' must be a list")
    return value


def _timestamp(value: Any) -> float:
    # rest-json sends timestamps as epoch seconds (numbers); accept ISO 8601 from raw clients.
    if isinstance(value, bool):
        raise validation("1 validation error detected: Value at 'startingPositionTimestamp' must be a timestamp")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed.timestamp()
    raise validation("1 validation error detected: Value at 'startingPositionTimestamp' must be a timestamp")


def _is_valid_pattern_value(value: Any) -> bool:
    # ref §7: a leaf must be a non-empty array ({"k": "v"} and {"k": []} are
    # "Invalid filter pattern definition." [R]); nested objects recurse.
    # CHOICE: empty objects and nested arrays are rejected too (EventBridge rules).
    if isinstance(value, dict):
        return bool(value) and all(_is_valid_pattern_value(v) for v in value.values())
    if isinstance(value, list):
        return bool(value) and not any(isinstance(item, list) for item in value)
    return False


def is_valid_filter_pattern(pattern: Any) -> bool:
    """ref §7: null, non-JSON, non-array leaf and empty array are invalid."""
    if not isinstance(pattern, str):
        return False
    try:
        document = json.loads(pattern)
    except ValueError:
        return False
    return isinstance(document, dict) and _is_valid_pattern_value(document)


def parse_function_name(value: str, region: str, account: str) -> FunctionRef | None:
    """Resolve FunctionName (name, partial ARN, full ARN, each ± qualifier)."""
    match = _FUNCTION_NAME.match(value or "")
    if not match:
        return None
    return FunctionRef(
        partition=match.group("partition") or "aws",
        region=match.group("region") or region,
        account=match.group("account") or account,
        name=match.group("name"),
        qualifier=match.group("qualifier"),
    )


def function_exists(ref: FunctionRef) -> bool:
    """Ask moto's in-process lambda backend whether the (qualified) function exists."""
    from moto.awslambda.models import lambda_backends

    try:
        backend = lambda_backends[ref.account][ref.region]
        # moto resolves $LATEST, published versions and aliases from the qualifier.
        backend.get_function(ref.name, ref.qualifier)
    except Exception:  # moto raises UnknownFunctionException (or KeyError for odd regions)
        return False
    return True


def function_timeout(ref: FunctionRef) -> int:
    """The function's Timeout in seconds, from moto's lambda backend (moto's default is 3)."""
    from moto.awslambda.models import lambda_backends

    return int(lambda_backends[ref.account][ref.region].get_function(ref.name, ref.qualifier).timeout)


def queue_visibility_timeout(queue_arn: str) -> int:
    """The queue's VisibilityTimeout in seconds, from moto's SQS backend (default 30)."""
    from moto.sqs.models import sqs_backends

    parts = queue_arn.split(":", 5)
    queues = sqs_backends[parts[4] or DEFAULT_ACCOUNT][parts[3]].queues.values()
    return int(next(queue for queue in queues if queue.queue_arn == queue_arn).visibility_timeout)


def check_visibility_timeout(queue_arn: str, ref: FunctionRef) -> None:
    """ref §13: an SQS mapping needs VisibilityTimeout >= the function's Timeout."""
    visibility, timeout = queue_visibility_timeout(queue_arn), function_timeout(ref)
    if visibility < timeout:
        # ref §13: the exact text [T hashicorp/terraform-provider-aws#18099].
        raise invalid_parameter(
            f"Queue visibility timeout: {visibility} seconds is less than Function timeout: {timeout} seconds"
        )


def classify_source(event_source_arn: str) -> Source | None:
    """Tell the source kind from the EventSourceArn (brief; ref §9 for DocumentDB)."""
    parts = event_source_arn.split(":", 5)
    if len(parts) < 6:
        return None
    service, resource = parts[2], parts[5]
    if service == "sqs":
        return Source(SQS, fifo=resource.endswith(".fifo"))
    if service == "kinesis" and resource.startswith("stream/"):
        return Source(KINESIS)
    if service == "dynamodb" and re.match(r"^table/[^/]+/stream/.+", resource):
        return Source(DYNAMODB)
    if service == "kafka" and resource.startswith("cluster/"):
        return Source(MSK)
    if service == "mq" and resource.startswith("broker:"):
        return Source(MQ)
    if service == "rds" and resource.startswith("cluster:"):
        # ref §9: DocumentDB's EventSourceArn is the cluster ARN arn:aws:rds:…:cluster:…
        return Source(DOCDB)
    return None


def source_exists(source: Source, event_source_arn: str) -> bool:
    """SQS queues, Kinesis streams and DynamoDB streams must exist in moto.

    MSK, MQ and DocumentDB are not served by this endpoint's moto usage, so
    their ARNs are accepted without a check.
    """
    parts = event_source_arn.split(":", 5)
    region, account = parts[3], parts[4] or DEFAULT_ACCOUNT
    try:
        if source.kind == SQS:
            from moto.sqs.models import sqs_backends

            queues = list(sqs_backends[account][region].queues.values())
            return any(queue.queue_arn == event_source_arn for queue in queues)
        if source.kind == KINESIS:
            from moto.kinesis.models import kinesis_backends

            stream_arn = event_source_arn.split("/consumer/", 1)[0]
            streams = list(kinesis_backends[account][region].streams.values())
            return any(stream.arn == stream_arn for stream in streams)
        if source.kind == DYNAMODB:
            from moto.dynamodbstreams.models import dynamodbstreams_backends

            streams = dynamodbstreams_backends[account][region].list_streams()
            return any(stream["StreamArn"] == event_source_arn for stream in streams)
    except Exception:  # an unknown region in the ARN: nothing exists there
        return False
    return True


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
        # ref §5: a deleted mapping stays visible as Deleting for a while, then
        # GetEventSourceMapping answers 404.
        for key in [k for k, m in self._mappings.items() if m.deleting and now >= m.settle_at]:
            del self._mappings[key]

    def _lookup(self, region: str, uuid: str, now: float) -> Mapping:
        self._purge(now)
        mapping = self._mappings.get(uuid)
        if mapping is None or mapping.region != region:
            # ref §5 / §10: unknown UUID → 404 "The resource you requested does not exist."
            raise not_found()
        return mapping

    # ----------------------------------------------------------------- render

    def _render(self, mapping: Mapping, now: float, *, listing: bool = False) -> dict[str, Any]:
        out = copy.deepcopy(mapping.fields)
        out["UUID"] = mapping.uuid
        # brief / ref §8: EventSourceMappingArn is always present.
        out["EventSourceMappingArn"] = mapping.arn
        out["FunctionArn"] = mapping.function_arn
        # rest-json timestamps are epoch seconds.
        out["LastModified"] = mapping.last_modified
        out["State"] = mapping.current_state(now)
        out["StateTransitionReason"] = STATE_TRANSITION_REASON[mapping.kind]
        if mapping.event_source_arn is not None:
            out["EventSourceArn"] = mapping.event_source_arn
        if mapping.kind != SQS:
            # ref §3: SQS responses have no LastProcessingResult; streams and
            # self-managed Kafka return "No records processed" at first.
            # CHOICE: MSK, MQ and DocumentDB return it as Kafka does (not recorded).
            out["LastProcessingResult"] = "No records processed"
        if listing and "KMSKeyArn" in out and "FilterCriteria" in out:
            # ref §6 / §7 / §13: "If the filter criteria are KMS-encrypted, FilterCriteria
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
                raise _null_error("functionName")
            event_source_arn = body.get("EventSourceArn")
            if event_source_arn is not None and not _EVENT_SOURCE_ARN.fullmatch(str(event_source_arn)):
                # ref §2: EventSourceArn pattern.
                raise _pattern_error("eventSourceArn", event_source_arn, _EVENT_SOURCE_ARN.pattern)
            self._validate_model(body, creating=True)

            # --- the function --------------------------------------------------
            ref = parse_function_name(function_name, region, self.account)
            if ref is None:
                raise _pattern_error("functionName", function_name, _FUNCTION_NAME.pattern)
            if not function_exists(ref):
                # ref §6: "Function missing at Create is InvalidParameterValueException:
                # Function does not exist (400), not ResourceNotFound".
                raise invalid_parameter("Function does not exist")

            # --- the source ----------------------------------------------------
            source = self._resolve_source(body)

            uuid = str(uuidlib.uuid4())
            fields = self._apply(source, None, body, creating=True, uuid=uuid)
            if source.kind == SQS:
                check_visibility_timeout(str(event_source_arn), ref)

            # --- duplicates (ref §6) -------------------------------------------
            duplicate = self._find_duplicate(source.kind, ref.arn, event_source_arn, fields, exclude=None)
            if duplicate is not None:
                raise conflict(self._duplicate_message(source.kind, duplicate, function_name, ref.arn, fields))

            self._seq += 1
            enabled = body.get("Enabled", True)  # ref §2: Enabled default true
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
                # ref §5: Create → Creating, settling to Enabled; Create with
                # Enabled=false → Disabled immediately.
                state="Creating" if enabled else "Disabled",
                settle_at=now + transition if enabled else now,
                last_modified=round(time.time(), 3),
                # ref §8: Tags passed at create are visible through ListTags.
                tags=dict(body.get("Tags") or {}),
            )
            self._mappings[uuid] = mapping
            rendered = self._render(mapping, now)
            # ref §5: the Create response itself shows the immediate state.
            rendered["State"] = mapping.state
            return rendered

    def _resolve_source(self, body: dict[str, Any]) -> Source:
        event_source_arn = body.get("EventSourceArn")
        self_managed = body.get("SelfManagedEventSource")
        if event_source_arn is None:
            endpoints = (self_managed or {}).get("Endpoints") if isinstance(self_managed, dict) else None
            servers = endpoints.get("KAFKA_BOOTSTRAP_SERVERS") if isinstance(endpoints, dict) else None
            if not servers:
                # ref §6: "A missing EventSourceArn or self-managed source gives
                # InvalidParameterValueException: Unrecognized event source."
                raise invalid_parameter("Unrecognized event source.")
            return Source(KAFKA)
        if self_managed is not None:
            # CHOICE: SelfManagedEventSource together with an EventSourceArn.
            raise _unsupported("SelfManagedEventSource")
        source = classify_source(event_source_arn)
        if source is None or not source_exists(source, event_source_arn):
            # ref §6: a missing event source → "Unrecognized event source." (brief).
            raise invalid_parameter("Unrecognized event source.")
        return source

    # ----------------------------------------------------------------- validation

    def _validate_model(self, body: dict[str, Any], *, creating: bool) -> None:
        """Enum, length and pattern checks the service does before anything else."""
        if creating and "StartingPosition" in body and body["StartingPosition"] not in STARTING_POSITIONS:
            # ref §4: bad StartingPosition enum → ValidationException.
            raise _enum_error("startingPosition", body["StartingPosition"], STARTING_POSITIONS)
        for value in body.get("FunctionResponseTypes") or []:
            if value not in FUNCTION_RESPONSE_TYPES:
                raise _enum_error("functionResponseTypes", value, FUNCTION_RESPONSE_TYPES)
        for entry in body.get("SourceAccessConfigurations") or []:
            if isinstance(entry, dict) and entry.get("Type") not in SOURCE_ACCESS_TYPES:
                raise _enum_error("sourceAccessConfigurations.type", entry.get("Type"), SOURCE_ACCESS_TYPES)
        docdb = body.get("DocumentDBEventSourceConfig")
        if isinstance(docdb, dict):
            if "FullDocument" in docdb and docdb["FullDocument"] not in FULL_DOCUMENT:
                raise _enum_error("documentDBEventSourceConfig.fullDocument", docdb["FullDocument"], FULL_DOCUMENT)
            for key, low, high in (("DatabaseName", 1, 63), ("CollectionName", 1, 57)):  # ref §2
                if isinstance(docdb.get(key), str) and not low <= len(docdb[key]) <= high:
                    raise _length_error(f"documentDBEventSourceConfig.{_camel(key)}", docdb[key], low, high)
        logging_config = body.get("LoggingConfig")
        if isinstance(logging_config, dict) and "SystemLogLevel" in logging_config:
            if logging_config["SystemLogLevel"] not in LOG_LEVELS:
                raise _enum_error("loggingConfig.systemLogLevel", logging_config["SystemLogLevel"], LOG_LEVELS)
        metrics = body.get("MetricsConfig")
        if isinstance(metrics, dict):
            for value in metrics.get("Metrics") or []:
                if value not in METRICS:
                    raise _enum_error("metricsConfig.metrics", value, METRICS)
        kms = body.get("KMSKeyArn")
        if isinstance(kms, str) and not _KMS_KEY_ARN.fullmatch(kms):
            raise _pattern_error("kMSKeyArn", kms, _KMS_KEY_ARN.pattern)
        criteria = body.get("FilterCriteria")
        filters = criteria.get("Filters") if isinstance(criteria, dict) else None
        for filt in filters if isinstance(filters, list) else []:
            pattern = filt.get("Pattern") if isinstance(filt, dict) else None
            if isinstance(pattern, str) and len(pattern) > 4096:  # ref §4: Pattern length 0..4096
                raise _length_error("filterCriteria.filters.member.pattern", pattern, 0, 4096)
        if creating:
            for topic in body.get("Topics") or []:
                if isinstance(topic, str) and not 1 <= len(topic) <= 249:  # ref §2
                    raise _length_error("topics.member", topic, 1, 249)
            for queue in body.get("Queues") or []:
                if isinstance(queue, str) and not 1 <= len(queue) <= 1000:  # ref §2
                    raise _length_error("queues.member", queue, 1, 1000)

    def _apply(
        self,
        source: Source,
        stored: dict[str, Any] | None,
        body: dict[str, Any],
        *,
        creating: bool,
        uuid: str,
        event_source_arn: str | None = None,
    ) -> dict[str, Any]:
        """Validate the members of a Create or Update and return the new fields."""
        kind = source.kind
        event_source_arn = body.get("EventSourceArn", event_source_arn)
        allowed = ALLOWED_MEMBERS[kind]
        for member in _CHECKED_MEMBERS:
            if member in body and member not in allowed:
                raise _unsupported(member)

        fields: dict[str, Any] = copy.deepcopy(stored) if stored is not None else self._defaults(kind, uuid)

        # ---- create-only members (ref §2: not on Update) -----------------------
        if creating:
            self._apply_create_only(kind, body, fields, event_source_arn)

        # ---- scalar members --------------------------------------------------
        if "BatchSize" in body:
            # ref §4: BatchSize 1..10000; SQS FIFO max 10.
            high = 10 if source.fifo else 10000
            fields["BatchSize"] = _check_range("BatchSize", body["BatchSize"], 1, high)
        if "MaximumBatchingWindowInSeconds" in body:
            # ref §4: 0..300 whole seconds.
            window = _check_range("MaximumBatchingWindowInSeconds", body["MaximumBatchingWindowInSeconds"], 0, 300)
            if source.fifo and window != 0:
                # ref §4: "Batching window is not supported for FIFO queues"; the
                # error text is not found (§12 item 7).  CHOICE: that sentence, and
                # only a non-zero window is refused (0 is what the service returns).
                raise invalid_parameter("Batching window is not supported for FIFO queues.")
            fields["MaximumBatchingWindowInSeconds"] = window
        if "ParallelizationFactor" in body:
            fields["ParallelizationFactor"] = _check_range(
                "ParallelizationFactor", body["ParallelizationFactor"], 1, 10
            )
        if "TumblingWindowInSeconds" in body:
            fields["TumblingWindowInSeconds"] = _check_range(
                "TumblingWindowInSeconds", body["TumblingWindowInSeconds"], 0, 900
            )
        if "MaximumRetryAttempts" in body:
            fields["MaximumRetryAttempts"] = _check_range(
                "MaximumRetryAttempts", body["MaximumRetryAttempts"], -1, 10000
            )
        if "MaximumRecordAgeInSeconds" in body:
            age = _check_range("MaximumRecordAgeInSeconds", body["MaximumRecordAgeInSeconds"], -1, 604800)
            if 0 <= age < 60:
                # ref §4: "values less than 60 and greater than -1 … are not allowed".
                raise invalid_parameter(
                    "MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800 seconds."
                )
            fields["MaximumRecordAgeInSeconds"] = age
        if "BisectBatchOnFunctionError" in body:
            fields["BisectBatchOnFunctionError"] = bool(body["BisectBatchOnFunctionError"])

        if "FunctionResponseTypes" in body:
            types = _list("FunctionResponseTypes", body["FunctionResponseTypes"])
            if len(types) > 1:  # ref §2 / §4: 0..1 items
                raise invalid_parameter(
                    "1 validation error detected: Value at 'functionResponseTypes' failed to satisfy "
                    "constraint: Member must have length less than or equal to 1"
                )
            if types or kind in {SQS, KINESIS, DYNAMODB}:
                # ref §3: FunctionResponseTypes is returned as [] for SQS and streams.
                fields["FunctionResponseTypes"] = list(types)
            else:
                # CHOICE: for Kafka kinds the key is absent when unset (not in the [R] response).
                fields.pop("FunctionResponseTypes", None)

        # ---- struct members --------------------------------------------------
        if "FilterCriteria" in body:
            self._apply_filter_criteria(body["FilterCriteria"], fields)
        if "DestinationConfig" in body:
            self._apply_destination(kind, body["DestinationConfig"], fields)
        if "ScalingConfig" in body:
            scaling = _dict("ScalingConfig", body["ScalingConfig"])
            if not scaling:
                # ref §2: Terraform clears ScalingConfig by sending {} on Update.
                fields.pop("ScalingConfig", None)
            else:
                if "MaximumConcurrency" in scaling:
                    # ref §4: ScalingConfig.MaximumConcurrency 2..1000, SQS only.
                    _check_range("MaximumConcurrency", scaling["MaximumConcurrency"], 2, 1000)
                fields["ScalingConfig"] = dict(scaling)
        if "SourceAccessConfigurations" in body:
            self._apply_source_access(
                kind,
                body["SourceAccessConfigurations"],
                fields,
                creating=creating,
                keep_virtual_host=self.config.mq_update_keeps_virtual_host,
            )
        elif creating and kind == KAFKA:
            # ref §9: self-managed Kafka with no SourceAccessConfigurations.
            raise invalid_parameter("Required 'sourceAccessConfigurations' parameter is missing.")
        for member in ("AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig"):
            if member in body:
                self._apply_kafka_config(member, body[member], fields, creating=creating, uuid=uuid)
        if "DocumentDBEventSourceConfig" in body:
            docdb = dict(_dict("DocumentDBEventSourceConfig", body["DocumentDBEventSourceConfig"]))
            merged = {**fields.get("DocumentDBEventSourceConfig", {}), **docdb}
            fields["DocumentDBEventSourceConfig"] = merged
        if kind == DOCDB and not fields.get("DocumentDBEventSourceConfig", {}).get("DatabaseName"):
            # brief: DocumentDBEventSourceConfig.DatabaseName is required.  CHOICE:
            # the §4 "must not be null" text.
            raise _null_error("documentDBEventSourceConfig.databaseName")
        if "KMSKeyArn" in body:
            if body["KMSKeyArn"] == "":
                # ref §2: the KMSKeyArn pattern accepts "".  §12 item 4: the clearing
                # encoding is not verified.  CHOICE: "" clears.
                fields.pop("KMSKeyArn", None)
            else:
                fields["KMSKeyArn"] = body["KMSKeyArn"]
        if "MetricsConfig" in body:
            metrics = _dict("MetricsConfig", body["MetricsConfig"])
            names = _list("MetricsConfig.Metrics", metrics.get("Metrics") or [])
            if len(names) > 3:  # ref §2: 0..3
                raise invalid_parameter(
                    "1 validation error detected: Value at 'metricsConfig.metrics' failed to satisfy "
                    "constraint: Member must have length less than or equal to 3"
                )
            if kind not in KAFKA_KINDS and KAFKA_ONLY_METRICS.intersection(names):
                # ref §9: ErrorCount and KafkaMetrics are for MSK and Kafka.
                raise invalid_parameter(
                    "The ErrorCount and KafkaMetrics metrics are only supported for Kafka event sources."
                )
            if names:
                fields["MetricsConfig"] = {"Metrics": list(names)}
            else:
                # ref §2 / §12 item 4: clearing encoding not verified; emulators send {}.
                # CHOICE: {} and {"Metrics": []} both clear.
                fields.pop("MetricsConfig", None)
        if "LoggingConfig" in body:
            logging_config = _dict("LoggingConfig", body["LoggingConfig"])
            if logging_config:
                fields["LoggingConfig"] = dict(logging_config)
            else:
                # ref §12 item 4: not verified.  CHOICE: {} clears.
                fields.pop("LoggingConfig", None)
        if "ProvisionedPollerConfig" in body:
            self._apply_poller_config(kind, body["ProvisionedPollerConfig"], fields)

        # ---- cross-field rules on the resulting values ---------------------------
        if (
            kind == SQS
            and "MaximumConcurrency" in fields.get("ScalingConfig", {})
            and fields.get("ProvisionedPollerConfig")
        ):
            # ref §13: maximum concurrency and provisioned mode "are mutually exclusive
            # options" [D services-sqs-scaling], judged on what the mapping would hold
            # (so ScalingConfig {} sent with pollers is fine).  The text is not found.
            # CHOICE: this text.
            raise invalid_parameter(
                "ScalingConfig.MaximumConcurrency and ProvisionedPollerConfig are mutually exclusive "
                "for Amazon SQS event sources."
            )
        if kind == SQS:
            batch = fields.get("BatchSize", 10)
            window = fields.get("MaximumBatchingWindowInSeconds", 0)
            if batch > 10 and window < 1:
                # ref §4: on create AND update, with the stored values when not sent.
                # CHOICE (§4 / §12 item 7): streams are not checked.
                raise invalid_parameter(
                    "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"
                )
        return fields

    @staticmethod
    def _defaults(kind: str, uuid: str) -> dict[str, Any]:
        """ref §3: what the service returns for members that were not sent."""
        if kind == SQS:
            return {"BatchSize": 10, "MaximumBatchingWindowInSeconds": 0, "FunctionResponseTypes": []}
        if kind in STREAM_KINDS:
            return {
                "BatchSize": 100,
                "BisectBatchOnFunctionError": False,
                "DestinationConfig": {"OnFailure": {}},
                "FunctionResponseTypes": [],
                "MaximumBatchingWindowInSeconds": 0,
                "MaximumRecordAgeInSeconds": -1,
                "MaximumRetryAttempts": -1,
                "ParallelizationFactor": 1,
                "TumblingWindowInSeconds": 0,
            }
        if kind in KAFKA_KINDS:
            # ref §3: no MaximumBatchingWindowInSeconds key (500 ms default is
            # absent); the consumer group id defaults to the ESM UUID [R].
            # CHOICE (§3 / §12 item 5): MSK like self-managed Kafka.
            member = "AmazonManagedKafkaEventSourceConfig" if kind == MSK else "SelfManagedKafkaEventSourceConfig"
            return {"BatchSize": 100, member: {"ConsumerGroupId": uuid}}
        if kind == DOCDB:
            # ref §3: FullDocument "Default" (Terraform's default [T]); the window
            # key is absent (§12 item 5, CHOICE as for Kafka).
            return {"BatchSize": 100, "DocumentDBEventSourceConfig": {"FullDocument": "Default"}}
        # MQ: ref §3 BatchSize 100; window key absent (§12 item 5, CHOICE).
        return {"BatchSize": 100}

    def _apply_create_only(
        self, kind: str, body: dict[str, Any], fields: dict[str, Any], event_source_arn: str | None
    ) -> None:
        position = body.get("StartingPosition")
        if kind in {KINESIS, DYNAMODB, MSK, KAFKA} and position is None:
            # ref §4: StartingPosition missing (streams; §3 MSK/Kafka required).
            raise _null_error("startingPosition")
        if position is not None:
            if kind == DYNAMODB and position == "AT_TIMESTAMP":
                # ref §4: DynamoDB answers this for AT_TIMESTAMP.
                raise invalid_parameter(f"Unsupported starting position for arn type: {event_source_arn}")
            fields["StartingPosition"] = position
        if "StartingPositionTimestamp" in body:
            if position != "AT_TIMESTAMP":
                # ref §2: "only with AT_TIMESTAMP".  CHOICE: the text.
                raise invalid_parameter(
                    "StartingPositionTimestamp can only be set when StartingPosition is AT_TIMESTAMP."
                )
            stamp = _timestamp(body["StartingPositionTimestamp"])
            if stamp > time.time() + 1:
                # ref §2: "must not be in the future".  CHOICE: the text.
                raise invalid_parameter("StartingPositionTimestamp cannot be in the future.")
            fields["StartingPositionTimestamp"] = stamp
        elif position == "AT_TIMESTAMP":
            # brief / ref §2: AT_TIMESTAMP needs StartingPositionTimestamp.  CHOICE: the text.
            raise invalid_parameter("StartingPositionTimestamp must be set when StartingPosition is AT_TIMESTAMP.")

        if kind in KAFKA_KINDS:
            # ref §2: Topics, exactly 1 item (botocore checks only the minimum).
            topics = body.get("Topics")
            if topics is None:
                raise _null_error("topics")
            if len(_list("Topics", topics)) != 1:
                raise invalid_parameter(
                    f"1 validation error detected: Value '{topics}' at 'topics' failed to satisfy "
                    "constraint: Member must have length less than or equal to 1"
                )
            fields["Topics"] = list(topics)
        if kind == MQ:
            # ref §2: Queues, exactly 1 item.
            queues = body.get("Queues")
            if queues is None:
                raise _null_error("queues")
            if len(_list("Queues", queues)) != 1:
                raise invalid_parameter(
                    f"1 validation error detected: Value '{queues}' at 'queues' failed to satisfy "
                    "constraint: Member must have length less than or equal to 1"
                )
            fields["Queues"] = list(queues)
        if kind == KAFKA:
            servers = body["SelfManagedEventSource"]["Endpoints"]["KAFKA_BOOTSTRAP_SERVERS"]
            if len(_list("KAFKA_BOOTSTRAP_SERVERS", servers)) > 10:  # ref §2: 1..10
                raise invalid_parameter(
                    "1 validation error detected: Value at 'selfManagedEventSource.endpoints' failed to "
                    "satisfy constraint: Member must have length less than or equal to 10"
                )
            # ref §3: "AWS returns the bootstrap brokers in sorted order" [T].
            fields["SelfManagedEventSource"] = {"Endpoints": {"KAFKA_BOOTSTRAP_SERVERS": sorted(servers)}}

    def _apply_filter_criteria(self, value: Any, fields: dict[str, Any]) -> None:
        criteria = _dict("FilterCriteria", value)
        filters = _list("FilterCriteria.Filters", criteria.get("Filters") or [])
        if not filters:
            # ref §7: FilterCriteria {} on Update clears; {"Filters": []} on create is
            # accepted and the response has no FilterCriteria key.
            fields.pop("FilterCriteria", None)
            return
        if len(filters) > MAX_FILTERS:
            # ref §4: 5 filters by default; "Create fails if the quota is exceeded".
            # CHOICE: the text.
            raise invalid_parameter(f"The number of filters exceeds the limit of {MAX_FILTERS}.")
        stored = []
        for item in filters:
            pattern = item.get("Pattern") if isinstance(item, dict) else None
            if not is_valid_filter_pattern(pattern):
                # ref §7: "Invalid filter pattern definition." [R].  CHOICE: a filter
                # without Pattern is invalid too.
                raise invalid_parameter("Invalid filter pattern definition.")
            if self.config.normalise_patterns:
                # brief / ref §12 item 1: whether AWS normalises patterns is unknown;
                # this switch lets tests check a module copes with both.
                pattern = json.dumps(json.loads(pattern), sort_keys=True, separators=(",", ":"))
            stored.append({"Pattern": pattern})  # ref §12 item 1: stored as sent by default
        fields["FilterCriteria"] = {"Filters": stored}

    @staticmethod
    def _apply_destination(kind: str, value: Any, fields: dict[str, Any]) -> None:
        config = _dict("DestinationConfig", value)
        on_success = config.get("OnSuccess")
        if isinstance(on_success, dict) and on_success.get("Destination"):
            # ref §2: OnSuccess is "not supported in Create/UpdateEventSourceMapping".
            # CHOICE: the text.
            raise invalid_parameter("Unsupported OnSuccess destination for given event source mapping type.")
        on_failure = config.get("OnFailure")
        destination: str | None = None
        if on_failure is not None:
            on_failure = _dict("DestinationConfig.OnFailure", on_failure)
            if "Destination" not in on_failure:
                # ref §2: the server rejects DestinationConfig {"OnFailure": {}} [T].
                raise invalid_parameter("The Destination field is required for an OnFailure configuration.")
            destination = on_failure["Destination"]
            if not isinstance(destination, str):
                raise validation(
                    "1 validation error detected: Value at 'destinationConfig.onFailure.destination' must be a string"
                )
            if destination.startswith("kafka://") and kind not in KAFKA_KINDS:
                # ref §9: kafka:// destinations are for MSK and Kafka.
                raise invalid_parameter("Kafka destinations are only supported for Kafka event sources.")
            if destination and not (destination.startswith("kafka://") or _EVENT_SOURCE_ARN.fullmatch(destination)):
                raise _pattern_error("destinationConfig.onFailure.destination", destination, "$|kafka://…|arn:…")
        if destination:
            fields["DestinationConfig"] = {"OnFailure": {"Destination": destination}}
            return
        # ref §2 / §12 item 4: how to clear DestinationConfig is not found; the model
        # allows Destination "".  CHOICE: both {} and {"OnFailure": {"Destination": ""}}
        # clear it.  Streams then return {"OnFailure": {}} again (ref §3).
        if kind in STREAM_KINDS:
            fields["DestinationConfig"] = {"OnFailure": {}}
        else:
            fields.pop("DestinationConfig", None)

    @staticmethod
    def _apply_source_access(
        kind: str, value: Any, fields: dict[str, Any], *, creating: bool, keep_virtual_host: bool
    ) -> None:
        entries = _list("SourceAccessConfigurations", value)
        if len(entries) > 22:  # ref §2: 0..22 items
            raise invalid_parameter(
                "1 validation error detected: Value at 'sourceAccessConfigurations' failed to satisfy "
                "constraint: Member must have length less than or equal to 22"
            )
        allowed = SOURCE_ACCESS_TYPES_BY_KIND.get(kind, frozenset())
        cleaned: list[dict[str, Any]] = []
        for entry in entries:
            entry = _dict("SourceAccessConfigurations.member", entry)
            access_type = entry.get("Type")
            if access_type == "VIRTUAL_HOST" and not creating:
                # ref §2 / §13: VIRTUAL_HOST "cannot be specified in an UpdateEventSourceMapping
                # API call".  CHOICE: the text.
                raise invalid_parameter("VIRTUAL_HOST cannot be specified in an UpdateEventSourceMapping API call.")
            if access_type not in allowed:
                # ref §9 table of types per source.  CHOICE: the text.
                raise invalid_parameter(
                    f"Unsupported SourceAccessConfigurations type {access_type} for given event source mapping type."
                )
            cleaned.append(dict(entry))
        if kind == KAFKA and not cleaned:
            # ref §9: Kafka requires SourceAccessConfigurations (CHOICE: also on Update).
            raise invalid_parameter("Required 'sourceAccessConfigurations' parameter is missing.")
        if not creating and keep_virtual_host:
            # brief: an MQ mapping is RabbitMQ when it was created with a VIRTUAL_HOST
            # entry (ref §9: VIRTUAL_HOST is RabbitMQ only).  ref §2: VIRTUAL_HOST is
            # immutable.  ref §13: keeping it is likely but not verified.  CHOICE: an
            # Update replaces the other entries and keeps the stored VIRTUAL_HOST entry,
            # so a RabbitMQ mapping stays RabbitMQ; configure(mq_update_keeps_virtual_host
            # =False) drops it instead, so callers can be tested against both.
            kept = [e for e in fields.get("SourceAccessConfigurations", []) if e.get("Type") == "VIRTUAL_HOST"]
            cleaned = kept + cleaned
        # ref §9: the order it comes back in was not verified.  CHOICE: as sent.
        if cleaned:
            fields["SourceAccessConfigurations"] = cleaned
        else:
            fields.pop("SourceAccessConfigurations", None)

    @staticmethod
    def _apply_kafka_config(member: str, value: Any, fields: dict[str, Any], *, creating: bool, uuid: str) -> None:
        config = dict(_dict(member, value))
        current = dict(fields.get(member, {"ConsumerGroupId": uuid}))
        group = config.get("ConsumerGroupId")
        if group is not None:
            if not isinstance(group, str) or not 1 <= len(group) <= 200:  # ref §2: 1..200
                raise _length_error(f"{_camel(member)}.consumerGroupId", str(group), 1, 200)
            if not creating and group != current.get("ConsumerGroupId"):
                # ref §2: ConsumerGroupId "cannot update".  CHOICE: the text.
                raise invalid_parameter("ConsumerGroupId cannot be updated.")
            current["ConsumerGroupId"] = group
        if "SchemaRegistryConfig" in config:
            registry = config["SchemaRegistryConfig"]
            if registry:
                current["SchemaRegistryConfig"] = registry
            else:
                # CHOICE: {} removes the schema registry (not in the reference).
                current.pop("SchemaRegistryConfig", None)
        fields[member] = current

    @staticmethod
    def _apply_poller_config(kind: str, value: Any, fields: dict[str, Any]) -> None:
        config = dict(_dict("ProvisionedPollerConfig", value))
        if not config:
            # ref §2 / §12 item 4: not verified; emulators send {}.  CHOICE: {} clears.
            fields.pop("ProvisionedPollerConfig", None)
            return
        # ref §13: SQS MinimumPollers 2..200 (default 2), MaximumPollers 2..10,000;
        # MSK/Kafka MinimumPollers 1..200 (default 1), MaximumPollers 1..2,000 (default 200).
        low, high = (2, 10000) if kind == SQS else (1, 2000)
        held = fields.get("ProvisionedPollerConfig", {})
        minimum = _check_range(
            "MinimumPollers", config.get("MinimumPollers", held.get("MinimumPollers", low)), low, 200
        )
        maximum = _check_range(
            "MaximumPollers", config.get("MaximumPollers", held.get("MaximumPollers", 200)), low, high
        )
        if minimum > maximum:
            # ref §13: min <= max.  CHOICE: the text (not in the reference).
            raise invalid_parameter("MinimumPollers must be less than or equal to MaximumPollers.")
        merged = {**fields.get("ProvisionedPollerConfig", {}), **config}
        if "PollerGroupName" in config:
            name = config["PollerGroupName"]
            if kind not in KAFKA_KINDS:
                # ref §13: PollerGroupName is for MSK and self-managed Kafka only.
                raise _unsupported("ProvisionedPollerConfig.PollerGroupName")
            if not isinstance(name, str) or len(name) > 128 or not _POLLER_GROUP_NAME.fullmatch(name):
                raise _pattern_error("provisionedPollerConfig.pollerGroupName", name, _POLLER_GROUP_NAME.pattern)
            if name == "":
                # ref §4: 'set "" to leave the group'.
                merged.pop("PollerGroupName", None)
        fields["ProvisionedPollerConfig"] = merged

    # ----------------------------------------------------------------- duplicates

    def _find_duplicate(
        self,
        kind: str,
        function_arn: str,
        event_source_arn: str | None,
        fields: dict[str, Any],
        exclude: str | None,
    ) -> Mapping | None:
        # ref §6: "Function" is the qualified FunctionArn (qualifiers are distinct
        # mappings; §12 item 3 not verified, the reference calls this the safest key).
        # ref §5: a mapping in Deleting still counts ("probably hits the duplicate
        # conflict", not verified; CHOICE: it does).
        for other in self._mappings.values():
            if other.uuid == exclude or other.kind != kind or other.function_arn != function_arn:
                continue
            if kind in {SQS, KINESIS, DYNAMODB}:
                # ref §6: SQS function + queue ARN; streams function + stream ARN.
                if other.event_source_arn == event_source_arn:
                    return other
            elif kind == KAFKA:
                # ref §6: function ARN + any overlapping bootstrap server + same topic;
                # a different topic is allowed.
                mine = set(fields["SelfManagedEventSource"]["Endpoints"]["KAFKA_BOOTSTRAP_SERVERS"])
                theirs = set(other.fields["SelfManagedEventSource"]["Endpoints"]["KAFKA_BOOTSTRAP_SERVERS"])
                if mine & theirs and other.fields["Topics"] == fields["Topics"]:
                    return other
            elif kind == MSK:
                # ref §6: MSK "probably function + cluster + topic" (not verified; CHOICE).
                if other.event_source_arn == event_source_arn and other.fields["Topics"] == fields["Topics"]:
                    return other
            elif kind == MQ:
                # ref §6: MQ not found.  CHOICE: function + broker + queue.
                if other.event_source_arn == event_source_arn and other.fields["Queues"] == fields["Queues"]:
                    return other
            elif kind == DOCDB:
                # ref §6: DocumentDB not found.  CHOICE: function + cluster + database + collection.
                mine_db = fields["DocumentDBEventSourceConfig"]
                theirs_db = other.fields["DocumentDBEventSourceConfig"]
                if (
                    other.event_source_arn == event_source_arn
                    and mine_db.get("DatabaseName") == theirs_db.get("DatabaseName")
                    and mine_db.get("CollectionName") == theirs_db.get("CollectionName")
                ):
                    return other
        return None

    @staticmethod
    def _duplicate_message(
        kind: str, existing: Mapping, function_name: str, function_arn: str, fields: dict[str, Any]
    ) -> str:
        tail = f"already exists. Please update or delete the existing mapping with UUID {existing.uuid}"
        if kind == SQS:
            # ref §6 exact SQS message (function as passed).
            return (
                f'An event source mapping with SQS arn (" {existing.event_source_arn} ") and function '
                f'(" {function_name} ") {tail}'
            )
        if kind in STREAM_KINDS:
            # ref §6 exact stream message (function as passed).
            return (
                f'The event source arn (" {existing.event_source_arn} ") and function (" {function_name} ") '
                f"provided mapping {tail}"
            )
        if kind == KAFKA:
            # ref §6 exact Kafka message.  CHOICE: several brokers are joined with ",".
            servers = ",".join(fields["SelfManagedEventSource"]["Endpoints"]["KAFKA_BOOTSTRAP_SERVERS"])
            topics = ",".join(fields["Topics"])
            return (
                f'An event source mapping with event source ("{servers}"), function ("{function_arn}"), '
                f'topics ("{topics}") {tail}'
            )
        if kind == MSK:
            # CHOICE (§6 not verified): the Kafka wording with the cluster ARN.
            topics = ",".join(fields["Topics"])
            return (
                f'An event source mapping with event source ("{existing.event_source_arn}"), function '
                f'("{function_arn}"), topics ("{topics}") {tail}'
            )
        if kind == MQ:
            # CHOICE (§6 not found): the Kafka wording with the broker ARN and queue.
            queues = ",".join(fields["Queues"])
            return (
                f'An event source mapping with event source ("{existing.event_source_arn}"), function '
                f'("{function_arn}"), queues ("{queues}") {tail}'
            )
        # DocumentDB — CHOICE (§6 not found).
        docdb = fields["DocumentDBEventSourceConfig"]
        return (
            f'An event source mapping with event source ("{existing.event_source_arn}"), function '
            f'("{function_arn}"), database ("{docdb.get("DatabaseName")}"), collection '
            f'("{docdb.get("CollectionName", "")}") {tail}'
        )

    # ----------------------------------------------------------------- get / update / delete

    def get(self, region: str, uuid: str) -> dict[str, Any]:
        with self._lock:
            now = time.monotonic()
            return self._render(self._lookup(region, uuid, now), now)

    def update(self, region: str, uuid: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {k: v for k, v in body.items() if v is not None}
        # ref §2: these members are Create-only; botocore does not send them on
        # Update.  A raw client's copy is ignored.
        for member in (
            "EventSourceArn",
            "StartingPosition",
            "StartingPositionTimestamp",
            "Topics",
            "Queues",
            "SelfManagedEventSource",
            "Tags",
        ):
            body.pop(member, None)
        with self._lock:
            now = time.monotonic()
            mapping = self._lookup(region, uuid, now)
            self._validate_model(body, creating=False)
            state = mapping.current_state(now)
            if state in TRANSITIONAL_STATES:
                # ref §5: Update while Creating/Updating/… → ResourceInUseException.
                # ref §12 item 9: the text is not found.  CHOICE: this text.
                raise in_use("Cannot update the event source mapping because it is in use.")

            function_arn = mapping.function_arn
            function_name = body.get("FunctionName")
            if function_name is not None:
                # ref §2: FunctionName is updatable, including the qualifier [R].
                ref = parse_function_name(function_name, region, self.account)
                if ref is None:
                    raise _pattern_error("functionName", function_name, _FUNCTION_NAME.pattern)
                if not function_exists(ref):
                    raise invalid_parameter("Function does not exist")
                if mapping.kind == SQS and ref.arn != mapping.function_arn:
                    # ref §13 gives the rule for Create only.  CHOICE: moving a mapping
                    # onto another function (or qualifier) checks the new function too,
                    # since the queue would then serve a function it times out under.
                    check_visibility_timeout(str(mapping.event_source_arn), ref)
                function_arn = ref.arn

            source = Source(mapping.kind, fifo=mapping.fifo)
            fields = self._apply(
                source,
                mapping.fields,
                body,
                creating=False,
                uuid=mapping.uuid,
                event_source_arn=mapping.event_source_arn,
            )
            if function_arn != mapping.function_arn:
                # CHOICE: moving a mapping onto a function that already has one for the
                # same source is refused like a duplicate Create (ref §6).
                duplicate = self._find_duplicate(
                    mapping.kind, function_arn, mapping.event_source_arn, fields, exclude=mapping.uuid
                )
                if duplicate is not None:
                    raise conflict(
                        self._duplicate_message(mapping.kind, duplicate, str(function_name), function_arn, fields)
                    )

            # ref §5: Enabled change → Enabling/Disabling; other updates → Updating.
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
                # ref §5: Delete while Creating/Updating/… → ResourceInUseException
                # (CHOICE: also while already Deleting).  ref §12 item 9: text not found.
                raise in_use("Cannot delete the event source mapping because it is in use.")
            # ref §1 / §5: Delete returns the mapping with State "Deleting"; it stays
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
                # ref §6: MaxItems 1..10000, at most 100 per response.
                max_items = min(_check_range("MaxItems", requested, 1, 10000), PAGE_LIMIT)
            after = _decode_marker(query["Marker"]) if query.get("Marker") else 0

            candidates = [m for m in self._mappings.values() if m.region == region and m.account == self.account]
            function_name = query.get("FunctionName")
            if function_name:
                # ref §6: FunctionName takes a name, full ARN, alias/version ARN or
                # partial ARN, resolved like Create.  A nonexistent function → empty list.
                # ref §12 item 2: whether an unqualified filter also returns qualified
                # mappings is NOT verified.  CHOICE: exact match on the qualified
                # FunctionArn, so an unqualified filter returns unqualified mappings only.
                ref = parse_function_name(function_name, region, self.account)
                wanted = ref.arn if ref else None
                candidates = [m for m in candidates if m.function_arn == wanted]
            event_source_arn = query.get("EventSourceArn")
            if event_source_arn:
                # ref §6: EventSourceArn narrows to one source; unknown → empty list.
                candidates = [m for m in candidates if m.event_source_arn == event_source_arn]
            # brief: stable order = creation order.
            candidates = sorted((m for m in candidates if m.seq > after), key=lambda m: m.seq)
            page = candidates[:max_items]
            result: dict[str, Any] = {"EventSourceMappings": [self._render(m, now, listing=True) for m in page]}
            if len(candidates) > max_items:
                # ref §1 paginator: output_token NextMarker, input_token Marker.
                result["NextMarker"] = _encode_marker(page[-1].seq)
            return result

    # ----------------------------------------------------------------- tags

    def _tagged(self, arn: str, now: float) -> Mapping:
        self._purge(now)
        match = ESM_ARN.match(arn)
        if not match:
            # ref §8: a malformed ARN, or one with a :qualifier, → ValidationException.
            raise _pattern_error("resource", arn, ESM_ARN.pattern)
        for mapping in self._mappings.values():
            if mapping.arn == arn:
                return mapping
        # ref §8: unknown ESM ARN → 404 "Event source mapping not found: <arn>".
        raise not_found(f"Event source mapping not found: {arn}")

    def list_tags(self, arn: str) -> dict[str, Any]:
        with self._lock:
            return {"Tags": dict(self._tagged(arn, time.monotonic()).tags)}

    def tag(self, arn: str, tags: dict[str, str]) -> None:
        with self._lock:
            # ref §8: TagResource merges and overwrites keys.
            self._tagged(arn, time.monotonic()).tags.update(tags)

    def untag(self, arn: str, keys: list[str]) -> None:
        with self._lock:
            mapping = self._tagged(arn, time.monotonic())
            for key in keys:
                # ref §8: UntagResource of absent keys is a no-op.
                mapping.tags.pop(key, None)
