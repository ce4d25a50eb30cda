# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of a task before any AWS call. Private to the esmkit.aws collection.

Every failure names the option. Rules that every task must meet are checked here, before the client is
even built; the few that depend on what AWS holds (the kind of a mapping addressed only by ``uuid``, or the
batching window a large SQS batch needs) are checked by ``check_against_current`` after the one read and
before any write. Every range of the option table is enforced, maxima included (docs/aws-behaviour.md §4, §11); the
filters per mapping, a quota AWS raises on request, are left to AWS.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any, NoReturn

from .errors import ValidationError
from .identity import ARN_RE, FUNCTION_FORMS, UUID_EXAMPLE, UUID_RE, FunctionRef, parse_function
from .options import (
    ACCESS_TYPE_NEEDS,
    ACCESS_TYPES_EXCLUDED,
    ARN_SERVICES,
    BOOTSTRAP_KEY,
    CONTROL_MINIMUMS,
    CONTROL_OPTIONS,
    DOCDB,
    DYNAMODB,
    FIELDS,
    FIELDS_BY_NAME,
    KAFKA,
    KAFKAS,
    KIND_NAMES,
    KINESIS,
    MQ,
    MSK,
    NO_URI_TYPES,
    NOT_IN_QUEUE_MODE,
    QUEUE_MODE,
    REQUIRED_ON_CREATE,
    SQS,
    ListOf,
    Pattern,
    Scalar,
    Servers,
    Struct,
    Timestamp,
    set_values,
    value_at,
)

# The resource part of a source ARN, per kind, with the form shown in the error (docs/aws-behaviour.md §9, §13).
SOURCE_ARN_SHAPES = {
    SQS: (re.compile(r"^[A-Za-z0-9_-]{1,80}(\.fifo)?\Z"), "arn:PARTITION:sqs:REGION:ACCOUNT:NAME"),
    # docs/aws-behaviour.md §9: a Kinesis source is a data stream or one of its stream consumers.
    KINESIS: (
        re.compile(r"^stream/[A-Za-z0-9_.-]{1,128}(/consumer/[A-Za-z0-9_.-]{1,128}:\d+)?\Z"),
        "arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME or stream/NAME/consumer/CONSUMER:CREATED",
    ),
    DYNAMODB: (
        re.compile(r"^table/[A-Za-z0-9_.-]{1,255}/stream/\S+\Z"),
        "arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL",
    ),
    # docs/aws-behaviour.md §9: an MSK source is a cluster, or a managed VPC connection (cross-account).
    MSK: (
        re.compile(r"^(cluster/[A-Za-z0-9-]+/\S+|vpc-connection/\d{12}/[A-Za-z0-9-]+/\S+)\Z"),
        "arn:PARTITION:kafka:REGION:ACCOUNT:cluster/NAME/ID or vpc-connection/OWNER/NAME/ID",
    ),
    MQ: (re.compile(r"^broker:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+\Z"), "arn:PARTITION:mq:REGION:ACCOUNT:broker:NAME:ID"),
    DOCDB: (re.compile(r"^cluster:[A-Za-z][A-Za-z0-9-]*\Z"), "arn:PARTITION:rds:REGION:ACCOUNT:cluster:NAME"),
}

MAX_PATTERN_LENGTH = 4096

# A value that names something (a function, an ARN, a UUID, a topic, a tag) never holds a line break, a control
# character or white space at either end. A YAML block scalar (`|`) or lookup('file', ...) adds a final newline, and
# a pattern's `$` matches before it; so this is refused first, naming the option, before anything is sent.
_STRAY_TEXT = re.compile(r"^\s|\s\Z|[\x00-\x1f\x7f]")
# An ARN cut at its first five colons, to say which part of an ARN of a known service is wrong.
_ARN_PARTS = re.compile(
    r"^arn:(?P<partition>[^:]*):(?P<service>[^:]*):(?P<region>[^:]*):(?P<account>[^:]*):(?P<resource>.*)\Z"
)


def check_text(option: str, value: Any) -> None:
    if not isinstance(value, str) or not _STRAY_TEXT.search(value):
        return
    if "\n" in value or "\r" in value:
        what = "a line break"
    elif value.strip() != value:
        what = "white space at its start or end"
    else:
        what = "a control character"
    _fail(
        option,
        f"{option} must not contain {what}, got {value!r}. A YAML block scalar (|) and lookup('file', ...) keep the "
        "final newline: use |- or the trim filter.",
    )


def check_names(params: dict[str, Any], values: dict[str, Any]) -> None:
    """Refuse stray line breaks and white space in every string option that names something (see _STRAY_TEXT)."""
    for option in ("function_name", "uuid"):
        check_text(option, params.get(option))
    for option, member, value in set_values(values):
        if isinstance(member.shape, Scalar):
            check_text(option, value)
        elif isinstance(member.shape, ListOf) and isinstance(member.shape.element, Scalar) and isinstance(value, list):
            for index, entry in enumerate(value):
                check_text(f"{option}[{index}]", entry)
    for key, value in (params.get("tags") or {}).items():
        check_text("tags", key)
        check_text(f"tags.{key}", value)


def _arn_problem(arn: str) -> str | None:
    """What is wrong with an ARN of a service that has mappings, None if it is no such ARN at all."""
    parts = _ARN_PARTS.match(arn)
    if not parts or parts.group("service") not in ARN_SERVICES:
        return None
    region, account = parts.group("region"), parts.group("account")
    if not re.match(r"^aws[a-zA-Z0-9-]*$", parts.group("partition")):
        return f"its partition {parts.group('partition')!r} is not an AWS partition such as aws, aws-cn or aws-us-gov"
    if region.lower() != region:
        return f"its region {region!r} must be lower case, such as {region.lower()!r}"
    if not re.match(r"^[a-z0-9-]*$", region):
        return f"its region {region!r} is not a region name such as us-east-1"
    if account and not re.match(r"^\d{12}$", account):
        return f"its account {account!r} must be 12 digits"
    return None


def _default(name: str) -> Any:
    return CONTROL_OPTIONS[name].get("default")


@dataclass(frozen=True)
class Desired:
    """What the task asks for, validated; built once by ``validate`` and never changed (a variant is a
    ``dataclasses.replace``). ``values`` holds only the mapping options the task sets; ``kind`` is the kind of
    its source, None when only ``uuid`` names the mapping."""

    values: dict[str, Any]
    state: str = _default("state")
    uuid: str | None = None
    function_name: str | None = None
    function: FunctionRef | None = None
    kind: str | None = None
    tags: dict[str, str] | None = None
    purge_tags: bool = _default("purge_tags")
    wait: bool = _default("wait")
    wait_timeout: int = _default("wait_timeout")
    role_propagation_timeout: int = _default("role_propagation_timeout")
    allow_replacement: bool = _default("allow_replacement")

    @property
    def topic(self) -> str | None:
        topics = self.values.get("topics")
        return topics[0] if topics else None

    @property
    def queue(self) -> str | None:
        queues = self.values.get("queues")
        return queues[0] if queues else None

    @property
    def servers(self) -> list[str] | None:
        return _servers(self.values)


def _unset(value: Any) -> bool:
    """None, an empty list, or a block whose keys are all unset, nested blocks included ("" is left to the
    rules of each key)."""
    if isinstance(value, dict):
        return all(_unset(sub) for sub in value.values())
    if isinstance(value, list):
        return not value
    return value is None


def _fail(option: str, message: str) -> NoReturn:
    raise ValidationError(option, message)


def _source_kind(values: dict[str, Any]) -> str | None:
    """The kind of the task's source, with the source's shape checked (docs/aws-behaviour.md §9, §13)."""
    if "event_source_arn" in values:
        arn = values["event_source_arn"]
        match = ARN_RE.match(arn)
        problem = None if match else _arn_problem(arn)
        if problem:
            _fail("event_source_arn", f"event_source_arn {arn!r} is not a valid ARN: {problem}.")
        if not match or match.group("service") not in ARN_SERVICES:
            _fail(
                "event_source_arn",
                "event_source_arn must be the ARN of an SQS queue, Kinesis stream, DynamoDB stream, MSK cluster, "
                "Amazon MQ broker or DocumentDB cluster (services: {}), got {!r}.".format(
                    ", ".join(sorted(ARN_SERVICES)), arn
                ),
            )
        kind = ARN_SERVICES[match.group("service")]
        shape, form = SOURCE_ARN_SHAPES[kind]
        if not match.group("region") or not match.group("account") or not shape.match(match.group("resource")):
            _fail(
                "event_source_arn",
                f"event_source_arn of {KIND_NAMES[kind]} sources must look like {form}, got {arn!r}.",
            )
        return kind
    if "self_managed_event_source" in values:
        _check_server_types(values)
        if not _servers(values):
            _fail(
                "self_managed_event_source",
                f"self_managed_event_source.endpoints.{BOOTSTRAP_KEY} must list at least one broker.",
            )
        return KAFKA
    return None


def _check_server_types(values: dict[str, Any]) -> None:
    """Brokers are strings (host:port), as one comma-separated string or a list; YAML's `9092` is an int."""
    option = f"self_managed_event_source.endpoints.{BOOTSTRAP_KEY}"
    servers = ((values["self_managed_event_source"] or {}).get("endpoints") or {}).get(BOOTSTRAP_KEY)
    if servers is None or isinstance(servers, str):
        return
    if not isinstance(servers, list):
        _fail(
            option,
            f"{option} must be a comma-separated string or a list of host:port strings, got "
            f"{type(servers).__name__} {servers!r}; quote it.",
        )
    for index, server in enumerate(servers):
        if not isinstance(server, str):
            _fail(
                option,
                f"{option}[{index}] must be a host:port string, got {type(server).__name__} {server!r}"
                + ("; remove the empty entry." if server is None else "; quote it."),
            )


def _servers(values: dict[str, Any]) -> list[str] | None:
    source = values.get("self_managed_event_source")
    if not source:
        return None
    servers = (source.get("endpoints") or {}).get(BOOTSTRAP_KEY)
    if not isinstance(servers, (str, list)):
        # Missing (None) or not a string or a list: no brokers, which validate() reports naming the option.
        return []
    return Servers.split(servers)


def check_uuid(uuid: str) -> str:
    """The one check of a mapping UUID option."""
    if not UUID_RE.match(uuid):
        _fail("uuid", f"uuid must be an event source mapping UUID such as {UUID_EXAMPLE}, got {uuid!r}.")
    return uuid


def check_function_name(function_name: str | None) -> FunctionRef:
    """The one check of a function_name option: a name, name:qualifier, a partial ARN or an ARN."""
    function = parse_function(function_name or "")
    if function is None:
        _fail("function_name", f"function_name must be {FUNCTION_FORMS}, got {function_name!r}.")
    return function


def check_control(params: dict[str, Any]) -> dict[str, Any]:
    """The run options (CONTROL_OPTIONS) a task sets, with their minimums checked; fails naming the option."""
    control = {name: params[name] for name in CONTROL_OPTIONS if params.get(name) is not None}
    for name, low in CONTROL_MINIMUMS.items():
        if control.get(name, low) < low:
            unit = "at least 1 second" if low == 1 else f"{low} or more seconds"
            _fail(name, f"{name} must be {unit}, got {control[name]}.")
    return control


def validate(params: dict[str, Any], by_uuid: bool = True) -> Desired:
    """Check a task and return its desired state. Raises ValidationError naming the option.

    ``by_uuid``: the task may name its mapping by ``uuid`` instead of its function and source (the main
    module's tasks; a set's items may not, and are not told they could).
    """
    values = {f.name: params[f.name] for f in FIELDS if params.get(f.name) is not None}
    uuid = params.get("uuid")
    function_name = params.get("function_name")
    check_names(params, values)
    if uuid is not None:
        check_uuid(uuid)
    function = check_function_name(function_name) if function_name is not None else None
    unless = " unless uuid is given" if by_uuid else ""
    if uuid is None:
        if function_name is None:
            _fail("function_name", f"function_name is required{unless}.")
        if "event_source_arn" not in values and "self_managed_event_source" not in values:
            _fail(
                "event_source_arn",
                f"one of event_source_arn or self_managed_event_source is required{unless}.",
            )
    control = check_control(params)
    kind = _source_kind(values)
    desired = Desired(
        values=values, function_name=function_name, function=function, kind=kind, tags=params.get("tags"), **control
    )
    _check_values(desired)
    if kind is not None:
        check_kind(desired, kind)
    _check_lengths(values)
    return desired


def _check_lengths(values: dict[str, Any]) -> None:
    """The API model's string lengths (the table's ``length``): an empty string would be refused by botocore
    after the read. Checked last, so the rules of the kind speak first."""
    for option, member, value in set_values(values):
        if member.length is None or not isinstance(value, str):
            continue
        low, high = member.length
        if len(value) < low and high is None:
            _fail(option, f"{option} must not be empty.")
        if not low <= len(value) <= (high or len(value)):
            _fail(option, f"{option} must be {low} to {high} characters long.")


def _check_values(desired: Desired) -> None:
    """Rules that do not depend on the kind of source."""
    values = desired.values
    for name, value in values.items():
        field = FIELDS_BY_NAME[name]
        if field.clear is None and isinstance(field.shape, Struct) and _unset(value):
            # Sending nothing would be a silent no-op, and AWS documents no way to remove this block.
            _fail(
                name,
                f"{name} cannot be removed once set; give at least one of its keys: {', '.join(m.name for m in field.shape.members)}.",
            )
    for option, member, value in set_values(values):
        if member.range is None or value in member.also:
            continue
        low, high = member.range
        if not low <= value <= high:
            also = "".join(f"{v} or " for v in member.also)
            _fail(option, f"{option} must be {also}between {low} and {high}, got {value}.")
    pollers = values.get("provisioned_poller_config") or {}
    if pollers.get("minimum_pollers") is not None and pollers.get("maximum_pollers") is not None:
        if pollers["minimum_pollers"] > pollers["maximum_pollers"]:
            _fail(
                "provisioned_poller_config.minimum_pollers",
                "provisioned_poller_config.minimum_pollers ({}) must not exceed maximum_pollers ({}).".format(
                    pollers["minimum_pollers"], pollers["maximum_pollers"]
                ),
            )
    for index, entry in enumerate(value_at(values, ("filter_criteria", "filter")) or []):
        _check_pattern(index, entry.get("pattern"))
    for option in ("topics", "queues"):
        if option in values and len(values[option]) != 1:
            _fail(option, f"{option} must hold exactly one name, got {len(values[option])}.")
        if option in values and values[option][0] == "":
            _fail(option, f"{option} must not hold an empty name.")
    if "starting_position_timestamp" in values:
        _check_timestamp(values)
    elif values.get("starting_position") == "AT_TIMESTAMP":
        _fail(
            "starting_position_timestamp",
            "starting_position_timestamp is required when starting_position is AT_TIMESTAMP.",
        )
    kms = values.get("kms_key_arn")
    if kms is not None and kms != "" and not kms.startswith("arn:"):
        _fail("kms_key_arn", f"kms_key_arn must be a KMS key ARN, or an empty string to remove the key, got {kms!r}.")
    for key, value in (desired.tags or {}).items():
        if str(key).lower().startswith("aws:"):
            _fail("tags", f"tags: keys starting with 'aws:' are reserved by AWS, got {key!r}.")
        if value is None:
            _fail("tags", f'tags: tag values are strings, and the value of {key!r} is null; an empty value is "".')
        if not isinstance(value, str):
            # AWS takes strings only; YAML's `version: 2` is an int (botocore would refuse it after the read).
            _fail(
                "tags", f"tags: the value of {key!r} must be a string, got {type(value).__name__} {value!r}; quote it."
            )


def _check_pattern(index: int, pattern: Any) -> None:
    option = f"filter_criteria.filter[{index}].pattern"
    if pattern is None:
        _fail(option, f"{option} is required.")
    if isinstance(pattern, str):
        try:
            parsed = json.loads(pattern)
        except ValueError as exc:
            _fail(option, f"{option} must be valid JSON: {exc}.")
        text = pattern
    elif isinstance(pattern, dict):
        parsed = pattern
        try:
            text = Pattern.text(pattern)
        except (TypeError, ValueError) as exc:
            _fail(option, f"{option} cannot be written as JSON: {exc}.")
    else:
        _fail(option, f"{option} must be a JSON string or a mapping, got {type(pattern).__name__}.")
    if not isinstance(parsed, dict):
        _fail(option, f"{option} must be a JSON object.")
    if len(text) > MAX_PATTERN_LENGTH:
        _fail(option, f"{option} must be at most {MAX_PATTERN_LENGTH} characters, got {len(text)}.")


def _check_timestamp(values: dict[str, Any]) -> None:
    option = "starting_position_timestamp"
    if values.get("starting_position") != "AT_TIMESTAMP":
        _fail(option, "starting_position_timestamp applies only when starting_position is AT_TIMESTAMP.")
    try:
        instant = Timestamp.parse(values[option])
    except ValueError:
        _fail(
            option,
            "starting_position_timestamp must be an RFC 3339 date-time with an offset, such as 2024-01-31T12:00:00Z "
            f"or 2024-01-31T14:00:00+02:00, got {values[option]!r}.",
        )
    # docs/aws-behaviour.md §2: the timestamp must not be in the future.
    if instant > datetime.datetime.now(datetime.timezone.utc):
        _fail(option, f"starting_position_timestamp must not be in the future, got {values[option]!r}.")


def _kinds_text(kinds) -> str:
    return ", ".join(sorted(KIND_NAMES[kind] for kind in kinds))


def check_kind(desired: Desired, kind: str, current: dict[str, Any] | None = None) -> None:
    """Rules that depend on the kind of source (docs/aws-behaviour.md §3, §4, §9); ``current`` is the held mapping, normalised,
    when the kind came from it."""
    values = desired.values
    name = KIND_NAMES[kind]
    for option, member, value in set_values(values):
        if member.kinds is not None and kind not in member.kinds:
            _fail(option, f"{option} does not apply to {name} sources; it applies to: {_kinds_text(member.kinds)}.")
        for one in (value if isinstance(member.shape, ListOf) else [value]) if member.value_kinds else ():
            kinds = member.value_kinds.get(one)
            if kinds is not None and kind not in kinds:
                _fail(option, f"{option} {one} does not apply to {name} sources; it applies to: {_kinds_text(kinds)}.")
        low, high = member.kind_range.get(kind, (None, None))
        if low is not None and not low <= value <= high:
            _fail(option, f"{option} must be between {low} and {high} for {name} sources, got {value}.")

    _check_access_types(values)
    _check_queue_mode(values, current)
    if kind == DYNAMODB and values.get("starting_position") == "AT_TIMESTAMP":
        _fail(
            "starting_position",
            "starting_position AT_TIMESTAMP is not supported for DynamoDB streams; use TRIM_HORIZON or LATEST.",
        )
    if kind == SQS:
        _check_sqs_scaling_mode(values, None)
    if current is None:
        check_kafka_error_handling(kind, values, None, task_only=True)
    batch = values.get("batch_size")
    window = values.get("maximum_batching_window_in_seconds")
    source = values.get("event_source_arn") or (current or {}).get("event_source_arn") or ""
    if kind == SQS and source.endswith(".fifo"):
        if batch is not None and batch > 10:
            _fail("batch_size", f"batch_size must be between 1 and 10 for FIFO queues, got {batch}.")
        if window:
            _fail(
                "maximum_batching_window_in_seconds",
                "maximum_batching_window_in_seconds is not supported for FIFO queues.",
            )
    if kind == SQS:
        _check_sqs_window(batch, window)
    destination = value_at(values, ("destination_config", "on_failure", "destination_arn"))
    if destination:
        prefixes = ("arn:", "kafka://") if kind in KAFKAS else ("arn:",)
        if not destination.startswith(prefixes):
            _fail(
                "destination_config.on_failure.destination_arn",
                "destination_config.on_failure.destination_arn for {} sources must start with {}, got {!r}.".format(
                    name, " or ".join(prefixes), destination
                ),
            )


def consumption_mode(values: dict[str, Any] | None) -> str | None:
    """The self-managed Kafka consumption mode in ``values`` (option shape), None where not stated."""
    return value_at(values or {}, ("self_managed_kafka_event_source_config", "consumption_mode"))


def _check_queue_mode(values: dict[str, Any], held: dict[str, Any] | None) -> None:
    """docs/aws-behaviour.md §2: a Queue-mode mapping takes no starting position, timestamp or batching window;
    the mode is the task's, else the held mapping's (``held``, normalised)."""
    if (consumption_mode(values) or consumption_mode(held)) != QUEUE_MODE:
        return
    for name in NOT_IN_QUEUE_MODE:
        if name in values:
            _fail(
                name,
                f"{name} does not apply to self-managed Kafka mappings in Queue mode "
                "(self_managed_kafka_event_source_config.consumption_mode: Queue).",
            )


def _check_access_types(values: dict[str, Any]) -> None:
    """docs/aws-behaviour.md §9: a URI for every access type but the IAM ones, and the types that need another."""
    entries = values.get("source_access_configuration") or []
    types = {entry.get("type") for entry in entries}
    for index, entry in enumerate(entries):
        option = f"source_access_configuration[{index}].uri"
        if entry.get("type") in NO_URI_TYPES and entry.get("uri") is not None:
            _fail(option, f"{option} must be left out for type {entry['type']} (it has no secret).")
        if entry.get("type") not in NO_URI_TYPES and entry.get("uri") is None:
            _fail(option, f"{option} is required for type {entry.get('type')}.")
    for kind, needs in ACCESS_TYPE_NEEDS.items():
        if kind in types and not types.intersection(needs):
            _fail(
                "source_access_configuration",
                f"source_access_configuration type {kind} needs an entry of type {' or '.join(needs)} too.",
            )
    for kind, excluded in ACCESS_TYPES_EXCLUDED.items():
        if kind in types and types.intersection(excluded):
            _fail(
                "source_access_configuration",
                f"source_access_configuration type {kind} cannot be combined with {', '.join(sorted(types.intersection(excluded)))}.",
            )


def check_create(desired: Desired, kind: str, values: dict[str, Any] | None = None) -> None:
    """Rules that only a create must meet (the table's ``required_on_create``); checked after the read, before
    any write, when this run creates."""
    values = desired.values if values is None else values
    for path, member in REQUIRED_ON_CREATE:
        if path[0] in NOT_IN_QUEUE_MODE and consumption_mode(values) == QUEUE_MODE:
            continue
        if kind in member.required_on_create and _unset(value_at(values, path)):
            option = ".".join(path)
            where = f"function {desired.function_name!r} and this source" if desired.function_name else "this task"
            _fail(
                option,
                f"{option} ({member.hint}) is required to create an event source mapping for {KIND_NAMES[kind]} "
                f"sources, and no event source mapping exists for {where}. Nothing was changed.",
            )
    check_secret(kind, values)
    check_kafka_error_handling(kind, values, None)


def _check_sqs_scaling_mode(values: dict[str, Any], held: dict[str, Any] | None) -> None:
    """Maximum concurrency and provisioned mode are mutually exclusive for SQS (docs/aws-behaviour.md §13, services-sqs-scaling).

    ``held`` is what the mapping holds: an update that adds one mode must clear the other in the same task.
    """
    scaling = _after(values, held, "scaling_config")
    pollers = _after(values, held, "provisioned_poller_config")
    if not scaling or not pollers:
        return
    if held is None or ("scaling_config" in values and "provisioned_poller_config" in values):
        _fail(
            "scaling_config",
            "scaling_config.maximum_concurrency and provisioned_poller_config are mutually exclusive for SQS "
            "sources; set one of them.",
        )
    if "provisioned_poller_config" in values:
        _fail(
            "provisioned_poller_config",
            "provisioned_poller_config cannot be set while the mapping has scaling_config.maximum_concurrency "
            "(the two are mutually exclusive for SQS sources); to move to provisioned mode, set "
            "scaling_config: {} in the same task.",
        )
    _fail(
        "scaling_config",
        "scaling_config.maximum_concurrency cannot be set while the mapping is in provisioned mode (the two are "
        "mutually exclusive for SQS sources); to leave provisioned mode, set provisioned_poller_config: {} in the "
        "same task.",
    )


def _after(values: dict[str, Any], held: dict[str, Any] | None, name: str) -> bool:
    """Whether the block ``name`` is set (not empty) once the task's value is applied over what is held."""
    if name in values:
        return not _unset(values[name])
    return held is not None and not _unset(held.get(name))


def _check_sqs_window(batch: int | None, window: int | None) -> None:
    """The SQS batching window a batch above 10 needs; None where the value is not known (yet)."""
    if batch is not None and batch > 10 and window is not None and window < 1:
        # docs/aws-behaviour.md §4: "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10".
        _fail(
            "maximum_batching_window_in_seconds",
            f"maximum_batching_window_in_seconds must be at least 1 when batch_size ({batch}) is greater than 10 for SQS sources.",
        )


def check_against_current(desired: Desired, kind: str, current: dict[str, Any] | None) -> None:
    """Rules that need what AWS holds (``current``, normalised, None when nothing is held); run after the read,
    before any write, in check mode too, so check mode fails where the real run would."""
    if desired.kind is None:
        check_kind(desired, kind, current)
    else:
        _check_queue_mode(desired.values, current)
    values = desired.values
    if current is not None:
        check_kafka_error_handling(kind, values, current)
    if kind != SQS:
        return
    if "batch_size" in values or "maximum_batching_window_in_seconds" in values:
        # docs/aws-behaviour.md §4: the rule holds on create and update alike; what the task leaves out stays as held, and with
        # nothing held a create gets AWS's defaults (an SQS window of 0, docs/aws-behaviour.md §3).
        held = current or {}
        batch = values.get("batch_size", held.get("batch_size"))
        window = values.get("maximum_batching_window_in_seconds", held.get("maximum_batching_window_in_seconds"))
        _check_sqs_window(batch, window or 0)
    if current is not None:
        _check_sqs_scaling_mode(values, current)


# docs/aws-behaviour.md §9: Kafka error handling needs provisioned mode ("select provisioned mode to configure error
# handling controls", Lambda developer guide, kafka-retry-configurations). Each setting, with the values that are
# no error handling (AWS's defaults) and so need no pollers. S3, SNS and SQS destinations predate provisioned mode.
KAFKA_ERROR_HANDLING = {
    "bisect_batch_on_function_error": lambda value: value is True,
    "maximum_retry_attempts": lambda value: value is not None and value != -1,
    "maximum_record_age_in_seconds": lambda value: value is not None and value != -1,
    "function_response_types": bool,
    "destination_config": lambda value: str(value_at(value, ("on_failure", "destination_arn")) or "").startswith(
        "kafka://"
    ),
}
KAFKA_DESTINATION = "destination_config.on_failure.destination_arn"


def check_kafka_error_handling(
    kind: str, values: dict[str, Any], held: dict[str, Any] | None, task_only: bool = False
) -> None:
    """MSK and self-managed Kafka: error handling needs ``provisioned_poller_config``, in the task or held (``held``,
    normalised; None when nothing is held or for a create, whose ``values`` are all it will have); and a
    ``kafka://`` destination is not the source topic (docs/aws-behaviour.md §9, kafka-on-failure-destination).

    ``task_only``: before the read, only what the task alone decides (the pollers are in the task)."""
    if kind not in KAFKAS:
        return
    after = dict(held or {})
    after.update(values)
    topic = (after.get("topics") or [None])[0]
    destination = str(value_at(after, ("destination_config", "on_failure", "destination_arn")) or "")
    if topic is not None and destination == f"kafka://{topic}":
        _fail(
            KAFKA_DESTINATION,
            f"{KAFKA_DESTINATION} must not be the source topic ({destination}): AWS blocks a destination topic that "
            "is the source topic. Give another topic of the same cluster, or an SQS, SNS or S3 ARN.",
        )
    if not _unset(after.get("provisioned_poller_config")) or (task_only and "provisioned_poller_config" not in values):
        return
    needing = [name for name, needs in KAFKA_ERROR_HANDLING.items() if needs(after.get(name))]
    if not needing:
        return
    settings = ", ".join(
        KAFKA_DESTINATION + " (kafka://)" if name == "destination_config" else name for name in needing
    )
    if held is not None and "provisioned_poller_config" in values and not _unset(held.get("provisioned_poller_config")):
        _fail(
            "provisioned_poller_config",
            f"provisioned_poller_config cannot be removed while the mapping has {settings}: Kafka error handling "
            "needs provisioned mode. Set them back to their defaults in the same task (bisect false, -1 retries and "
            "record age, no function_response_types, no kafka:// destination), or keep the pollers.",
        )
    _fail(
        "provisioned_poller_config",
        f"{settings} on {KIND_NAMES[kind]} sources need provisioned mode: set provisioned_poller_config "
        "(minimum_pollers, maximum_pollers) in the task. SQS, SNS and S3 on-failure destinations need no pollers.",
    )


# docs/aws-behaviour.md §9: the secret a create needs, per kind (Amazon MQ's broker credentials; DocumentDB's cluster
# credentials), as a source_access_configuration entry of this type.
REQUIRED_ACCESS = {MQ: "BASIC_AUTH", DOCDB: "BASIC_AUTH"}


def check_secret(kind: str, values: dict[str, Any]) -> None:
    """A create of an Amazon MQ or DocumentDB mapping needs its credentials secret (docs/aws-behaviour.md §9)."""
    wanted = REQUIRED_ACCESS.get(kind)
    if wanted is None:
        return
    if any(entry.get("type") == wanted for entry in values.get("source_access_configuration") or []):
        return
    _fail(
        "source_access_configuration",
        f"source_access_configuration must hold a {wanted} entry (uri: the Secrets Manager secret with the "
        f"credentials) to create an event source mapping for {KIND_NAMES[kind]} sources. Nothing was changed.",
    )
