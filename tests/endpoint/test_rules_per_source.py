"""Edge rules: visibility timeout, SQS scaling modes,
poller ranges per source, encrypted filters in List, RabbitMQ VIRTUAL_HOST on Update.

Each test names its source as "docs/aws-behaviour.md §N".
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.endpoint.helpers import FUNCTION, kafka_args
from tests.support.aws_fixtures import REGION, api_error, create_function, create_queue
from tests.support.builders import KMS as KMS_KEY
from tests.support.builders import mq_broker_arn, msk_cluster_arn, secret_arn

FILTERS = {"Filters": [{"Pattern": '{"body": {"a": ["b"]}}'}]}
INVALID = "InvalidParameterValueException"


def _queue(clients: dict[str, Any], name: str = "q", visibility: int | None = None) -> str:
    arn = create_queue(clients, name)
    if visibility is not None:
        url = clients["sqs"].get_queue_url(QueueName=name)["QueueUrl"]
        clients["sqs"].set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": str(visibility)})
    return arn


def _function_timeout(lam: Any, seconds: int, name: str = FUNCTION) -> None:
    lam.update_function_configuration(FunctionName=name, Timeout=seconds)


# ---------------------------------------------------------------- SQS visibility timeout (docs/aws-behaviour.md §13)


def test_visibility_timeout_shorter_than_function_timeout_is_refused(
    lam: Any, clients: dict[str, Any], fn: str
) -> None:
    """docs/aws-behaviour.md §13 [T hashicorp/terraform-provider-aws#18099]: the exact text, queue default 30 s."""
    queue = _queue(clients)
    _function_timeout(lam, 120)
    assert api_error(lam.create_event_source_mapping, FunctionName=FUNCTION, EventSourceArn=queue) == (
        INVALID,
        "Queue visibility timeout: 30 seconds is less than Function timeout: 120 seconds",
        400,
    )
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []


def test_visibility_timeout_equal_to_function_timeout_is_accepted(lam: Any, clients: dict[str, Any], fn: str) -> None:
    """docs/aws-behaviour.md §13: only a *shorter* visibility timeout is refused."""
    queue = _queue(clients, visibility=120)
    _function_timeout(lam, 120)
    assert lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)["EventSourceArn"] == queue


def test_visibility_timeout_checked_when_update_moves_to_another_function(
    lam: Any, clients: dict[str, Any], fn: str
) -> None:
    """docs/aws-behaviour.md §13 states the rule for Create.  CHOICE: an Update that changes FunctionName checks
    the new function too; an Update that keeps the function does not re-check."""
    queue = _queue(clients, visibility=60)
    created = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=queue)
    create_function(clients, "slow")
    _function_timeout(lam, 90, name="slow")
    assert api_error(lam.update_event_source_mapping, UUID=created["UUID"], FunctionName="slow") == (
        INVALID,
        "Queue visibility timeout: 60 seconds is less than Function timeout: 90 seconds",
        400,
    )
    assert lam.get_event_source_mapping(UUID=created["UUID"])["FunctionArn"] == fn
    _function_timeout(lam, 90)
    assert lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=5)["BatchSize"] == 5


# ---------------------------------------------------------------- SQS scaling modes (docs/aws-behaviour.md §13)

POLLERS = {"MinimumPollers": 2, "MaximumPollers": 10}


def test_concurrency_and_pollers_together_refused_on_create(lam: Any, clients: dict[str, Any], fn: str) -> None:
    """docs/aws-behaviour.md §13 [D services-sqs-scaling]: "mutually exclusive options"; the text is a CHOICE."""
    code, message, http = api_error(
        lam.create_event_source_mapping,
        FunctionName=FUNCTION,
        EventSourceArn=_queue(clients),
        ScalingConfig={"MaximumConcurrency": 5},
        ProvisionedPollerConfig=POLLERS,
    )
    assert (code, http) == (INVALID, 400)
    assert "mutually exclusive" in message
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []


@pytest.mark.parametrize(
    "held, sent",
    [
        ({"ScalingConfig": {"MaximumConcurrency": 5}}, {"ProvisionedPollerConfig": POLLERS}),
        ({"ProvisionedPollerConfig": POLLERS}, {"ScalingConfig": {"MaximumConcurrency": 5}}),
    ],
)
def test_update_that_would_hold_both_modes_is_refused(
    lam: Any, clients: dict[str, Any], fn: str, held: dict[str, Any], sent: dict[str, Any]
) -> None:
    """docs/aws-behaviour.md §13: judged on what the mapping would hold (held merged with the update)."""
    created = lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=_queue(clients), **held)
    code, message, _unused = api_error(lam.update_event_source_mapping, UUID=created["UUID"], **sent)
    assert code == INVALID and "mutually exclusive" in message
    got = lam.get_event_source_mapping(UUID=created["UUID"])
    assert {k: got.get(k) for k in held} == held
    assert all(k not in got for k in sent)


def test_switching_to_pollers_while_clearing_concurrency_is_accepted(
    lam: Any, clients: dict[str, Any], fn: str
) -> None:
    """docs/aws-behaviour.md §13 with docs/aws-behaviour.md §2 (ScalingConfig {} clears): the result holds pollers only."""
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=_queue(clients), ScalingConfig={"MaximumConcurrency": 5}
    )
    lam.update_event_source_mapping(UUID=created["UUID"], ScalingConfig={}, ProvisionedPollerConfig=POLLERS)
    got = lam.get_event_source_mapping(UUID=created["UUID"])
    assert "ScalingConfig" not in got
    assert got["ProvisionedPollerConfig"] == POLLERS


# ---------------------------------------------------------------- provisioned pollers (docs/aws-behaviour.md §13)


@pytest.fixture
def unchecked(srv: Any) -> Any:
    """A lambda client without botocore's parameter validation: the model's own bounds
    (MinimumPollers >= 1, MaximumPollers <= 10,000) would stop some values client-side."""
    config = Config(parameter_validation=False, retries={"max_attempts": 1, "mode": "standard"})
    return boto3.client(
        "lambda",
        endpoint_url=srv.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=config,
    )


def _poller_args(kind: str, clients: dict[str, Any]) -> dict[str, Any]:
    if kind == "sqs":
        return {"FunctionName": FUNCTION, "EventSourceArn": _queue(clients)}
    if kind == "msk":
        return {
            "FunctionName": FUNCTION,
            "EventSourceArn": msk_cluster_arn(),
            "Topics": ["t"],
            "StartingPosition": "LATEST",
        }
    return kafka_args()


@pytest.mark.parametrize(
    "kind, config, bound",
    [
        ("sqs", {"MinimumPollers": 1}, "greater than or equal to 2"),
        ("sqs", {"MinimumPollers": 201}, "less than or equal to 200"),
        ("sqs", {"MaximumPollers": 1}, "greater than or equal to 2"),
        ("sqs", {"MaximumPollers": 10001}, "less than or equal to 10000"),
        ("msk", {"MinimumPollers": 0}, "greater than or equal to 1"),
        ("msk", {"MinimumPollers": 201}, "less than or equal to 200"),
        ("msk", {"MaximumPollers": 2001}, "less than or equal to 2000"),
        ("kafka", {"MaximumPollers": 0}, "greater than or equal to 1"),
        ("kafka", {"MaximumPollers": 2001}, "less than or equal to 2000"),
    ],
)
def test_poller_out_of_range(
    unchecked: Any, clients: dict[str, Any], fn: str, kind: str, config: dict[str, int], bound: str
) -> None:
    """docs/aws-behaviour.md §13 (botocore model doc, 2026): per-source ranges; the endpoint's range text (CHOICE)."""
    ((member, value),) = config.items()
    args = _poller_args(kind, clients)
    code, message, http = api_error(unchecked.create_event_source_mapping, ProvisionedPollerConfig=config, **args)
    assert (code, http) == (INVALID, 400)
    camel = member[:1].lower() + member[1:]
    assert message == (
        f"1 validation error detected: Value '{value}' at '{camel}' failed to satisfy constraint: "
        f"Member must have value {bound}"
    )


@pytest.mark.parametrize(
    "kind, config",
    [
        ("sqs", {"MinimumPollers": 2, "MaximumPollers": 10000}),
        ("sqs", {"MinimumPollers": 200, "MaximumPollers": 200}),
        ("msk", {"MinimumPollers": 1, "MaximumPollers": 1}),
        ("kafka", {"MinimumPollers": 200, "MaximumPollers": 2000}),
    ],
)
def test_poller_bounds_are_accepted(
    lam: Any, clients: dict[str, Any], fn: str, kind: str, config: dict[str, int]
) -> None:
    """docs/aws-behaviour.md §13: the edges of each per-source range are valid."""
    created = lam.create_event_source_mapping(ProvisionedPollerConfig=config, **_poller_args(kind, clients))
    assert lam.get_event_source_mapping(UUID=created["UUID"])["ProvisionedPollerConfig"] == config


def test_poller_minimum_above_maximum_is_refused_against_held_values(
    lam: Any, clients: dict[str, Any], fn: str
) -> None:
    """docs/aws-behaviour.md §13: MinimumPollers <= MaximumPollers, also when one of them is the held value."""
    args = _poller_args("sqs", clients)
    code, _unused, _http = api_error(
        lam.create_event_source_mapping, ProvisionedPollerConfig={"MinimumPollers": 10, "MaximumPollers": 5}, **args
    )
    assert code == INVALID
    created = lam.create_event_source_mapping(ProvisionedPollerConfig={"MaximumPollers": 5}, **args)
    code, message, _http = api_error(
        lam.update_event_source_mapping, UUID=created["UUID"], ProvisionedPollerConfig={"MinimumPollers": 6}
    )
    assert code == INVALID and "MinimumPollers" in message


@pytest.mark.parametrize("kind", ["msk", "kafka"])
def test_poller_group_name_for_kafka_kinds(lam: Any, clients: dict[str, Any], fn: str, kind: str) -> None:
    """docs/aws-behaviour.md §13: PollerGroupName is for MSK and self-managed Kafka."""
    config = {"MinimumPollers": 1, "MaximumPollers": 3, "PollerGroupName": "group-1"}
    created = lam.create_event_source_mapping(ProvisionedPollerConfig=config, **_poller_args(kind, clients))
    assert lam.get_event_source_mapping(UUID=created["UUID"])["ProvisionedPollerConfig"] == config


def test_poller_group_name_refused_for_sqs(lam: Any, clients: dict[str, Any], fn: str) -> None:
    """docs/aws-behaviour.md §13: PollerGroupName is for MSK and self-managed Kafka only, not SQS."""
    code, message, _unused = api_error(
        lam.create_event_source_mapping,
        ProvisionedPollerConfig={"MinimumPollers": 2, "PollerGroupName": "group-1"},
        **_poller_args("sqs", clients),
    )
    assert code == INVALID and "PollerGroupName" in message


# ---------------------------------------------------------------- encrypted filters in List (docs/aws-behaviour.md §6, §7, §13)


def test_list_gives_null_filter_criteria_for_encrypted_filters(
    srv: Any, lam: Any, clients: dict[str, Any], fn: str
) -> None:
    """docs/aws-behaviour.md §6 / §7 / §13 (botocore model doc of EventSourceMappingConfiguration.FilterCriteria):
    List answers FilterCriteria null for KMS-encrypted filters; Create, Get, Update and Delete show them.
    boto3 drops a null member, so a client sees no FilterCriteria key."""
    created = lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=_queue(clients), FilterCriteria=FILTERS, KMSKeyArn=KMS_KEY
    )
    assert created["FilterCriteria"] == FILTERS
    with urllib.request.urlopen(f"{srv.url}/2015-03-31/event-source-mappings/", timeout=10) as response:
        raw = json.loads(response.read())
    assert raw["EventSourceMappings"][0]["FilterCriteria"] is None
    listed = lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"]
    assert "FilterCriteria" not in listed[0] and listed[0]["KMSKeyArn"] == KMS_KEY
    assert lam.get_event_source_mapping(UUID=created["UUID"])["FilterCriteria"] == FILTERS
    assert lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=5)["FilterCriteria"] == FILTERS
    assert lam.delete_event_source_mapping(UUID=created["UUID"])["FilterCriteria"] == FILTERS


def test_list_shows_filters_without_kms_key_and_no_null_without_filters(
    srv: Any, lam: Any, clients: dict[str, Any], fn: str
) -> None:
    """docs/aws-behaviour.md §7: filters are encrypted only with a KMSKeyArn; a key without filters has nothing to hide."""
    lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=_queue(clients, "a"), FilterCriteria=FILTERS)
    lam.create_event_source_mapping(FunctionName=FUNCTION, EventSourceArn=_queue(clients, "b"), KMSKeyArn=KMS_KEY)
    with urllib.request.urlopen(f"{srv.url}/2015-03-31/event-source-mappings/", timeout=10) as response:
        plain, keyed = json.loads(response.read())["EventSourceMappings"]
    assert plain["FilterCriteria"] == FILTERS
    assert "FilterCriteria" not in keyed


# ---------------------------------------------------------------- RabbitMQ VIRTUAL_HOST (docs/aws-behaviour.md §2, §13)

RABBIT_ACCESS = [{"Type": "BASIC_AUTH", "URI": secret_arn()}, {"Type": "VIRTUAL_HOST", "URI": "/vh"}]


def _rabbit(lam: Any) -> dict[str, Any]:
    return lam.create_event_source_mapping(
        FunctionName=FUNCTION, EventSourceArn=mq_broker_arn(), Queues=["q"], SourceAccessConfigurations=RABBIT_ACCESS
    )


@pytest.mark.parametrize(
    "sent",
    [
        [{"Type": "VIRTUAL_HOST", "URI": "/vh"}],
        [{"Type": "BASIC_AUTH", "URI": secret_arn("new")}, {"Type": "VIRTUAL_HOST", "URI": "/other"}],
    ],
)
def test_virtual_host_refused_in_update(lam: Any, fn: str, sent: list[dict[str, str]]) -> None:
    """docs/aws-behaviour.md §2 [M doc]: VIRTUAL_HOST "cannot be specified in an UpdateEventSourceMapping API call",
    even unchanged; the text is a CHOICE."""
    created = _rabbit(lam)
    code, message, http = api_error(
        lam.update_event_source_mapping, UUID=created["UUID"], SourceAccessConfigurations=sent
    )
    assert (code, http) == (INVALID, 400) and "VIRTUAL_HOST" in message
    assert lam.get_event_source_mapping(UUID=created["UUID"])["SourceAccessConfigurations"] == RABBIT_ACCESS


@pytest.mark.parametrize("keeps", [True, False])
def test_update_without_virtual_host_keeps_or_drops_it_as_configured(srv: Any, lam: Any, fn: str, keeps: bool) -> None:
    """docs/aws-behaviour.md §13: keeping the held VIRTUAL_HOST is likely but not verified (CHOICE: kept by default);
    configure(mq_update_keeps_virtual_host=False) drops it so callers can be tested against both."""
    srv.configure(mq_update_keeps_virtual_host=keeps)
    created = _rabbit(lam)
    new_auth = {"Type": "BASIC_AUTH", "URI": secret_arn("new")}
    lam.update_event_source_mapping(UUID=created["UUID"], SourceAccessConfigurations=[new_auth])
    held = lam.get_event_source_mapping(UUID=created["UUID"])["SourceAccessConfigurations"]
    assert held == ([{"Type": "VIRTUAL_HOST", "URI": "/vh"}, new_auth] if keeps else [new_auth])
