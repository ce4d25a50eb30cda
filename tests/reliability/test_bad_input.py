"""Bad input, property-based (hypothesis): over the option space, valid and invalid values alike.

(a) Every input that is refused is refused before any request, with a message that names an option: by the
    argument spec (as AnsibleModule applies it), or by ``validate()`` (a ValidationError naming its option);
    a sample of them is run through the real module against the endpoint, which must receive no request.
(b) Every input that is accepted produces requests that botocore's service model accepts
    (``botocore.validate.ParamValidator`` against each operation's input shape), Create and Update alike.

The module's flow runs in-process here (``runner.run`` with the real ``Api``) over a fake boto3 client that
checks every call's parameters against the model and answers like AWS would.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
import uuid as uuidlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import botocore.session
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from botocore.exceptions import ClientError
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.esmkit.aws.plugins.module_utils._esm.aws import Api
from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import CONNECTION_MUTUALLY_EXCLUSIVE
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError, ValidationError
from ansible_collections.esmkit.aws.plugins.module_utils._esm.identity import function_arn_like, parse_function
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import FIELDS, FIELDS_BY_NAME
from ansible_collections.esmkit.aws.plugins.module_utils._esm.runner import run
from ansible_collections.esmkit.aws.plugins.modules.lambda_event_source_mapping import argument_spec
from tests.reliability.conftest import lambda_calls, run_safely
from tests.reliability.figures import FIGURES
from tests.support import builders
from tests.support.builders import ACCOUNT, DLQ, FIFO_ARN, KMS, UUID
from tests.support.builders import SECRET as SECRET_ARN

MAX_EXAMPLES = int(os.environ.get("RELIABILITY_EXAMPLES", "4000"))
SAMPLE_RUNS = 30

ARNS = dict(builders.ARNS, **{"sqs-fifo": FIFO_ARN})
BAD_ARNS = [
    "orders",
    "arn:aws:s3:::bucket",
    f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders",
    f"arn:aws:rds:us-east-1:{ACCOUNT}:db:docs",
    "arn:aws:sqs:us-east-1:1234:orders",
    "",
]
MAIN_MUTUALLY_EXCLUSIVE = [["event_source_arn", "self_managed_event_source"], *CONNECTION_MUTUALLY_EXCLUSIVE]
SPEC = argument_spec()


def base(kind: str) -> dict[str, Any]:
    """A complete task that may create a mapping of ``kind`` ("uuid": one addressed by UUID only)."""
    if kind == "uuid":
        return {"uuid": UUID}
    extra = {"event_source_arn": FIFO_ARN} if kind == "sqs-fifo" else {}
    params = builders.task(kind.replace("-fifo", ""), servers="k1.example.com:9092", **extra)
    del params["state"]
    return params


# ------------------------------------------------------------------------------------------- strategies

WRONG_TYPES = st.sampled_from(["ten", "1.5x", [1], {"a": 1}])


def ranged(low: int, high: int | None) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    """(valid: in range, at the bounds, or a string Ansible converts; invalid: out of range either side, or of
    the wrong type)."""
    top = high if high is not None else low + 5000
    valid = st.one_of(st.integers(low, top), st.sampled_from([low, top]), st.integers(low, top).map(str))
    invalid = [st.integers(low - 100000, low - 1), st.just(low - 1), WRONG_TYPES]
    if high is not None:
        invalid += [st.integers(high + 1, high + 100000), st.just(high + 1)]
    return valid, st.one_of(invalid)


def choice(valid: list[Any], invalid: list[Any]) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    return st.sampled_from(valid), st.sampled_from(invalid)


def struct(**members: tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]) -> tuple[Any, Any]:
    """A dict option: valid with valid members; invalid with at least one invalid member."""
    valid = st.fixed_dictionaries({}, optional={name: pair[0] for name, pair in members.items()})
    invalid = st.sampled_from(sorted(members)).flatmap(
        lambda bad: st.fixed_dictionaries(
            {bad: members[bad][1]}, optional={n: p[0] for n, p in members.items() if n != bad}
        )
    )
    return valid, invalid


BOOLS = choice([True, False, "yes", "no", 1, 0], ["maybe", 2, "ture"])
NAME = choice(["orders", "a", "grp-1", "x" * 200], ["", " "])
PATTERN_VALID = st.one_of(
    st.sampled_from(['{"body": {"a": ["b"]}}', '{"a": [1]}' + " " * 4000, "{}"]),
    st.dictionaries(
        st.sampled_from(["body", "data", "eventName"]), st.lists(st.integers(0, 3), max_size=2), max_size=2
    ),
)
PATTERN_INVALID = st.sampled_from(["{", "[1, 2]", "null", 42, None, "x" * 5000, '{"a": [1]}' + " " * 4090])
TIMESTAMP = choice(
    ["2024-01-31T12:00:00Z", "2024-01-31 12:00:00+01:00", "2020-02-29T23:59:59.5-05:00"],
    ["2999-01-01T00:00:00Z", "yesterday", "2024-13-45T00:00:00Z", ""],
)
SOURCE_ACCESS_VALID = st.lists(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(
                [
                    "BASIC_AUTH",
                    "VPC_SUBNET",
                    "VPC_SECURITY_GROUP",
                    "SASL_SCRAM_512_AUTH",
                    "VIRTUAL_HOST",
                    "CLIENT_CERTIFICATE_TLS_AUTH",
                    "SERVER_ROOT_CA_CERTIFICATE",
                ]
            ),
            "uri": st.sampled_from([SECRET_ARN, "subnet:subnet-0123", "security_group:sg-0123", "/vhost"]),
        }
    ),
    min_size=1,
    max_size=3,
)
SOURCE_ACCESS_INVALID = st.one_of(
    st.lists(st.fixed_dictionaries({"type": st.just("BOGUS"), "uri": st.just(SECRET_ARN)}), min_size=1, max_size=1),
    st.lists(
        st.fixed_dictionaries({"type": st.just("BASIC_AUTH"), "uri": st.sampled_from(["", None])}),
        min_size=1,
        max_size=2,
    ),
    st.just([{"type": "BASIC_AUTH"}]),
)
SCHEMA_REGISTRY = struct(
    schema_registry_uri=choice(["https://registry.example.com", SECRET_ARN], [""]),
    event_record_format=choice(["JSON", "SOURCE"], ["XML"]),
    access_config=(
        st.lists(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["BASIC_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH"]), "uri": st.just(SECRET_ARN)}
            ),
            max_size=2,
        ),
        st.just([{"type": "VIRTUAL_HOST", "uri": SECRET_ARN}]),
    ),
    schema_validation_config=(
        st.lists(st.fixed_dictionaries({"attribute": st.sampled_from(["KEY", "VALUE"])}), max_size=2),
        st.just([{"attribute": "BODY"}]),
    ),
)
KAFKA_CONFIG = struct(consumer_group_id=NAME, schema_registry_config=SCHEMA_REGISTRY)
SERVERS = choice(
    ["k1.example.com:9092", ["k1.example.com:9092", "k2.example.com:9092"], "k1.example.com:9092, k2.example.com:9096"],
    ["", [], " , ", 9092, {"a": 1}, None],
)

# Each option: (valid values, invalid values). "Valid" means valid on its own; together with the source's kind
# or the other options a valid value can still be refused (that is tested too).
VALUES: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "event_source_arn": choice(list(ARNS.values()), BAD_ARNS),
    "function_name": choice(
        [
            "order-processor",
            "order-processor:live",
            "order-processor:$LATEST",
            f"{ACCOUNT}:function:order-processor",
            f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:order-processor:7",
        ],
        ["bad name!", "", "f" * 141, "arn:aws:s3:::bucket", "order-processor:bad qualifier"],
    ),
    "uuid": choice([UUID, UUID.upper()], ["not-a-uuid", "", UUID + "0"]),
    "state": choice(["present", "absent"], ["gone", "Present"]),
    "batch_size": ranged(1, 10000),
    "maximum_batching_window_in_seconds": ranged(0, 300),
    "parallelization_factor": ranged(1, 10),
    "maximum_retry_attempts": ranged(-1, 10000),
    "maximum_record_age_in_seconds": (
        st.one_of(st.just(-1), ranged(60, 604800)[0]),
        st.one_of(st.sampled_from([-2, 0, 59]), ranged(60, 604800)[1]),
    ),
    "tumbling_window_in_seconds": ranged(0, 900),
    "bisect_batch_on_function_error": BOOLS,
    "enabled": BOOLS,
    "starting_position": choice(["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"], ["EARLIEST", "latest"]),
    "starting_position_timestamp": TIMESTAMP,
    "filter_criteria": (
        st.one_of(
            st.just({}),
            st.fixed_dictionaries({"filter": st.lists(st.fixed_dictionaries({"pattern": PATTERN_VALID}), max_size=3)}),
        ),
        st.fixed_dictionaries(
            {"filter": st.lists(st.fixed_dictionaries({"pattern": PATTERN_INVALID}), min_size=1, max_size=2)}
        ),
    ),
    "function_response_types": (st.sampled_from([["ReportBatchItemFailures"], []]), st.just(["Bogus"])),
    "kms_key_arn": choice(["", KMS], ["alias/orders", "1234abcd"]),
    "destination_config": (
        st.one_of(
            st.just({}),
            st.fixed_dictionaries(
                {"on_failure": st.fixed_dictionaries({"destination_arn": st.sampled_from([DLQ, "kafka://dlq", ""])})}
            ),
        ),
        st.just({"on_failure": {"destination_arn": "dlq"}}),
    ),
    "metrics_config": (
        st.fixed_dictionaries(
            {
                "metrics": st.lists(
                    st.sampled_from(["EventCount", "ErrorCount", "KafkaMetrics"]), max_size=3, unique=True
                )
            }
        ),
        st.just({"metrics": ["Bogus"]}),
    ),
    "scaling_config": (
        st.one_of(st.just({}), st.fixed_dictionaries({"maximum_concurrency": ranged(2, 1000)[0]})),
        st.fixed_dictionaries({"maximum_concurrency": ranged(2, None)[1]}),
    ),
    "provisioned_poller_config": (
        st.one_of(
            st.just({}),
            st.fixed_dictionaries(
                {},
                # Valid for every kind that takes pollers (SQS 2..200 and 2..10000, MSK and Kafka 1..200 and
                # 1..2000); poller_group_name is MSK and Kafka only, so it is drawn among the invalid values.
                optional={
                    "minimum_pollers": ranged(2, 200)[0],
                    "maximum_pollers": ranged(200, 2000)[0],
                },
            ),
        ),
        st.one_of(
            st.fixed_dictionaries({"minimum_pollers": ranged(1, None)[1]}),
            st.fixed_dictionaries({"maximum_pollers": ranged(1, None)[1]}),
            st.just({"minimum_pollers": 5, "maximum_pollers": 2}),
            st.just({"poller_group_name": "group-1"}),
        ),
    ),
    "queues": (
        st.lists(NAME[0], min_size=1, max_size=1),
        st.one_of(st.just([]), st.lists(NAME[0], min_size=2, max_size=2), st.just([""])),
    ),
    "topics": (
        st.lists(NAME[0], min_size=1, max_size=1),
        st.one_of(st.just([]), st.lists(NAME[0], min_size=2, max_size=2), st.just([""])),
    ),
    "self_managed_event_source": (
        st.fixed_dictionaries({"endpoints": st.fixed_dictionaries({"KAFKA_BOOTSTRAP_SERVERS": SERVERS[0]})}),
        st.one_of(
            st.fixed_dictionaries({"endpoints": st.fixed_dictionaries({"KAFKA_BOOTSTRAP_SERVERS": SERVERS[1]})}),
            st.sampled_from([{"endpoints": {}}, {}]),
        ),
    ),
    "self_managed_kafka_event_source_config": KAFKA_CONFIG,
    "amazon_managed_kafka_event_source_config": KAFKA_CONFIG,
    "source_access_configuration": (SOURCE_ACCESS_VALID, SOURCE_ACCESS_INVALID),
    "document_db_event_source_config": struct(
        database_name=choice(["shop"], ["", "bad/name"]),
        collection_name=choice(["orders"], ["", "system.x"]),
        full_document=choice(["UpdateLookup", "Default"], ["Full"]),
    ),
    "logging_config": struct(system_log_level=choice(["DEBUG", "INFO", "WARN"], ["TRACE"])),
    "tags": (
        st.dictionaries(st.sampled_from(["team", "env", "Name"]), st.sampled_from(["a", "", "x" * 10]), max_size=3),
        st.sampled_from([{"aws:reserved": "x"}, {"version": 2}, {"on": True}, {"n": None}]),
    ),
    "purge_tags": BOOLS,
    "allow_replacement": BOOLS,
    "wait": BOOLS,
    "wait_timeout": choice([1, 5, "30"], [-1, 0, "soon"]),
}
OPTION_NAMES = sorted(VALUES)
BASE_KINDS = ["sqs", "sqs-fifo", "kinesis", "dynamodb", "msk", "kafka", "mq", "documentdb"]
KIND_OF_BASE = {"sqs-fifo": "sqs"}


def applicable(kind: str) -> list[str]:
    """The options that apply to a kind (and those that apply to every task)."""
    real = KIND_OF_BASE.get(kind, kind)
    return [name for name in OPTION_NAMES if name not in FIELDS_BY_NAME or real in FIELDS_BY_NAME[name].kinds]


@st.composite
def tasks(draw: Any) -> tuple[str, dict[str, Any]]:
    """(the kind of mapping AWS may hold for it, the task).

    A third of the tasks set valid values of options that apply to the source; the rest mix valid and
    invalid values of any option (wrong kinds for the source, mutually exclusive options included), and
    sometimes lack a required one.
    """
    kind = draw(st.sampled_from([*BASE_KINDS, "uuid"]))
    params = base(kind)
    if kind == "uuid":
        kind = draw(st.sampled_from(BASE_KINDS))
    mixed = draw(st.integers(0, 2)) > 0
    names = OPTION_NAMES if mixed else applicable(kind)
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        valid, invalid = VALUES[name]
        params[name] = draw(st.one_of(valid, invalid) if mixed else valid)
    if mixed and draw(st.integers(0, 4)) == 0:
        del params[draw(st.sampled_from(sorted(params)))]  # a required piece may be missing
    return kind, params


# ------------------------------------------------------------------------------------------- the fake AWS

MODEL = botocore.session.get_session().get_service_model("lambda")
VALIDATOR = ParamValidator()
WRITES = (
    "CreateEventSourceMapping",
    "UpdateEventSourceMapping",
    "DeleteEventSourceMapping",
    "TagResource",
    "UntagResource",
)
BASE_FUNCTION_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:order-processor"

# Values AWS could hold for the options that can be updated (API shape), to give updates something to change
# and clears something to clear.
HELD_VALUES = {
    "BatchSize": 50,
    "MaximumBatchingWindowInSeconds": 5,
    "BisectBatchOnFunctionError": True,
    "DestinationConfig": {"OnFailure": {"Destination": DLQ}},
    "FilterCriteria": {"Filters": [{"Pattern": '{"a": ["b"]}'}]},
    "FunctionResponseTypes": ["ReportBatchItemFailures"],
    "KMSKeyArn": KMS,
    "MaximumRecordAgeInSeconds": 3600,
    "MaximumRetryAttempts": 3,
    "MetricsConfig": {"Metrics": ["EventCount"]},
    "ParallelizationFactor": 2,
    "ProvisionedPollerConfig": {"MinimumPollers": 2, "MaximumPollers": 3},
    "ScalingConfig": {"MaximumConcurrency": 5},
    "TumblingWindowInSeconds": 60,
    "LoggingConfig": {"SystemLogLevel": "INFO"},
    "DocumentDBEventSourceConfig": {"DatabaseName": "db", "CollectionName": "c", "FullDocument": "Default"},
    "SelfManagedKafkaEventSourceConfig": {"ConsumerGroupId": "grp"},
    "AmazonManagedKafkaEventSourceConfig": {"ConsumerGroupId": "grp"},
    "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": SECRET_ARN}],
}


def _not_found() -> ClientError:
    return ClientError(
        {
            "Error": {"Code": "ResourceNotFoundException", "Message": "The resource you requested does not exist."},
            "ResponseMetadata": {"HTTPStatusCode": 404, "RetryAttempts": 0},
        },
        "GetEventSourceMapping",
    )


class FakeLambda:
    """Answers the calls ``Api`` makes like AWS would, and checks each call's parameters against the model."""

    def __init__(self, held: dict[str, Any] | None = None, tags: dict[str, str] | None = None) -> None:
        self.held = copy.deepcopy(held)
        self.tags = dict(tags or {})
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[str] = []

    def _check(self, operation: str, params: dict[str, Any]) -> None:
        self.calls.append((operation, copy.deepcopy(params)))
        report = VALIDATOR.validate(params, MODEL.operation_model(operation).input_shape)
        if report.has_errors():
            self.errors.append(f"{operation}: {report.generate_report()} in {params!r}")

    @staticmethod
    def _settled(mapping: dict[str, Any]) -> dict[str, Any]:
        return dict(mapping, State="Enabled" if mapping.get("_enabled", True) else "Disabled")

    def _public(self, mapping: dict[str, Any], state: str | None = None) -> dict[str, Any]:
        shown = {k: v for k, v in self._settled(mapping).items() if not k.startswith("_")}
        if state:
            shown["State"] = state
        return copy.deepcopy(shown)

    # reads
    def get_paginator(self, name: str) -> Any:
        fake = self

        class Paginator:
            def paginate(self, **params: Any) -> Any:
                fake._check("ListEventSourceMappings", params)
                yield {"EventSourceMappings": [fake._public(fake.held)] if fake.held else []}

        assert name == "list_event_source_mappings"
        return Paginator()

    def get_event_source_mapping(self, **params: Any) -> dict[str, Any]:
        self._check("GetEventSourceMapping", params)
        if not self.held or self.held["UUID"] != params["UUID"]:
            raise _not_found()
        return self._public(self.held)

    def list_tags(self, **params: Any) -> dict[str, Any]:
        self._check("ListTags", params)
        return {"Tags": dict(self.tags)}

    def get_function(self, **params: Any) -> dict[str, Any]:
        self._check("GetFunction", params)
        return {"Configuration": {"FunctionArn": BASE_FUNCTION_ARN}}

    # writes
    def create_event_source_mapping(self, **params: Any) -> dict[str, Any]:
        self._check("CreateEventSourceMapping", params)
        uuid = str(uuidlib.uuid4())
        mapping = {k: v for k, v in params.items() if k not in ("FunctionName", "Enabled", "Tags")}
        ref = parse_function(params.get("FunctionName", "")) or parse_function("order-processor")
        mapping.update(
            UUID=uuid,
            EventSourceMappingArn=f"arn:aws:lambda:us-east-1:{ACCOUNT}:event-source-mapping:{uuid}",
            FunctionArn=function_arn_like(ref, BASE_FUNCTION_ARN),
            _enabled=params.get("Enabled", True),
        )
        self.held = mapping
        self.tags = dict(params.get("Tags") or {})
        return self._public(mapping, "Creating")

    def update_event_source_mapping(self, **params: Any) -> dict[str, Any]:
        self._check("UpdateEventSourceMapping", params)
        if not self.held or self.held["UUID"] != params["UUID"]:
            raise _not_found()
        body = {k: v for k, v in params.items() if k != "UUID"}
        # An update replaces each member it sends (docs/aws-behaviour.md §2); Enabled and FunctionName are kept apart.
        updated = dict(self.held, **{k: v for k, v in body.items() if k not in ("Enabled", "FunctionName")})
        if "Enabled" in body:
            updated["_enabled"] = body["Enabled"]
        if "FunctionName" in body:
            updated["FunctionArn"] = function_arn_like(parse_function(body["FunctionName"]), BASE_FUNCTION_ARN)
        self.held = updated
        return self._public(updated, "Updating")

    def delete_event_source_mapping(self, **params: Any) -> dict[str, Any]:
        self._check("DeleteEventSourceMapping", params)
        if not self.held:
            raise _not_found()
        gone, self.held = self.held, None
        return self._public(gone, "Deleting")

    def tag_resource(self, **params: Any) -> dict[str, Any]:
        self._check("TagResource", params)
        self.tags.update(params["Tags"])
        return {}

    def untag_resource(self, **params: Any) -> dict[str, Any]:
        self._check("UntagResource", params)
        for key in params["TagKeys"]:
            self.tags.pop(key, None)
        return {}

    def writes(self) -> list[str]:
        return [call[0] for call in self.calls if call[0] in WRITES]


def held_mapping(kind: str, created: dict[str, Any] | None) -> dict[str, Any]:
    """What AWS could hold for a task: the mapping its create made (or one of ``kind``), with every option
    that applies to the kind and can be updated set to a value of its own."""
    if created is None:
        fake = FakeLambda()
        run(dict(DEFAULTS, **base(kind)), lambda desired: Api(fake, sleep=lambda s: None))
        created = fake.held
    mapping = copy.deepcopy(created)
    mapping["UUID"] = UUID
    mapping["EventSourceMappingArn"] = f"arn:aws:lambda:us-east-1:{ACCOUNT}:event-source-mapping:{UUID}"
    real_kind = KIND_OF_BASE.get(kind, kind)
    for field in FIELDS:
        if field.create_only or field.api not in HELD_VALUES or real_kind not in field.kinds:
            continue
        if kind == "sqs-fifo" and field.api in ("BatchSize", "MaximumBatchingWindowInSeconds"):
            continue
        if real_kind == "sqs" and field.api == "ProvisionedPollerConfig":
            # An SQS mapping has maximum concurrency or provisioned pollers, never both (docs/aws-behaviour.md §13).
            continue
        mapping[field.api] = copy.deepcopy(HELD_VALUES[field.api])
    return mapping


def _defaults() -> dict[str, Any]:
    """Every option as AnsibleModule hands it over: None when unset, defaults filled in."""
    params = dict(ArgumentSpecValidator(SPEC).validate({}).validated_parameters)
    return {key: value for key, value in params.items() if value is not None}


DEFAULTS = _defaults()


def names_in(value: Any) -> set[str]:
    """Every key (option and sub-option name) in a task."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            found.add(str(key))
            found |= names_in(sub)
    elif isinstance(value, list):
        for item in value:
            found |= names_in(item)
    return found


# ------------------------------------------------------------------------------------------- the property


class Tally:
    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self.rejected_options: Counter[str] = Counter()
        self.rejected: dict[str, list[dict[str, Any]]] = {}
        self.refusals: Counter[str] = Counter()

    def reject(self, option: str, params: dict[str, Any]) -> None:
        self.rejected_options[option] += 1
        bucket = self.rejected.setdefault(option, [])
        if len(bucket) < 3:
            bucket.append(copy.deepcopy(params))


def check_task(kind: str, raw: dict[str, Any], tally: Tally) -> None:
    """One task through the argument spec, validate(), and the module's flow over the fake AWS."""
    spec_result = ArgumentSpecValidator(SPEC, mutually_exclusive=MAIN_MUTUALLY_EXCLUSIVE).validate(copy.deepcopy(raw))
    if spec_result.error_messages:
        tally.outcomes["rejected by the argument spec"] += 1
        message = " ".join(spec_result.error_messages)
        named = [name for name in names_in(raw) | set(SPEC) if name and name in message]
        assert named, f"argument spec error names no option: {message}"
        tally.reject("argspec:" + min(named, key=len), raw)
        return
    params = spec_result.validated_parameters

    fake = FakeLambda()
    try:
        run(params, lambda desired: Api(fake, sleep=lambda s: None))
    except ValidationError as exc:
        assert exc.option in exc.msg, (exc.option, exc.msg)
        assert exc.option.split(".")[0].split("[")[0] in SPEC, exc.option
        assert fake.writes() == [], fake.calls
        if fake.calls:
            tally.outcomes["rejected by a rule that needs the read, before any write"] += 1
        else:
            tally.outcomes["rejected by validate()"] += 1
            tally.reject(exc.option, raw)
        return
    except EsmError as exc:
        # Refused after the read, e.g. a uuid that AWS does not hold: no write.
        assert fake.writes() == [], (exc.msg, fake.calls)
        tally.outcomes["refused after the read, before any write"] += 1
        tally.refusals[_reason(exc.msg)] += 1
        return
    finally:
        assert fake.errors == [], fake.errors
    created = fake.held if "CreateEventSourceMapping" in fake.writes() else None
    tally.outcomes["accepted"] += 1
    for call in fake.calls:
        tally.requests[call[0]] += 1

    # The same task against a mapping AWS already holds, with its own values in every updatable option.
    fake = FakeLambda(held_mapping(kind, created), {"old": "x"})
    try:
        run(params, lambda desired: Api(fake, sleep=lambda s: None))
    except ValidationError as exc:
        assert exc.option in exc.msg and fake.writes() == []
        tally.outcomes["against a held mapping: rejected by a rule that needs the read"] += 1
    except EsmError as exc:
        assert fake.writes() == [], (exc.msg, fake.calls)
        tally.outcomes["against a held mapping: refused before any write"] += 1
        tally.refusals[_reason(exc.msg)] += 1
    else:
        tally.outcomes["against a held mapping: accepted"] += 1
    finally:
        assert fake.errors == [], fake.errors
    for call in fake.calls:
        tally.requests[call[0]] += 1


def test_bad_input_property(srv):
    tally = Tally()

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(tasks())
    def prop(task: tuple[str, dict[str, Any]]) -> None:
        tally.outcomes["cases"] += 1
        check_task(*task, tally)

    prop()

    # (a) on the endpoint: a sample of the refused tasks, one or two per option, through the real module.
    sample = list(itertools.islice(_round_robin(tally.rejected), SAMPLE_RUNS))
    srv.reset_requests()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda task: run_safely("lambda_event_source_mapping", task, srv.url), sample))
    for task, result in zip(sample, results):
        assert result.get("failed") is True, (task, result)
        if "option" in result:  # refused by validate(): the option it names is in the message
            assert result["option"] in result["msg"], result
        else:  # refused by the argument spec: Ansible's message names the option
            assert any(name in result["msg"] for name in names_in(task) | set(SPEC)), result["msg"]
    received = srv.requests()
    assert received == [], [(r["service"], r["operation"]) for r in received]
    assert lambda_calls(srv) == []

    cases = tally.outcomes.pop("cases")
    FIGURES.section(
        "bad_input",
        cases=cases,
        outcomes=dict(tally.outcomes),
        options_refused=len(tally.rejected_options),
        refusals_after_the_read=dict(tally.refusals.most_common()),
        requests_checked_against_the_model=dict(sorted(tally.requests.items())),
        module_runs_of_refused_tasks=len(sample),
        requests_the_endpoint_received_from_them=len(received),
    )
    print(f"\nbad input: {cases} cases: {json.dumps(dict(tally.outcomes))}")
    print(f"requests checked against botocore's model: {json.dumps(dict(tally.requests))}")
    print(f"refusals after the read: {json.dumps(dict(tally.refusals.most_common()), indent=1)}")


def _reason(message: str) -> str:
    """A refusal's message without its UUIDs and details: its first clause."""
    return re.split(r"[:;.]", re.sub(r"[0-9a-fA-F-]{36}", "X", message), maxsplit=1)[0]


def _round_robin(buckets: dict[str, list[dict[str, Any]]]) -> Any:
    lists = [buckets[key] for key in sorted(buckets)]
    for index in range(max((len(items) for items in lists), default=0)):
        for items in lists:
            if index < len(items):
                yield items[index]


# ------------------------------------------------------------------------------------------- the info module

INFO_SPEC = {
    "uuid": {"type": "str"},
    "function_name": {"type": "str"},
    "event_source_arn": {"type": "str"},
    "include_tags": {"type": "bool", "default": True},
}
INFO_VALUES = {
    "uuid": st.one_of(VALUES["uuid"][0], VALUES["uuid"][1]),
    "function_name": st.one_of(VALUES["function_name"][0], VALUES["function_name"][1]),
    "event_source_arn": st.one_of(VALUES["event_source_arn"][0], st.sampled_from(BAD_ARNS)),
    "include_tags": st.one_of(BOOLS[0], BOOLS[1]),
}


def test_info_bad_input_property(srv):
    """The info module: a refused selector makes no request; an accepted one only requests the model accepts."""
    tally = Tally()

    @settings(max_examples=MAX_EXAMPLES // 5, deadline=None, derandomize=True, database=None)
    @given(st.fixed_dictionaries({}, optional=INFO_VALUES))
    def prop(raw: dict[str, Any]) -> None:
        from ansible_collections.esmkit.aws.plugins.module_utils._esm.lookup import lookup

        tally.outcomes["cases"] += 1
        result = ArgumentSpecValidator(INFO_SPEC).validate(copy.deepcopy(raw))
        if result.error_messages:
            tally.outcomes["rejected by the argument spec"] += 1
            return
        params = result.validated_parameters
        fake = FakeLambda(held_mapping("sqs", None), {"team": "a"})
        try:
            lookup(
                lambda: Api(fake, sleep=lambda s: None),
                uuid=params["uuid"],
                function_name=params["function_name"],
                event_source_arn=params["event_source_arn"],
                include_tags=params["include_tags"],
            )
        except ValidationError as exc:
            assert exc.option in exc.msg and exc.option in INFO_SPEC, exc.msg
            assert fake.calls == [], fake.calls
            tally.outcomes["rejected before any request"] += 1
            tally.reject(exc.option, raw)
        else:
            tally.outcomes["accepted"] += 1
        assert fake.errors == [], fake.errors
        for call in fake.calls:
            tally.requests[call[0]] += 1

    prop()
    sample = list(itertools.islice(_round_robin(tally.rejected), 4))
    srv.reset_requests()
    results = [run_safely("lambda_event_source_mapping_info", task, srv.url) for task in sample]
    for task, result in zip(sample, results):
        assert result.get("failed") is True and result["option"] in result["msg"], (task, result)
    assert srv.requests() == []
    cases = tally.outcomes.pop("cases")
    FIGURES.section(
        "bad_input",
        info_module_cases=cases,
        info_module_outcomes=dict(tally.outcomes),
        info_module_runs_of_refused_selectors=len(sample),
    )
