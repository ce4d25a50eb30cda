# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of event source mapping options. Private to the esmkit.aws collection.

Each option names its Ansible name (mirroring the Terraform resource ``aws_lambda_event_source_mapping``),
its API member, its shape, the kinds of source it applies to, and whether it can only be set at creation.
Translation to and from the API, comparison, the argument spec and the documentation check are all derived
from this table, never written per field.

Facts cited as "docs/aws-behaviour.md §N" are written down, with their sources, in ``docs/aws-behaviour.md``.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

# Kinds of source. The kind comes from the service part of the source ARN, or from
# self_managed_event_source (self-managed Kafka has no ARN).
SQS = "sqs"
KINESIS = "kinesis"
DYNAMODB = "dynamodb"
MSK = "msk"
KAFKA = "kafka"
MQ = "mq"
DOCDB = "documentdb"

ALL_KINDS: frozenset[str] = frozenset((SQS, KINESIS, DYNAMODB, MSK, KAFKA, MQ, DOCDB))
STREAMS: frozenset[str] = frozenset((KINESIS, DYNAMODB))
KAFKAS: frozenset[str] = frozenset((MSK, KAFKA))

KIND_NAMES = {
    SQS: "SQS",
    KINESIS: "Kinesis",
    DYNAMODB: "DynamoDB streams",
    MSK: "Amazon MSK",
    KAFKA: "self-managed Kafka",
    MQ: "Amazon MQ",
    DOCDB: "DocumentDB",
}

# ARN service -> kind (docs/aws-behaviour.md §9: DocumentDB sources are rds cluster ARNs).
ARN_SERVICES = {"sqs": SQS, "kinesis": KINESIS, "dynamodb": DYNAMODB, "kafka": MSK, "mq": MQ, "rds": DOCDB}

BOOTSTRAP_KEY = "KAFKA_BOOTSTRAP_SERVERS"


class Shape:
    """How one option value looks in Ansible and in the API, and how two values compare."""

    spec_type = "raw"

    def to_api(self, value: Any) -> Any:
        return value

    def from_api(self, value: Any) -> Any:
        return value

    def canon(self, value: Any) -> Any:
        """A hashable, order-free form: equal canon means AWS holds what was asked for."""
        return value

    def is_empty(self, value: Any) -> bool:
        return value is None or value == [] or value == {} or value == ""

    def differs(self, desired: Any, current: Any) -> bool:
        if desired is None:
            return False
        if self.is_empty(desired):
            return not self.is_empty(current)
        if current is None:
            return True
        return self.canon(desired) != self.canon(current)

    def argspec(self) -> dict[str, Any]:
        return {"type": self.spec_type}


class Scalar(Shape):
    def __init__(self, spec_type: str, choices: tuple[str, ...] | None = None) -> None:
        self.spec_type = spec_type
        self.choices = choices

    def is_empty(self, value: Any) -> bool:
        # 0 and False are values, not "empty"; only strings can be cleared by "".
        return value is None or (self.spec_type == "str" and value == "")

    def argspec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": self.spec_type}
        if self.choices:
            spec["choices"] = list(self.choices)
        return spec


class Timestamp(Shape):
    """RFC 3339 in Ansible, a datetime in boto3; compared as instants."""

    spec_type = "str"

    # RFC 3339 date-time with a mandatory offset, parsed here rather than by datetime.fromisoformat, whose
    # answer changes with the Python version of the target (3.11 accepts forms that 3.9 refuses).
    _RFC3339 = re.compile(
        r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$"
    )

    @classmethod
    def parse(cls, value: Any) -> datetime.datetime:
        """A datetime from botocore, or an RFC 3339 string with an offset; raises ValueError otherwise."""
        if isinstance(value, datetime.datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=datetime.timezone.utc)
        match = cls._RFC3339.match(str(value).strip())
        if not match:
            raise ValueError(f"not an RFC 3339 date-time with an offset: {value!r}")
        year, month, day, hour, minute, second, fraction, sign, off_hours, off_minutes = match.groups()
        offset = datetime.timedelta(0)
        if sign:
            offset = datetime.timedelta(hours=int(off_hours), minutes=int(off_minutes))
            if offset >= datetime.timedelta(hours=24):
                raise ValueError(f"offset out of range: {value!r}")
            if sign == "-":
                offset = -offset
        return datetime.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=datetime.timezone(offset),
        )

    def to_api(self, value: Any) -> datetime.datetime:
        return self.parse(value)

    def from_api(self, value: Any) -> str | None:
        if value is None:
            return None
        return self.parse(value).astimezone(datetime.timezone.utc).isoformat()

    def canon(self, value: Any) -> float:
        return self.parse(value).timestamp()


class Pattern(Shape):
    """A filter pattern: a JSON string, or a mapping written in YAML. Compared as parsed JSON (docs/aws-behaviour.md §7)."""

    spec_type = "raw"

    @staticmethod
    def text(value: Any) -> str:
        if isinstance(value, str):
            return value
        # Non-ASCII text is sent as it is, not as \uXXXX escapes, so the length checked is the length sent.
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    def to_api(self, value: Any) -> str:
        # docs/aws-behaviour.md §7: send the user's own string, so what AWS stores is what the user wrote.
        return self.text(value)

    def canon(self, value: Any) -> str:
        if isinstance(value, str):
            value = json.loads(value)
        return json.dumps(value, sort_keys=True, separators=(",", ":"))


class Servers(Shape):
    """Kafka bootstrap servers: a comma-separated string or a list; compared as a set (docs/aws-behaviour.md §3)."""

    spec_type = "raw"

    @staticmethod
    def split(value: Any) -> list[str]:
        if isinstance(value, str):
            items = value.split(",")
        else:
            items = [str(item) for item in value]
        return [item.strip() for item in items if item.strip()]

    def to_api(self, value: Any) -> list[str]:
        return self.split(value)

    def canon(self, value: Any) -> tuple[str, ...]:
        return tuple(sorted(set(self.split(value))))


class ListOf(Shape):
    """A list compared as a multiset: AWS does not promise to keep order (docs/aws-behaviour.md §3, §9)."""

    spec_type = "list"

    def __init__(self, element: Shape) -> None:
        self.element = element

    def to_api(self, value: Any) -> list[Any]:
        return [self.element.to_api(item) for item in value]

    def from_api(self, value: Any) -> list[Any] | None:
        if value is None:
            return None
        return [self.element.from_api(item) for item in value]

    def canon(self, value: Any) -> tuple[Any, ...]:
        return tuple(sorted((self.element.canon(item) for item in value or []), key=repr))

    def argspec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": "list"}
        if isinstance(self.element, Struct):
            spec["elements"] = "dict"
            spec["options"] = self.element.options_spec()
        else:
            spec.update({"elements": self.element.spec_type})
            if isinstance(self.element, Scalar) and self.element.choices:
                spec["choices"] = list(self.element.choices)
        return spec


class Member:
    """One key of a struct: Ansible name, API name, shape."""

    def __init__(
        self,
        name: str,
        api: str,
        shape: Shape,
        aliases: tuple[str, ...] = (),
        required: bool = False,
        no_log: bool | None = None,
        empty_is_value: bool = False,
    ) -> None:
        self.name = name
        self.api = api
        self.shape = shape
        self.aliases = aliases
        self.required = required
        self.no_log = no_log
        # An empty string that means something (leave the poller group), rather than "clear the block".
        self.empty_is_value = empty_is_value

    def argspec(self) -> dict[str, Any]:
        spec = self.shape.argspec()
        if self.aliases:
            spec["aliases"] = list(self.aliases)
        if self.required:
            spec["required"] = True
        if self.no_log is not None:
            spec["no_log"] = self.no_log
        return spec


class Struct(Shape):
    """A nested block. Only the keys the task sets are compared; ``{}`` asks for the block to be cleared."""

    spec_type = "dict"

    def __init__(self, *members: Member) -> None:
        self.members = members

    def set_members(self, value: dict[str, Any]):
        for member in self.members:
            if value.get(member.name) is not None:
                yield member, value[member.name]

    def to_api(self, value: dict[str, Any]) -> dict[str, Any]:
        return {member.api: member.shape.to_api(sub) for member, sub in self.set_members(value)}

    def from_api(self, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        result = {}
        for member in self.members:
            sub = member.shape.from_api(value.get(member.api))
            if not member.shape.is_empty(sub):
                result[member.name] = sub
        return result

    def canon(self, value: dict[str, Any]) -> str:
        return json.dumps(
            {member.name: member.shape.canon(sub) for member, sub in self.set_members(value)},
            sort_keys=True,
            default=repr,
        )

    def is_empty(self, value: Any) -> bool:
        return value is None or not any(
            True for member, sub in self.set_members(value) if member.empty_is_value or not member.shape.is_empty(sub)
        )

    def differs(self, desired: Any, current: Any) -> bool:
        if desired is None:
            return False
        if self.is_empty(desired):
            return not self.is_empty(current)
        current = current or {}
        return any(member.shape.differs(sub, current.get(member.name)) for member, sub in self.set_members(desired))

    def merge(self, current: dict[str, Any] | None, desired: dict[str, Any]) -> dict[str, Any]:
        """What the block holds after an update that sends the task's keys over what AWS holds."""
        merged = dict(current or {})
        for member, sub in self.set_members(desired):
            if isinstance(member.shape, Struct) and not member.shape.is_empty(sub):
                merged[member.name] = member.shape.merge(merged.get(member.name), sub)
            else:
                merged[member.name] = sub
        return merged

    def options_spec(self) -> dict[str, Any]:
        return {member.name: member.argspec() for member in self.members}

    def argspec(self) -> dict[str, Any]:
        return {"type": "dict", "options": self.options_spec()}


class Field(Member):
    """A top-level option."""

    def __init__(
        self,
        name: str,
        api: str,
        shape: Shape,
        kinds: frozenset[str],
        create_only: bool = False,
        aliases: tuple[str, ...] = (),
        clear: Any = None,
        no_log: bool | None = None,
    ) -> None:
        super().__init__(name, api, shape, aliases=aliases, no_log=no_log)
        self.kinds = kinds
        self.create_only = create_only
        # The API value that clears this option on update, or None where it cannot be cleared.
        self.clear = clear


SCHEMA_REGISTRY = Struct(
    Member("schema_registry_uri", "SchemaRegistryURI", Scalar("str")),
    Member("event_record_format", "EventRecordFormat", Scalar("str", ("JSON", "SOURCE"))),
    Member(
        "access_config",
        "AccessConfigs",
        ListOf(
            Struct(
                Member(
                    "type",
                    "Type",
                    Scalar("str", ("BASIC_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH", "SERVER_ROOT_CA_CERTIFICATE")),
                    required=True,
                ),
                Member("uri", "URI", Scalar("str"), required=True),
            )
        ),
    ),
    Member(
        "schema_validation_config",
        "SchemaValidationConfigs",
        ListOf(Struct(Member("attribute", "Attribute", Scalar("str", ("KEY", "VALUE")), required=True))),
    ),
)


def kafka_config() -> Struct:
    return Struct(
        Member("consumer_group_id", "ConsumerGroupId", Scalar("str")),
        Member("schema_registry_config", "SchemaRegistryConfig", SCHEMA_REGISTRY),
    )


SOURCE_ACCESS_TYPES = (
    "BASIC_AUTH",
    "VPC_SUBNET",
    "VPC_SECURITY_GROUP",
    "SASL_SCRAM_512_AUTH",
    "SASL_SCRAM_256_AUTH",
    "VIRTUAL_HOST",
    "CLIENT_CERTIFICATE_TLS_AUTH",
    "SERVER_ROOT_CA_CERTIFICATE",
)

# docs/aws-behaviour.md §9: which source access types each kind takes. DocumentDB takes its credentials secret as BASIC_AUTH.
SOURCE_ACCESS_KINDS = {
    "BASIC_AUTH": frozenset((MQ, KAFKA, DOCDB)),
    "VPC_SUBNET": frozenset((KAFKA,)),
    "VPC_SECURITY_GROUP": frozenset((KAFKA,)),
    "SASL_SCRAM_512_AUTH": frozenset((MSK, KAFKA)),
    "SASL_SCRAM_256_AUTH": frozenset((KAFKA,)),
    "VIRTUAL_HOST": frozenset((MQ,)),
    "CLIENT_CERTIFICATE_TLS_AUTH": frozenset((MSK, KAFKA)),
    "SERVER_ROOT_CA_CERTIFICATE": frozenset((KAFKA,)),
}

# docs/aws-behaviour.md §9: ErrorCount and KafkaMetrics are for MSK and self-managed Kafka only.
METRICS_KINDS = {"EventCount": ALL_KINDS, "ErrorCount": KAFKAS, "KafkaMetrics": KAFKAS}

FIELDS: tuple[Field, ...] = (
    Field("event_source_arn", "EventSourceArn", Scalar("str"), ALL_KINDS - {KAFKA}, create_only=True),
    Field("batch_size", "BatchSize", Scalar("int"), ALL_KINDS),
    Field("bisect_batch_on_function_error", "BisectBatchOnFunctionError", Scalar("bool"), STREAMS | KAFKAS),
    Field(
        "destination_config",
        "DestinationConfig",
        Struct(
            Member(
                "on_failure",
                "OnFailure",
                Struct(Member("destination_arn", "Destination", Scalar("str"), aliases=("destination",))),
            )
        ),
        STREAMS | KAFKAS,
        # docs/aws-behaviour.md §2: AWS rejects {"OnFailure": {}}; the model's Destination pattern admits "" (docs/aws-behaviour.md §12.4).
        clear={"OnFailure": {"Destination": ""}},
    ),
    Field(
        "document_db_event_source_config",
        "DocumentDBEventSourceConfig",
        Struct(
            Member("database_name", "DatabaseName", Scalar("str")),
            Member("collection_name", "CollectionName", Scalar("str")),
            Member("full_document", "FullDocument", Scalar("str", ("UpdateLookup", "Default"))),
        ),
        frozenset((DOCDB,)),
    ),
    Field("enabled", "Enabled", Scalar("bool"), ALL_KINDS),
    Field(
        "filter_criteria",
        "FilterCriteria",
        Struct(
            Member("filter", "Filters", ListOf(Struct(Member("pattern", "Pattern", Pattern()))), aliases=("filters",))
        ),
        ALL_KINDS - {DOCDB},
        # docs/aws-behaviour.md §7: an empty struct on update clears the filters.
        clear={},
    ),
    Field(
        "function_response_types",
        "FunctionResponseTypes",
        ListOf(Scalar("str", ("ReportBatchItemFailures",))),
        frozenset((SQS,)) | STREAMS | KAFKAS,
        clear=[],
    ),
    Field("kms_key_arn", "KMSKeyArn", Scalar("str"), ALL_KINDS - {DOCDB}, clear="", no_log=False),
    Field("maximum_batching_window_in_seconds", "MaximumBatchingWindowInSeconds", Scalar("int"), ALL_KINDS),
    Field("maximum_record_age_in_seconds", "MaximumRecordAgeInSeconds", Scalar("int"), STREAMS | KAFKAS),
    Field("maximum_retry_attempts", "MaximumRetryAttempts", Scalar("int"), STREAMS | KAFKAS),
    Field(
        "metrics_config",
        "MetricsConfig",
        Struct(Member("metrics", "Metrics", ListOf(Scalar("str", tuple(METRICS_KINDS))))),
        ALL_KINDS,
        # The model allows 0 metrics (docs/aws-behaviour.md §2); clearing is otherwise not verified (docs/aws-behaviour.md §12.4).
        clear={"Metrics": []},
    ),
    Field("parallelization_factor", "ParallelizationFactor", Scalar("int"), STREAMS),
    Field(
        "provisioned_poller_config",
        "ProvisionedPollerConfig",
        Struct(
            Member("maximum_pollers", "MaximumPollers", Scalar("int")),
            Member("minimum_pollers", "MinimumPollers", Scalar("int")),
            Member("poller_group_name", "PollerGroupName", Scalar("str"), empty_is_value=True),
        ),
        frozenset((SQS,)) | KAFKAS,
        clear={},
    ),
    Field("queues", "Queues", ListOf(Scalar("str")), frozenset((MQ,)), create_only=True),
    Field(
        "scaling_config",
        "ScalingConfig",
        Struct(Member("maximum_concurrency", "MaximumConcurrency", Scalar("int"))),
        frozenset((SQS,)),
        # docs/aws-behaviour.md §2: Terraform clears it with an empty struct.
        clear={},
    ),
    Field(
        "self_managed_event_source",
        "SelfManagedEventSource",
        Struct(
            Member("endpoints", "Endpoints", Struct(Member(BOOTSTRAP_KEY, BOOTSTRAP_KEY, Servers())), required=True)
        ),
        frozenset((KAFKA,)),
        create_only=True,
    ),
    Field(
        "self_managed_kafka_event_source_config",
        "SelfManagedKafkaEventSourceConfig",
        kafka_config(),
        frozenset((KAFKA,)),
    ),
    Field(
        "amazon_managed_kafka_event_source_config",
        "AmazonManagedKafkaEventSourceConfig",
        kafka_config(),
        frozenset((MSK,)),
    ),
    Field(
        "source_access_configuration",
        "SourceAccessConfigurations",
        ListOf(
            Struct(
                Member("type", "Type", Scalar("str", SOURCE_ACCESS_TYPES), required=True),
                Member("uri", "URI", Scalar("str"), required=True),
            )
        ),
        frozenset((MSK, KAFKA, MQ, DOCDB)),
        aliases=("source_access_configurations",),
        clear=[],
    ),
    Field(
        "starting_position",
        "StartingPosition",
        Scalar("str", ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")),
        STREAMS | KAFKAS | {DOCDB},
        create_only=True,
    ),
    Field(
        "starting_position_timestamp",
        "StartingPositionTimestamp",
        Timestamp(),
        STREAMS | KAFKAS | {DOCDB},
        create_only=True,
    ),
    Field("topics", "Topics", ListOf(Scalar("str")), KAFKAS, create_only=True),
    Field("tumbling_window_in_seconds", "TumblingWindowInSeconds", Scalar("int"), STREAMS),
    Field(
        "logging_config",
        "LoggingConfig",
        Struct(Member("system_log_level", "SystemLogLevel", Scalar("str", ("DEBUG", "INFO", "WARN")))),
        KAFKAS,
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}

# Derived from State, not sent back by AWS (docs/aws-behaviour.md §2).
ENABLED_STATES = {"Enabled": True, "Enabling": True, "Creating": True, "Disabled": False, "Disabling": False}
STABLE_STATES = frozenset(("Enabled", "Disabled"))
TRANSITIONAL_STATES = frozenset(("Creating", "Enabling", "Disabling", "Updating", "Deleting"))

# Values AWS returns for a new mapping when an option is omitted (docs/aws-behaviour.md §3). Used only to predict the
# result of a create in check mode; comparison never assumes them.
CREATE_DEFAULTS: dict[str, dict[str, Any]] = {
    SQS: {"BatchSize": 10, "MaximumBatchingWindowInSeconds": 0, "FunctionResponseTypes": []},
    KINESIS: {
        "BatchSize": 100,
        "BisectBatchOnFunctionError": False,
        "DestinationConfig": {"OnFailure": {}},
        "FunctionResponseTypes": [],
        "MaximumBatchingWindowInSeconds": 0,
        "MaximumRecordAgeInSeconds": -1,
        "MaximumRetryAttempts": -1,
        "ParallelizationFactor": 1,
        "TumblingWindowInSeconds": 0,
    },
    MSK: {"BatchSize": 100},
    KAFKA: {"BatchSize": 100},
    MQ: {"BatchSize": 100},
    DOCDB: {"BatchSize": 100, "DocumentDBEventSourceConfig": {"FullDocument": "Default"}},
}
CREATE_DEFAULTS[DYNAMODB] = CREATE_DEFAULTS[KINESIS]


def mapping_argument_spec() -> dict[str, Any]:
    """The argument spec of every mapping option, from the table."""
    spec = {field.name: field.argspec() for field in FIELDS}
    spec["function_name"] = {"type": "str"}
    spec["tags"] = {"type": "dict", "aliases": ["resource_tags"]}
    return spec
