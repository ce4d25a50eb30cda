# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of event source mapping options. Private to the esmkit.aws collection.

Each option names its Ansible name (mirroring the Terraform resource ``aws_lambda_event_source_mapping``),
its API member, its shape, and every rule about it: the kinds of source it applies to (per key of a block too),
its range or length, whether it can only be set at creation (per key and per list entry too), which kinds need
it to create a mapping, AWS's defaults and the botocore release that knows it (see ``Member``). Translation to
and from the API, comparison, validation, planning, the argument spec, the SDK check and the documentation
check (tests/unit/plugins/modules/test_documentation_facts.py) are all derived from this table, never written
per field. Adding an AWS parameter is one entry here (README.md, "Adding an AWS parameter").

What is not about one option is not in the table: the rules that tie options together live in ``validate.py``,
each once (the SQS batching window a batch above 10 needs, SQS's exclusive scaling modes, FIFO limits, the
pollers' minimum against their maximum, a timestamp only with AT_TIMESTAMP, the failure destinations per kind).

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

    @classmethod
    def micros(cls, value: Any) -> int:
        """The instant as whole microseconds since the epoch (exact, unlike a float)."""
        delta = cls.parse(value) - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds

    def differs(self, desired: Any, current: Any) -> bool:
        """docs/aws-behaviour.md §2 (timestamps): the task's value is already at the precision the installed
        botocore sends (sdk.at_sent_precision). Whether AWS keeps that precision is not public: a held value equal
        to it, or to it cut to milliseconds or to whole seconds, is the same instant (design choice, safe for both)."""
        if desired is None:
            return False
        if current is None:
            return True
        wanted, held = self.micros(desired), self.micros(current)
        return held not in (wanted, wanted - wanted % 1000, wanted - wanted % 1_000_000)


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

    def __init__(self, element: Shape, create_only_entries: tuple[str, str] | None = None) -> None:
        self.element = element
        # (key, value): entries whose key has that value can only be set at creation (docs/aws-behaviour.md §2:
        # the RabbitMQ VIRTUAL_HOST source access entry).
        self.create_only_entries = create_only_entries

    def create_only_part(self, value: Any) -> list[Any]:
        """The entries of ``value`` (option shape) that can only be set at creation."""
        if self.create_only_entries is None:
            return []
        key, wanted = self.create_only_entries
        return [entry for entry in value or [] if isinstance(entry, dict) and entry.get(key) == wanted]

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
    """One key of a struct, with every rule about it.

    - ``kinds``: the kinds of source it applies to (None: as its parent; every top-level option names them).
    - ``value_kinds``: for a choice, the kinds each value applies to.
    - ``create_only``: AWS takes it only at creation (docs/aws-behaviour.md §2); never sent in an update, and a change
      to it is a replacement.
    - ``range`` (with ``also``, values allowed outside it) and ``kind_range`` (per kind) for integers;
      ``length`` (minimum, maximum or None) for strings.
    - ``required_on_create``: the kinds whose create needs it (docs/aws-behaviour.md §3, §9), with ``hint``, what it takes.
    - ``aws_default``: what AWS holds, per kind, when a create leaves it out (docs/aws-behaviour.md §3); predicts a
      create in check mode and nothing else.
    - ``botocore``: the first botocore release whose Lambda model has it (sdk.py, docs/botocore-minimums.md);
      ``value_botocore``: the same for values of an enum that came later than the member.
    - ``absent_means``: per kind, what the member is when AWS leaves it out of its answer (docs/aws-behaviour.md §3):
      a task stating that value is not a change.
    - ``rewritten``: ``{asked: (held, needs)}``: AWS holds (or may report) ``asked`` as ``held`` while the option
      ``needs`` is set (docs/aws-behaviour.md §3); the two compare equal then.
    """

    # Every rule a member can have, with its default; the table sets the others by keyword.
    aliases: tuple[str, ...] = ()
    required = False
    no_log: bool | None = None
    # An empty string that means something (leave the poller group), rather than "clear the block".
    empty_is_value = False
    kinds: frozenset[str] | None = None
    value_kinds: dict[str, frozenset[str]] | None = None
    create_only = False
    range: tuple[int, int] | None = None
    also: tuple[int, ...] = ()
    kind_range: dict[str, tuple[int, int]] = {}  # noqa: RUF012 - never changed
    length: tuple[int, int | None] | None = None
    required_on_create: frozenset[str] = frozenset()
    hint = ""
    aws_default: dict[str, Any] = {}  # noqa: RUF012 - never changed
    botocore: str | None = None
    value_botocore: dict[str, str] = {}  # noqa: RUF012 - never changed
    absent_means: dict[str, Any] = {}  # noqa: RUF012 - never changed
    rewritten: dict[Any, tuple[Any, str]] = {}  # noqa: RUF012 - never changed

    def __init__(self, name: str, api: str, shape: Shape, **rules: Any) -> None:
        self.name = name
        self.api = api
        self.shape = shape
        for rule, value in rules.items():
            if rule.startswith("_") or not hasattr(Member, rule) or callable(getattr(Member, rule)):
                raise TypeError(f"{name}: {rule} is not a rule of an option")
            setattr(self, rule, value)

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
    """A top-level option: a member that names its kinds, and ``clear``, the API value that clears it on update
    (None where it cannot be cleared)."""

    def __init__(
        self, name: str, api: str, shape: Shape, kinds: frozenset[str], clear: Any = None, **rules: Any
    ) -> None:
        super().__init__(name, api, shape, kinds=kinds, **rules)
        self.clear = clear


NOT_EMPTY = (1, None)

# docs/botocore-minimums.md: the first releases whose Lambda model has the OAuth and IAM access types (and the schema
# registry's OAUTHBEARER_AUTH), and SelfManagedKafkaEventSourceConfig.ConsumptionMode.
OAUTH_BOTOCORE = "1.43.110"
CONSUMPTION_MODE_BOTOCORE = "1.43.123"

SCHEMA_REGISTRY = Struct(
    Member("schema_registry_uri", "SchemaRegistryURI", Scalar("str"), length=NOT_EMPTY),
    Member("event_record_format", "EventRecordFormat", Scalar("str", ("JSON", "SOURCE"))),
    Member(
        "access_config",
        "AccessConfigs",
        ListOf(
            Struct(
                Member(
                    "type",
                    "Type",
                    Scalar(
                        "str",
                        ("BASIC_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH", "SERVER_ROOT_CA_CERTIFICATE", "OAUTHBEARER_AUTH"),
                    ),
                    required=True,
                    value_botocore={"OAUTHBEARER_AUTH": OAUTH_BOTOCORE},
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

# docs/aws-behaviour.md §2: the consumer group id can only be set at creation.
CONSUMER_GROUP_ID = Member("consumer_group_id", "ConsumerGroupId", Scalar("str"), create_only=True, length=(1, 200))
REGISTRY = Member("schema_registry_config", "SchemaRegistryConfig", SCHEMA_REGISTRY, botocore="1.38.40")
KAFKA_CONFIG = Struct(CONSUMER_GROUP_ID, REGISTRY)
# docs/aws-behaviour.md §2, §9: self-managed Kafka only; Stream (AWS's default, also when it leaves the member out of
# an answer) or Queue; only at creation.
QUEUE_MODE = "Queue"
CONSUMPTION_MODE = Member(
    "consumption_mode",
    "ConsumptionMode",
    Scalar("str", ("Stream", QUEUE_MODE)),
    create_only=True,
    botocore=CONSUMPTION_MODE_BOTOCORE,
    absent_means={KAFKA: "Stream"},
)
SELF_MANAGED_KAFKA_CONFIG = Struct(CONSUMER_GROUP_ID, REGISTRY, CONSUMPTION_MODE)
# docs/aws-behaviour.md §2: what Queue mode does not take.
NOT_IN_QUEUE_MODE = ("starting_position", "starting_position_timestamp", "maximum_batching_window_in_seconds")

SOURCE_ACCESS_TYPES = (
    "BASIC_AUTH",
    "VPC_SUBNET",
    "VPC_SECURITY_GROUP",
    "SASL_SCRAM_512_AUTH",
    "SASL_SCRAM_256_AUTH",
    "VIRTUAL_HOST",
    "CLIENT_CERTIFICATE_TLS_AUTH",
    "SERVER_ROOT_CA_CERTIFICATE",
    "OAUTHBEARER_AUTH",
    "OAUTHBEARER_SCOPE",
    "OAUTHBEARER_AUDIENCE",
    "OAUTHBEARER_LOGICAL_CLUSTER",
    "OAUTHBEARER_IDENTITY_POOL",
    "IAM_AUTH",
    "IAM_OAUTHBEARER_AUTH",
)
# docs/aws-behaviour.md §9: the access types whose entry has no URI ("Omit the URI field for this type").
NO_URI_TYPES = frozenset(("IAM_AUTH", "IAM_OAUTHBEARER_AUTH"))
# docs/aws-behaviour.md §9: type -> the types one of which the same list must hold with it.
ACCESS_TYPE_NEEDS = {
    "OAUTHBEARER_SCOPE": ("OAUTHBEARER_AUTH",),
    "OAUTHBEARER_LOGICAL_CLUSTER": ("OAUTHBEARER_AUTH",),
    "OAUTHBEARER_IDENTITY_POOL": ("OAUTHBEARER_AUTH",),
    "OAUTHBEARER_AUDIENCE": ("OAUTHBEARER_AUTH", "IAM_OAUTHBEARER_AUTH"),
    "IAM_OAUTHBEARER_AUTH": ("OAUTHBEARER_AUDIENCE",),
}
# docs/aws-behaviour.md §9: IAM_OAUTHBEARER_AUTH "does not support the other OAUTHBEARER types".
ACCESS_TYPES_EXCLUDED = {
    "IAM_OAUTHBEARER_AUTH": (
        "OAUTHBEARER_AUTH",
        "OAUTHBEARER_SCOPE",
        "OAUTHBEARER_LOGICAL_CLUSTER",
        "OAUTHBEARER_IDENTITY_POOL",
    )
}

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
    **dict.fromkeys(SOURCE_ACCESS_TYPES[8:], frozenset((KAFKA,))),
}

# docs/aws-behaviour.md §9: ErrorCount and KafkaMetrics are for MSK and self-managed Kafka only.
METRICS_KINDS = {"EventCount": ALL_KINDS, "ErrorCount": KAFKAS, "KafkaMetrics": KAFKAS}


INT = Scalar("int")


def per_kind(value: Any, kinds: frozenset[str] = ALL_KINDS, **others: Any) -> dict[str, Any]:
    """An AWS default per kind: ``value`` for ``kinds``, with exceptions by kind name."""
    defaults = dict.fromkeys(kinds, value)
    defaults.update(others)
    return defaults


# Every option, with every rule about it (ranges from the API model and the per-source pages, docs/aws-behaviour.md
# §2, §4, §13; defaults docs/aws-behaviour.md §3; botocore minimums docs/botocore-minimums.md). Options with no
# botocore minimum are in every release from 1.20.105 on.
FIELDS: tuple[Field, ...] = (
    Field("event_source_arn", "EventSourceArn", Scalar("str"), ALL_KINDS - {KAFKA}, create_only=True),
    Field("batch_size", "BatchSize", Scalar("int"), ALL_KINDS, range=(1, 10000), aws_default=per_kind(100, sqs=10)),
    Field(
        "bisect_batch_on_function_error",
        "BisectBatchOnFunctionError",
        Scalar("bool"),
        STREAMS | KAFKAS,
        aws_default=per_kind(False, STREAMS),
        # docs/aws-behaviour.md §3: AWS's default; whether Kafka answers carry it is not verified.
        absent_means=per_kind(False, KAFKAS),
    ),
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
            # docs/aws-behaviour.md §2, §6: the database and the collection are fixed at creation (an Update that
            # carries them is refused, aws/aws-cli#7756); a change of either is a replacement.
            Member(
                "database_name",
                "DatabaseName",
                Scalar("str"),
                length=NOT_EMPTY,
                create_only=True,
                required_on_create=frozenset((DOCDB,)),
                hint="the database to read",
            ),
            Member("collection_name", "CollectionName", Scalar("str"), length=NOT_EMPTY, create_only=True),
            Member(
                "full_document",
                "FullDocument",
                Scalar("str", ("UpdateLookup", "Default")),
                aws_default={DOCDB: "Default"},
            ),
        ),
        frozenset((DOCDB,)),
        botocore="1.29.80",
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
        botocore="1.23.12",
    ),
    Field(
        "function_response_types",
        "FunctionResponseTypes",
        ListOf(Scalar("str", ("ReportBatchItemFailures",))),
        frozenset((SQS,)) | STREAMS | KAFKAS,
        clear=[],
    ),
    Field("kms_key_arn", "KMSKeyArn", Scalar("str"), ALL_KINDS - {DOCDB}, clear="", no_log=False, botocore="1.35.3"),
    Field(
        "maximum_batching_window_in_seconds",
        "MaximumBatchingWindowInSeconds",
        Scalar("int"),
        ALL_KINDS,
        range=(0, 300),
        aws_default=per_kind(0, STREAMS | {SQS}),
        # docs/aws-behaviour.md §3: Kafka, MQ and DocumentDB leave the window out at their 500 ms default, which whole
        # seconds cannot state; 0 ("no longer than the default") is taken as met by it (design choice, §3).
        absent_means=per_kind(0, KAFKAS | {MQ, DOCDB}),
    ),
    Field(
        "maximum_record_age_in_seconds",
        "MaximumRecordAgeInSeconds",
        Scalar("int"),
        STREAMS | KAFKAS,
        range=(60, 604800),
        also=(-1,),
        aws_default=per_kind(-1, STREAMS),
        absent_means=per_kind(-1, KAFKAS),
    ),
    Field(
        "maximum_retry_attempts",
        "MaximumRetryAttempts",
        Scalar("int"),
        STREAMS | KAFKAS,
        range=(-1, 10000),
        aws_default=per_kind(-1, STREAMS),
        absent_means=per_kind(-1, KAFKAS),
        # docs/aws-behaviour.md §3: with an on-failure destination Lambda applies -1 as at most 10 retries.
        rewritten={-1: (10, "destination_config")},
    ),
    Field(
        "metrics_config",
        "MetricsConfig",
        Struct(Member("metrics", "Metrics", ListOf(Scalar("str", tuple(METRICS_KINDS))), value_kinds=METRICS_KINDS)),
        ALL_KINDS,
        # The model allows 0 metrics (docs/aws-behaviour.md §2); clearing is otherwise not verified (docs/aws-behaviour.md §12.4).
        clear={"Metrics": []},
        botocore="1.35.67",
    ),
    Field(
        "parallelization_factor", "ParallelizationFactor", INT, STREAMS, range=(1, 10), aws_default=per_kind(1, STREAMS)
    ),
    Field(
        "provisioned_poller_config",
        "ProvisionedPollerConfig",
        Struct(
            # docs/aws-behaviour.md §13: provisioned poller ranges per kind, as the current botocore model documents them.
            Member(
                "maximum_pollers",
                "MaximumPollers",
                Scalar("int"),
                kind_range={SQS: (2, 10000), MSK: (1, 2000), KAFKA: (1, 2000)},
            ),
            Member(
                "minimum_pollers",
                "MinimumPollers",
                Scalar("int"),
                kind_range={SQS: (2, 200), MSK: (1, 200), KAFKA: (1, 200)},
            ),
            Member(
                "poller_group_name",
                "PollerGroupName",
                Scalar("str"),
                empty_is_value=True,
                kinds=KAFKAS,
                botocore="1.41.2",
            ),
        ),
        frozenset((SQS,)) | KAFKAS,
        clear={},
        botocore="1.35.68",
    ),
    Field("queues", "Queues", ListOf(Scalar("str")), frozenset((MQ,)), create_only=True),
    Field(
        "scaling_config",
        "ScalingConfig",
        Struct(Member("maximum_concurrency", "MaximumConcurrency", Scalar("int"), range=(2, 1000))),
        frozenset((SQS,)),
        # docs/aws-behaviour.md §2: Terraform clears it with an empty struct.
        clear={},
        botocore="1.29.49",
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
        SELF_MANAGED_KAFKA_CONFIG,
        frozenset((KAFKA,)),
        botocore="1.27.54",
    ),
    Field(
        "amazon_managed_kafka_event_source_config",
        "AmazonManagedKafkaEventSourceConfig",
        KAFKA_CONFIG,
        frozenset((MSK,)),
        botocore="1.27.54",
    ),
    Field(
        "starting_position",
        "StartingPosition",
        Scalar("str", ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")),
        STREAMS | KAFKAS | {DOCDB},
        create_only=True,
        required_on_create=STREAMS | KAFKAS,
        hint="one of TRIM_HORIZON, LATEST, AT_TIMESTAMP",
    ),
    Field(
        "source_access_configuration",
        "SourceAccessConfigurations",
        ListOf(
            Struct(
                Member(
                    "type",
                    "Type",
                    Scalar("str", SOURCE_ACCESS_TYPES),
                    required=True,
                    value_kinds=SOURCE_ACCESS_KINDS,
                    value_botocore=dict.fromkeys(SOURCE_ACCESS_TYPES[8:], OAUTH_BOTOCORE),
                ),
                # Every type but NO_URI_TYPES needs it (validate.py).
                Member("uri", "URI", Scalar("str"), length=NOT_EMPTY),
            ),
            # docs/aws-behaviour.md §2: the RabbitMQ virtual host can only be set at creation.
            create_only_entries=("type", "VIRTUAL_HOST"),
        ),
        frozenset((MSK, KAFKA, MQ, DOCDB)),
        aliases=("source_access_configurations",),
        clear=[],
        # docs/aws-behaviour.md §9: "Required 'sourceAccessConfigurations' parameter is missing."
        required_on_create=frozenset((KAFKA,)),
        hint="a list of type/uri entries",
    ),
    Field(
        "starting_position_timestamp",
        "StartingPositionTimestamp",
        Timestamp(),
        STREAMS | KAFKAS | {DOCDB},
        create_only=True,
    ),
    Field("topics", "Topics", ListOf(Scalar("str")), KAFKAS, create_only=True),
    Field(
        "tumbling_window_in_seconds",
        "TumblingWindowInSeconds",
        INT,
        STREAMS,
        range=(0, 900),
        aws_default=per_kind(0, STREAMS),
    ),
    Field(
        "logging_config",
        "LoggingConfig",
        Struct(Member("system_log_level", "SystemLogLevel", Scalar("str", ("DEBUG", "INFO", "WARN")))),
        KAFKAS,
        botocore="1.42.37",
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}

# Derived from State, not sent back by AWS (docs/aws-behaviour.md §2).
ENABLED_STATES = {"Enabled": True, "Enabling": True, "Creating": True, "Disabled": False, "Disabling": False}
STABLE_STATES = frozenset(("Enabled", "Disabled"))
TRANSITIONAL_STATES = frozenset(("Creating", "Enabling", "Disabling", "Updating", "Deleting"))


def read(field: Field, mapping: dict[str, Any]) -> Any:
    """The value of one option in an API mapping, in option shape. ``enabled`` is read from State, because AWS
    does not send Enabled back (docs/aws-behaviour.md §2); None while State does not say (Updating)."""
    if field.name == "enabled":
        return ENABLED_STATES.get(mapping.get("State", ""))
    return field.shape.from_api(mapping.get(field.api))


def busy(mapping: dict[str, Any] | None) -> bool:
    """Creating, Updating, Enabling or Disabling: on its way to a stable state (Deleting is on its way out)."""
    return mapping is not None and mapping.get("State") in TRANSITIONAL_STATES and mapping.get("State") != "Deleting"


def live(mapping: dict[str, Any] | None) -> bool:
    """Held and not on its way out."""
    return mapping is not None and mapping.get("State") != "Deleting"


def state_of(enabled: bool) -> str:
    """The stable State a mapping settles in with ``enabled``."""
    return "Enabled" if enabled else "Disabled"


# ---------------------------------------------------------------- derived from the table


def table_members(path: tuple[str, ...] = (), shape: Struct | None = None):
    """(path, member) for every option and nested key of the table, depth first; list entries' keys are
    named through the list (``("source_access_configuration", "uri")``)."""
    members = FIELDS if shape is None else shape.members
    for member in members:
        here = path + (member.name,)
        yield here, member
        inner = member.shape.element if isinstance(member.shape, ListOf) else member.shape
        if isinstance(inner, Struct):
            yield from table_members(here, inner)


def value_at(values: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in nested blocks (option or API shape), None where a step is missing."""
    for key in path:
        if not isinstance(values, dict):
            return None
        values = values.get(key)
    return values


def set_values(values: dict[str, Any]):
    """(option as the task writes it, member, value) for every option and nested key the task sets, list
    entries included (``source_access_configuration[0].uri``)."""
    for field in FIELDS:
        if values.get(field.name) is not None:
            yield from _walk(field.name, field, values[field.name])


def _walk(path: str, member: Member, value: Any):
    yield path, member, value
    if isinstance(member.shape, ListOf) and isinstance(member.shape.element, Struct) and isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                for sub, sub_value in member.shape.element.set_members(entry):
                    yield from _walk(f"{path}[{index}].{sub.name}", sub, sub_value)
    elif isinstance(member.shape, Struct) and isinstance(value, dict):
        for sub, sub_value in member.shape.set_members(value):
            yield from _walk(f"{path}.{sub.name}", sub, sub_value)


def _in_a_list(path: tuple[str, ...]) -> bool:
    node: Any = FIELDS_BY_NAME[path[0]]
    for name in path[1:]:
        if isinstance(node.shape, ListOf):
            return True
        node = next(member for member in node.shape.members if member.name == name)
    return False


# Create-only keys inside blocks (a consumer group id), by path; list entries have create_only_entries instead.
CREATE_ONLY_KEYS: tuple[tuple[str, ...], ...] = tuple(
    path for path, member in table_members() if member.create_only and len(path) > 1 and not _in_a_list(path)
)
# (path, member) of what AWS needs to create a mapping of some kinds (docs/aws-behaviour.md §3, §9).
REQUIRED_ON_CREATE: tuple[tuple[tuple[str, ...], Member], ...] = tuple(
    (path, member) for path, member in table_members() if member.required_on_create
)
# Dotted path -> the first botocore release whose Lambda model has the member (sdk.py).
BOTOCORE_MINIMUMS: dict[str, str] = {
    ".".join(path): member.botocore for path, member in table_members() if member.botocore
}


def create_defaults(kind: str, shape: Struct | None = None) -> dict[str, Any]:
    """What AWS holds for a new mapping of ``kind`` where the create left options out (docs/aws-behaviour.md §3), in
    option shape. Used only to predict a create in check mode; comparison never assumes them."""
    defaults: dict[str, Any] = {}
    for member in FIELDS if shape is None else shape.members:
        if kind in member.aws_default:
            defaults[member.name] = member.aws_default[kind]
        elif isinstance(member.shape, Struct) and (shape is not None or kind in (member.kinds or ())):
            nested = create_defaults(kind, member.shape)
            if nested:
                defaults[member.name] = nested
    return defaults


# The options that steer a run rather than describe the mapping: their argument spec, with the one copy of
# their defaults (the module documentation states the same, tests/unit/plugins/modules/test_documentation.py).
CONTROL_OPTIONS: dict[str, dict[str, Any]] = {
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "uuid": {"type": "str"},
    "purge_tags": {"type": "bool", "default": True},
    "allow_replacement": {"type": "bool", "default": False},
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "int", "default": 600},
    "role_propagation_timeout": {"type": "int", "default": 120},
}
# The smallest value of the integer ones.
CONTROL_MINIMUMS = {"wait_timeout": 1, "role_propagation_timeout": 0}


# The keys of a mapping in the modules' result that are not options (docs/aws-behaviour.md §2), as an item of the set
# module accepts them so that the info module's result can be handed over as it is. None is sent to AWS: ``uuid``
# and ``function_arn`` are checked against the mapping the item names, ``state`` against ``enabled``, the others
# are ignored (mapping_set.check_handed, mapping_set.check_claims).
OUTPUT_KEYS: dict[str, dict[str, Any]] = {
    "uuid": {"type": "str"},
    "function_arn": {"type": "str"},
    "arn": {"type": "str"},
    "state": {"type": "str", "choices": sorted(STABLE_STATES | TRANSITIONAL_STATES)},
    "state_transition_reason": {"type": "raw"},
    "last_modified": {"type": "raw"},
    "last_processing_result": {"type": "raw"},
    "filter_criteria_error": {"type": "raw"},
}


def mapping_argument_spec() -> dict[str, Any]:
    """The argument spec of every mapping option, from the table."""
    spec = {field.name: field.argspec() for field in FIELDS}
    spec["function_name"] = {"type": "str"}
    spec["tags"] = {"type": "dict", "aliases": ["resource_tags"]}
    return spec
