"""The model of the fake ESM service as tables: kinds, members per kind, defaults, ranges.

Every row cites the section of the AWS behaviour reference (docs/aws-behaviour.md,
written "docs/aws-behaviour.md §N") it copies; "CHOICE" marks what the reference leaves open.  These
tables are written from the reference, never derived from the collection's own
option table (plugins/): the fake must not repeat the code it tests.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

DEFAULT_ACCOUNT = "123456789012"  # moto's DEFAULT_ACCOUNT_ID

SQS = "sqs"
KINESIS = "kinesis"
DYNAMODB = "dynamodb"
MSK = "msk"
KAFKA = "kafka"  # self-managed Apache Kafka
MQ = "mq"
DOCDB = "docdb"
SQS_FIFO = "sqs-fifo"  # a variant of SQS for the tables below

STREAM_KINDS = frozenset({KINESIS, DYNAMODB})
KAFKA_KINDS = frozenset({MSK, KAFKA})

# docs/aws-behaviour.md §5: the states are Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting.
TRANSITIONAL_STATES = frozenset({"Creating", "Enabling", "Disabling", "Updating", "Deleting"})

# ---------------------------------------------------------------- patterns

# docs/aws-behaviour.md §2 (pattern of EventSourceArn in the model).
EVENT_SOURCE_ARN = re.compile(r"arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)")
# docs/aws-behaviour.md §2 / §6: FunctionName may be a name, a full ARN or a partial ARN, each with
# an optional ":qualifier" ($LATEST, $LATEST.PUBLISHED, version, alias).
FUNCTION_NAME = re.compile(
    r"^(?:arn:(?P<partition>aws[a-zA-Z-]*)?:lambda:)?"
    r"(?:(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?"
    r"(?:(?P<account>\d{12}):)?"
    r"(?:function:)?"
    r"(?P<name>[a-zA-Z0-9_-]+)"
    r"(?::(?P<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$"
)
# docs/aws-behaviour.md §8: an ESM ARN is arn:…:lambda:<region>:<acct>:event-source-mapping:<uuid>.
ESM_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-zA-Z-]*)?:lambda:(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):"
    r"(?P<account>\d{12}):event-source-mapping:"
    r"(?P<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)
KMS_KEY_ARN = re.compile(r"(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()")  # docs/aws-behaviour.md §2
POLLER_GROUP_NAME = re.compile(r"[a-zA-Z0-9-_]*")  # docs/aws-behaviour.md §2

# ---------------------------------------------------------------- enums and string lengths

STARTING_POSITIONS = ("LATEST", "AT_TIMESTAMP", "TRIM_HORIZON")  # order as in the §4 message
FUNCTION_RESPONSE_TYPES = ("ReportBatchItemFailures",)  # docs/aws-behaviour.md §2
SOURCE_ACCESS_TYPES = (  # docs/aws-behaviour.md §9, enum order as in the model
    "BASIC_AUTH",
    "VPC_SUBNET",
    "VPC_SECURITY_GROUP",
    "SASL_SCRAM_512_AUTH",
    "SASL_SCRAM_256_AUTH",
    "VIRTUAL_HOST",
    "CLIENT_CERTIFICATE_TLS_AUTH",
    "SERVER_ROOT_CA_CERTIFICATE",
    # botocore 1.43.110's model: the OAuth and IAM types, each documented as "(Self-managed Apache Kafka)".
    *(f"OAUTHBEARER_{part}" for part in ("AUTH", "SCOPE", "AUDIENCE", "LOGICAL_CLUSTER", "IDENTITY_POOL")),
    "IAM_AUTH",
    "IAM_OAUTHBEARER_AUTH",
)
# The model's SourceAccessType documentation: "Omit the URI field for this type".
NO_URI_ACCESS_TYPES = frozenset({"IAM_AUTH", "IAM_OAUTHBEARER_AUTH"})
# The same documentation: "This type requires OAUTHBEARER_AUTH" (or, for the audience, "either OAUTHBEARER_AUTH or
# IAM_OAUTHBEARER_AUTH"); IAM_OAUTHBEARER_AUTH "requires OAUTHBEARER_AUDIENCE and does not support the other
# OAUTHBEARER types".
ACCESS_TYPE_REQUIRES: dict[str, frozenset[str]] = {
    "OAUTHBEARER_SCOPE": frozenset({"OAUTHBEARER_AUTH"}),
    "OAUTHBEARER_LOGICAL_CLUSTER": frozenset({"OAUTHBEARER_AUTH"}),
    "OAUTHBEARER_IDENTITY_POOL": frozenset({"OAUTHBEARER_AUTH"}),
    "OAUTHBEARER_AUDIENCE": frozenset({"OAUTHBEARER_AUTH", "IAM_OAUTHBEARER_AUTH"}),
    "IAM_OAUTHBEARER_AUTH": frozenset({"OAUTHBEARER_AUDIENCE"}),
}
ACCESS_TYPE_EXCLUDES: dict[str, frozenset[str]] = {
    "IAM_OAUTHBEARER_AUTH": frozenset(
        {"OAUTHBEARER_AUTH", "OAUTHBEARER_SCOPE", "OAUTHBEARER_LOGICAL_CLUSTER", "OAUTHBEARER_IDENTITY_POOL"}
    )
}
# The model's KafkaSchemaRegistryAuthType (OAUTHBEARER_AUTH since botocore 1.43.110).
REGISTRY_AUTH_TYPES = ("BASIC_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH", "SERVER_ROOT_CA_CERTIFICATE", "OAUTHBEARER_AUTH")
# The model's KafkaEventSourceMappingConsumptionMode (botocore 1.43.123): self-managed Kafka only, "If you omit this
# parameter, Lambda uses Stream", "You cannot change ConsumptionMode after you create the event source mapping", and
# in Queue mode "the StartingPosition, StartingPositionTimestamp, and MaximumBatchingWindowInSeconds parameters are
# not supported".
CONSUMPTION_MODES = ("Stream", "Queue")
NOT_IN_QUEUE_MODE = ("StartingPosition", "StartingPositionTimestamp", "MaximumBatchingWindowInSeconds")
METRICS = ("EventCount", "ErrorCount", "KafkaMetrics")  # docs/aws-behaviour.md §2
LOG_LEVELS = ("DEBUG", "INFO", "WARN")  # docs/aws-behaviour.md §2
FULL_DOCUMENT = ("UpdateLookup", "Default")  # docs/aws-behaviour.md §2


@dataclass(frozen=True)
class Rule:
    """A model constraint on the values at ``path`` of a request body ("*" = each list item).

    ``allowed`` makes it an enum rule; ``length`` a string-length rule.  ``wire`` is the
    member path the service names in its message.
    """

    path: tuple[str, ...]
    wire: str
    allowed: tuple[str, ...] = ()
    length: tuple[int, int] | None = None
    create_only: bool = False


# docs/aws-behaviour.md §4: a bad enum is a ValidationException; CHOICE: string lengths likewise.
MODEL_RULES: tuple[Rule, ...] = (
    Rule(("StartingPosition",), "startingPosition", STARTING_POSITIONS, create_only=True),  # docs/aws-behaviour.md §4
    Rule(("FunctionResponseTypes", "*"), "functionResponseTypes", FUNCTION_RESPONSE_TYPES),
    Rule(("SourceAccessConfigurations", "*", "Type"), "sourceAccessConfigurations.type", SOURCE_ACCESS_TYPES),
    Rule(("DocumentDBEventSourceConfig", "FullDocument"), "documentDBEventSourceConfig.fullDocument", FULL_DOCUMENT),
    Rule(("DocumentDBEventSourceConfig", "DatabaseName"), "documentDBEventSourceConfig.databaseName", length=(1, 63)),
    Rule(
        ("DocumentDBEventSourceConfig", "CollectionName"), "documentDBEventSourceConfig.collectionName", length=(1, 57)
    ),
    Rule(("LoggingConfig", "SystemLogLevel"), "loggingConfig.systemLogLevel", LOG_LEVELS),
    Rule(
        ("SelfManagedKafkaEventSourceConfig", "ConsumptionMode"),
        "selfManagedKafkaEventSourceConfig.consumptionMode",
        CONSUMPTION_MODES,
    ),
    Rule(
        ("SelfManagedKafkaEventSourceConfig", "SchemaRegistryConfig", "AccessConfigs", "*", "Type"),
        "selfManagedKafkaEventSourceConfig.schemaRegistryConfig.accessConfigs.type",
        REGISTRY_AUTH_TYPES,
    ),
    Rule(
        ("AmazonManagedKafkaEventSourceConfig", "SchemaRegistryConfig", "AccessConfigs", "*", "Type"),
        "amazonManagedKafkaEventSourceConfig.schemaRegistryConfig.accessConfigs.type",
        REGISTRY_AUTH_TYPES,
    ),
    Rule(("MetricsConfig", "Metrics", "*"), "metricsConfig.metrics", METRICS),
    # docs/aws-behaviour.md §4: Pattern length 0..4096.
    Rule(("FilterCriteria", "Filters", "*", "Pattern"), "filterCriteria.filters.member.pattern", length=(0, 4096)),
    Rule(("Topics", "*"), "topics.member", length=(1, 249), create_only=True),  # docs/aws-behaviour.md §2
    Rule(("Queues", "*"), "queues.member", length=(1, 1000), create_only=True),  # docs/aws-behaviour.md §2
)

# ---------------------------------------------------------------- numeric ranges


@dataclass(frozen=True)
class Range:
    """docs/aws-behaviour.md §4 / §13: the range of the integer at ``path``, per kind (or SQS_FIFO) where it differs."""

    path: tuple[str, ...]
    low: int
    high: int
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path[-1]

    def bounds(self, variant: str, kind: str) -> tuple[int, int]:
        return self.by_kind.get(variant) or self.by_kind.get(kind) or (self.low, self.high)


RANGES: tuple[Range, ...] = (
    Range(("BatchSize",), 1, 10000, {SQS_FIFO: (1, 10)}),  # docs/aws-behaviour.md §4: 1..10000; SQS FIFO max 10
    Range(("MaximumBatchingWindowInSeconds",), 0, 300),  # docs/aws-behaviour.md §4: 0..300 whole seconds
    Range(("ParallelizationFactor",), 1, 10),  # docs/aws-behaviour.md §4
    Range(("TumblingWindowInSeconds",), 0, 900),  # docs/aws-behaviour.md §4
    Range(("MaximumRetryAttempts",), -1, 10000),  # docs/aws-behaviour.md §4
    Range(("MaximumRecordAgeInSeconds",), -1, 604800),  # docs/aws-behaviour.md §4 (and 1..59 refused, see appliers)
    Range(("ScalingConfig", "MaximumConcurrency"), 2, 1000),  # docs/aws-behaviour.md §4: SQS only
    # docs/aws-behaviour.md §13: SQS MinimumPollers 2..200, MaximumPollers 2..10,000; MSK and
    # self-managed Kafka MinimumPollers 1..200, MaximumPollers 1..2,000.
    Range(("ProvisionedPollerConfig", "MinimumPollers"), 1, 200, {SQS: (2, 200)}),
    Range(("ProvisionedPollerConfig", "MaximumPollers"), 1, 2000, {SQS: (2, 10000)}),
)
MAX_ITEMS = Range(("MaxItems",), 1, 10000)  # docs/aws-behaviour.md §6: ListEventSourceMappings MaxItems

# docs/aws-behaviour.md §13: the pollers a mapping gets when one of the two is not sent.
DEFAULT_POLLERS: dict[str, dict[str, int]] = {
    SQS: {"MinimumPollers": 2, "MaximumPollers": 200},
    MSK: {"MinimumPollers": 1, "MaximumPollers": 200},
    KAFKA: {"MinimumPollers": 1, "MaximumPollers": 200},
}

# The values of EsmConfig.stored_timestamp_precision: the unit a held StartingPositionTimestamp is cut to.
TIMESTAMP_UNITS = {"sent": None, "millisecond": 1000, "second": 1}

MAX_FILTERS = 5  # docs/aws-behaviour.md §4: "Filters per ESM: 5 by default"
PAGE_LIMIT = 100  # docs/aws-behaviour.md §6: "returns a maximum of 100 items in each response"

# ---------------------------------------------------------------- members per kind

# docs/aws-behaviour.md §9: which SourceAccessConfigurations types apply to which source.
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
            *SOURCE_ACCESS_TYPES[8:],
        }
    ),
    DOCDB: frozenset({"BASIC_AUTH"}),
}
KAFKA_ONLY_METRICS = frozenset({"ErrorCount", "KafkaMetrics"})  # docs/aws-behaviour.md §9

# docs/aws-behaviour.md §2: Create-only members; botocore does not send them on Update, and a raw
# client's copy is ignored.
CREATE_ONLY_MEMBERS = (
    "EventSourceArn",
    "StartingPosition",
    "StartingPositionTimestamp",
    "Topics",
    "Queues",
    "SelfManagedEventSource",
    "Tags",
)

_KAFKA_COMMON = frozenset(
    {
        # docs/aws-behaviour.md §4: StartingPosition (with AT_TIMESTAMP) required for MSK and Kafka.
        "StartingPosition",
        "StartingPositionTimestamp",
        "MaximumBatchingWindowInSeconds",
        # docs/aws-behaviour.md §7: filtering works for MSK and self-managed Kafka.
        "FilterCriteria",
        # docs/aws-behaviour.md §3 / §9: DestinationConfig supported; Kafka error handling
        # (bisect, retries, record age, FunctionResponseTypes) since 1.41.2.
        "DestinationConfig",
        "MaximumRecordAgeInSeconds",
        "BisectBatchOnFunctionError",
        "MaximumRetryAttempts",
        "FunctionResponseTypes",
        "Topics",  # docs/aws-behaviour.md §2: exactly 1 item
        "SourceAccessConfigurations",
        "ProvisionedPollerConfig",  # docs/aws-behaviour.md §2: SQS, MSK and self-managed Kafka
        "LoggingConfig",  # docs/aws-behaviour.md §2: MSK and self-managed Kafka only
        "KMSKeyArn",  # docs/aws-behaviour.md §9: all sources that support filtering
    }
)
_STREAM_MEMBERS = frozenset(
    {
        # docs/aws-behaviour.md §3 (Kinesis/DynamoDB columns), §4 (ParallelizationFactor and
        # TumblingWindowInSeconds: Kinesis and DynamoDB only).
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
)
ALLOWED_MEMBERS: dict[str, frozenset[str]] = {
    # docs/aws-behaviour.md §3 (SQS column), §2 (ScalingConfig SQS only; ProvisionedPollerConfig SQS),
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
    KINESIS: _STREAM_MEMBERS,
    DYNAMODB: _STREAM_MEMBERS,
    MSK: _KAFKA_COMMON | {"AmazonManagedKafkaEventSourceConfig"},
    KAFKA: _KAFKA_COMMON | {"SelfManagedKafkaEventSourceConfig"},
    # docs/aws-behaviour.md §3 (MQ column: DestinationConfig n/a, retries n/a), §7 (filtering works
    # for MQ), §2 (Queues exactly 1).
    MQ: frozenset(
        {"MaximumBatchingWindowInSeconds", "FilterCriteria", "Queues", "SourceAccessConfigurations", "KMSKeyArn"}
    ),
    # docs/aws-behaviour.md §3 (DocumentDB column: StartingPosition accepted, filtering not supported),
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

# Members whose applicability depends on the source (docs/aws-behaviour.md §3, §9): those some kind
# allows.  BatchSize, MetricsConfig, FunctionName, Enabled and Tags apply to every
# source and are in no row.  Sorted, so the first unsupported member is named.
CHECKED_MEMBERS = tuple(sorted(frozenset().union(*ALLOWED_MEMBERS.values())))

# docs/aws-behaviour.md §4: StartingPosition is required for streams; docs/aws-behaviour.md §3: for MSK and Kafka too.
STARTING_POSITION_REQUIRED = frozenset({KINESIS, DYNAMODB, MSK, KAFKA})
# docs/aws-behaviour.md §3: FunctionResponseTypes is returned as [] for SQS and streams.  CHOICE: for
# the Kafka kinds the key is absent when unset (not in the [R] response).
EMPTY_RESPONSE_TYPES_SHOWN = frozenset({SQS, KINESIS, DYNAMODB})
# docs/aws-behaviour.md §2: the Kafka consumer group member per kind.
KAFKA_CONFIG_MEMBER = {MSK: "AmazonManagedKafkaEventSourceConfig", KAFKA: "SelfManagedKafkaEventSourceConfig"}

# ---------------------------------------------------------------- what the service returns

# docs/aws-behaviour.md §3: what the service returns for members that were not sent.
_STREAM_DEFAULTS: dict[str, Any] = {
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
DEFAULTS: dict[str, dict[str, Any]] = {
    SQS: {"BatchSize": 10, "MaximumBatchingWindowInSeconds": 0, "FunctionResponseTypes": []},
    KINESIS: _STREAM_DEFAULTS,
    DYNAMODB: _STREAM_DEFAULTS,
    # docs/aws-behaviour.md §3: no MaximumBatchingWindowInSeconds key (500 ms default is absent); the
    # consumer group id defaults to the ESM UUID [R] (added by defaults_for).
    # CHOICE (§3 / §12 item 5): MSK like self-managed Kafka.
    MSK: {"BatchSize": 100},
    KAFKA: {"BatchSize": 100},
    # docs/aws-behaviour.md §3: BatchSize 100; window key absent (§12 item 5, CHOICE as for Kafka).
    MQ: {"BatchSize": 100},
    # docs/aws-behaviour.md §3: FullDocument "Default" (Terraform's default [T]); window key absent.
    DOCDB: {"BatchSize": 100, "DocumentDBEventSourceConfig": {"FullDocument": "Default"}},
}

# docs/aws-behaviour.md §3: StateTransitionReason is "USER_INITIATED" for SQS and Kafka and
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


def defaults_for(kind: str, uuid: str) -> dict[str, Any]:
    """docs/aws-behaviour.md §3: the fields of a new mapping before the request's members are applied."""
    fields = copy.deepcopy(DEFAULTS[kind])
    if kind in KAFKA_CONFIG_MEMBER:
        fields[KAFKA_CONFIG_MEMBER[kind]] = {"ConsumerGroupId": uuid}
    return fields


# ---------------------------------------------------------------- records


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
        # docs/aws-behaviour.md §6 Qualifiers: name → unqualified ARN; name:$LATEST, name:1,
        # name:alias (and ARNs) keep their qualifier in FunctionArn.
        base = f"arn:{self.partition}:lambda:{self.region}:{self.account}:function:{self.name}"
        return f"{base}:{self.qualifier}" if self.qualifier else base


@dataclass(frozen=True)
class Source:
    kind: str
    fifo: bool = False

    @property
    def variant(self) -> str:
        return SQS_FIFO if self.fifo else self.kind


@dataclass
class EsmConfig:
    transition_seconds: float = 0.0
    normalise_patterns: bool = False
    # docs/aws-behaviour.md §13: whether an Update without VIRTUAL_HOST keeps the held one is not verified.
    mq_update_keeps_virtual_host: bool = True
    # docs/aws-behaviour.md §2: aws/aws-cli#7756 reports an Update carrying DocumentDBEventSourceConfig.DatabaseName or
    # CollectionName refused ("Invalid parameters: collectionName, databaseName"); CloudFormation says the block updates
    # without interruption.  Not settled: False refuses them (the reported answer), True accepts and applies them.
    docdb_update_accepts_namespace: bool = False
    # docs/aws-behaviour.md §2 (timestamps): what AWS keeps of a StartingPositionTimestamp with a fraction is not
    # public.  CHOICE: "sent" keeps what the wire carries; "millisecond" and "second" cut it, for the other answers.
    stored_timestamp_precision: str = "sent"
    # docs/aws-behaviour.md §3: with an on-failure destination Lambda applies MaximumRetryAttempts -1 as at most 10;
    # whether answers then say -1 or 10 is not public.  CHOICE: False answers -1 (as held); True answers 10.
    destination_caps_retries: bool = False


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
        # docs/aws-behaviour.md §5: a transitional state settles to Enabled/Disabled.  Settling is
        # lazy: the state is computed from timestamps when read.
        if self.deleting:
            return "Deleting"
        if now >= self.settle_at:
            return "Enabled" if self.enabled else "Disabled"
        return self.state
