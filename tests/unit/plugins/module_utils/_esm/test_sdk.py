"""sdk: the botocore each option needs, the refusal before any request, and the warning below the minimum."""

from __future__ import annotations

import ast
import datetime
import importlib
import json
from pathlib import Path

import pytest
import yaml

from ansible_collections.esmkit.aws.plugins.module_utils._esm import sdk
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import ValidationError
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import mapping_argument_spec
from tests.support.builders import SQS_ARN as SQS

PACKAGE = "ansible_collections.esmkit.aws.plugins"
# The newest botocore the collection is developed against (requirements-dev.txt).
NEWEST = "1.44.18"


def previous(version: str) -> str:
    """The release just before ``version`` (1.41.2 -> 1.41.1, 1.36.0 -> 1.35.999)."""
    major, minor, patch = sdk.version_tuple(version)
    return f"{major}.{minor}.{patch - 1}" if patch else f"{major}.{minor - 1}.999"


def params_setting(path: str, value: object = "x") -> dict:
    """Task parameters that set only the option at ``path`` (nested blocks built on the way)."""
    params: dict = {"state": "present", "function_name": "fn", "event_source_arn": SQS}
    *parents, leaf = path.split(".")
    block = params
    for key in parents:
        block = block.setdefault(key, {})
    block[leaf] = value
    return params


@pytest.mark.parametrize(("path", "need"), sorted(sdk.OPTION_MINIMUMS.items()))
def test_an_option_is_refused_just_below_its_minimum_naming_option_and_version(path: str, need: str) -> None:
    with pytest.raises(ValidationError) as caught:
        sdk.check(params_setting(path), previous(need))
    assert caught.value.option == path
    assert f"{path} needs botocore >= {need}" in caught.value.msg
    assert f"has botocore {previous(need)}" in caught.value.msg


@pytest.mark.parametrize(("path", "need"), sorted(sdk.OPTION_MINIMUMS.items()))
def test_an_option_is_accepted_from_its_minimum_on(path: str, need: str) -> None:
    sdk.check(params_setting(path), need)
    sdk.check(params_setting(path), NEWEST)


@pytest.mark.parametrize(("path", "need"), sorted(sdk.OPTION_MINIMUMS.items()))
def test_an_option_that_is_not_set_needs_nothing(path: str, need: str) -> None:
    # For a nested member its block is set (as {}), and the block is known just below the member's version.
    sdk.check(params_setting(path, None), previous(need))


@pytest.mark.parametrize("path", sorted(sdk.OPTION_MINIMUMS))
def test_every_path_in_the_table_is_an_option_of_the_module(path: str) -> None:
    spec = {"options": mapping_argument_spec()}
    for key in path.split("."):
        assert key in spec.get("options", {}), f"{path}: no option {key!r}"
        spec = spec["options"][key]


@pytest.mark.parametrize("empty", ["", {}, [], 0, False])
def test_an_empty_value_is_still_set(empty: object) -> None:
    # "" leaves the poller group and {} clears a block: both are sent, so both need the member.
    assert sdk.is_set(params_setting("provisioned_poller_config.poller_group_name", empty), "provisioned_poller_config")
    assert sdk.is_set(
        params_setting("provisioned_poller_config.poller_group_name", empty),
        "provisioned_poller_config.poller_group_name",
    )


def test_a_nested_member_needs_more_than_its_block() -> None:
    pollers = {"provisioned_poller_config": {"minimum_pollers": 1, "maximum_pollers": 5, "poller_group_name": None}}
    sdk.check(dict(params_setting("batch_size", 10), **pollers), "1.35.68")
    pollers["provisioned_poller_config"]["poller_group_name"] = "group-a"
    with pytest.raises(ValidationError) as caught:
        sdk.check(dict(params_setting("batch_size", 10), **pollers), "1.41.1")
    assert caught.value.option == "provisioned_poller_config.poller_group_name"
    assert "provisioned_poller_config.poller_group_name needs botocore >= 1.41.2" in caught.value.msg
    # The block itself is known from 1.35.68 on, so it is not named.
    assert "provisioned_poller_config needs" not in caught.value.msg


def test_every_option_too_new_is_named_the_oldest_requirement_first() -> None:
    params = params_setting("logging_config", {"system_log_level": "WARN"})
    params["metrics_config"] = {"metrics": ["EventCount"]}
    params["tags"] = {"team": "a"}
    with pytest.raises(ValidationError) as caught:
        sdk.check(params, "1.35.23")
    assert caught.value.option == "metrics_config"
    assert caught.value.msg.startswith(
        "metrics_config needs botocore >= 1.35.67; logging_config needs botocore >= 1.42.37."
    )
    assert "these options" in caught.value.msg
    assert "tags" not in caught.value.msg
    assert caught.value.result()["option"] == "metrics_config"


def test_state_absent_uses_only_identity_options_and_needs_nothing_more() -> None:
    params = params_setting("logging_config", {"system_log_level": "WARN"})
    params["state"] = "absent"
    sdk.check(params, "1.35.23")


def test_the_table_is_ordered_by_version() -> None:
    versions = [sdk.version_tuple(need) for need in sdk.OPTION_MINIMUMS.values()]
    assert versions == sorted(versions)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("1.35.23", (1, 35, 23)), ("1.43.11", (1, 43, 11)), ("1.36.0.dev1", (1, 36, 0)), ("2.0.0rc1", (2, 0, 0))],
)
def test_version_tuple(text: str, parsed: tuple[int, ...]) -> None:
    assert sdk.version_tuple(text) == parsed


def test_version_order_is_numeric_not_textual() -> None:
    assert sdk.version_tuple("1.35.100") > sdk.version_tuple("1.35.23")
    assert sdk.version_tuple("1.100.0") > sdk.version_tuple("1.43.11")


@pytest.mark.parametrize(
    ("boto3_version", "botocore_version", "warned"),
    [
        ("1.35.23", "1.35.23", False),
        ("1.43.11", "1.43.11", False),
        ("1.35.22", "1.35.23", True),
        ("1.35.23", "1.35.22", True),
        ("1.34.162", "1.34.162", True),
    ],
)
def test_warning_below_the_supported_minimum(boto3_version: str, botocore_version: str, warned: bool) -> None:
    warnings = sdk.warnings(boto3_version, botocore_version)
    assert bool(warnings) is warned
    for warning in warnings:
        assert f"boto3 >= {sdk.MINIMUM_BOTO3} and botocore >= {sdk.MINIMUM_BOTOCORE}" in warning
        assert f"boto3 {boto3_version} and botocore {botocore_version}" in warning


def test_installed_versions_are_this_pythons() -> None:
    import boto3
    import botocore

    assert sdk.installed() == (boto3.__version__, botocore.__version__)


def _documentation(package: str, name: str) -> dict:
    path = Path(importlib.import_module(f"{PACKAGE}.{package}").__path__[0]) / f"{name}.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)
    raise AssertionError(f"{path} has no DOCUMENTATION")


def test_the_documented_requirements_are_the_table() -> None:
    # The fragment is read from its class, as Ansible reads it.
    connection = importlib.import_module(f"{PACKAGE}.doc_fragments.connection").ModuleDocFragment
    fragment = yaml.safe_load(connection.DOCUMENTATION)["requirements"]
    assert f"boto3 >= {sdk.MINIMUM_BOTO3}" in fragment
    assert f"botocore >= {sdk.MINIMUM_BOTOCORE}" in fragment
    module = _documentation("modules", "lambda_event_source_mapping")["requirements"]
    floor = sdk.version_tuple(sdk.MINIMUM_BOTOCORE)
    newer = {path: need for path, need in sdk.OPTION_MINIMUMS.items() if sdk.version_tuple(need) > floor}
    for path, need in newer.items():
        lines = [line for line in module if line.startswith(f"botocore >= {need} to use ")]
        assert any(path.split(".")[-1] in line for line in lines), (path, need, module)
    for key, need in sdk.VALUE_MINIMUMS.items():
        lines = [line for line in module if line.startswith(f"botocore >= {need} to use ")]
        assert any(key.split(" ")[1] in line for line in lines), (key, need, module)
    assert len(module) == len(set(newer.values()) | set(sdk.VALUE_MINIMUMS.values())), module


KAFKA = {
    "state": "present",
    "function_name": "fn",
    "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": "b1:9092"}},
    "topics": ["t"],
}


@pytest.mark.parametrize(("key", "need"), sorted(sdk.VALUE_MINIMUMS.items()))
def test_a_newer_enum_value_is_refused_just_below_its_minimum(key: str, need: str) -> None:
    path, value = key.split(" ")
    entry = {"type": value, "uri": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s"}
    if path.startswith("source_access_configuration"):
        params = dict(KAFKA, source_access_configuration=[{"type": "BASIC_AUTH", "uri": entry["uri"]}, entry])
        option = "source_access_configuration[1].type"
    else:
        block = path.split(".")[0]
        registry = {"schema_registry_uri": "arn:aws:glue:us-east-1:123456789012:registry/r", "access_config": [entry]}
        params = dict(KAFKA, **{block: {"schema_registry_config": registry}})
        option = f"{block}.schema_registry_config.access_config[0].type"
    with pytest.raises(ValidationError) as caught:
        sdk.check(params, previous(need))
    # The block's own minimum (1.38.40) is older, so the value is what is named.
    assert caught.value.option == option
    assert f"{option} {value} needs botocore >= {need}" in caught.value.msg
    sdk.check(params, need)
    sdk.check(params, NEWEST)


def test_the_value_minimums_are_the_oauth_and_iam_types() -> None:
    oauth = {f"OAUTHBEARER_{part}" for part in ("AUTH", "SCOPE", "AUDIENCE", "LOGICAL_CLUSTER", "IDENTITY_POOL")}
    assert {key.split(" ")[1] for key in sdk.VALUE_MINIMUMS} == oauth | {"IAM_AUTH", "IAM_OAUTHBEARER_AUTH"}
    assert set(sdk.VALUE_MINIMUMS.values()) == {"1.43.110"}


def _wire(value: datetime.datetime) -> object:
    """What a real Lambda client of the installed botocore puts in the CreateEventSourceMapping body."""
    import boto3

    seen = {}
    client = boto3.client("lambda", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")

    def stop(request, **_kwargs):
        seen["body"] = json.loads(request.body)
        raise RuntimeError("stop before sending")

    client.meta.events.register("before-send.lambda.CreateEventSourceMapping", stop)
    with pytest.raises(RuntimeError):
        client.create_event_source_mapping(FunctionName="f", StartingPositionTimestamp=value)
    return seen["body"]["StartingPositionTimestamp"]


@pytest.mark.parametrize("micro", [0, 250000, 250123, 999999])
def test_the_sent_timestamp_is_what_the_client_sends(micro: int) -> None:
    value = datetime.datetime(2026, 11, 1, 10, 0, 0, micro, tzinfo=datetime.timezone.utc)
    sent = sdk.sent_timestamp(value)
    wire = _wire(value)
    assert round(sent.timestamp() * 1_000_000) == round(wire * 1_000_000)
    # botocore up to 1.43.11 sends whole seconds here; later releases the microseconds.
    legacy = sdk.version_tuple(sdk.installed()[1]) <= (1, 43, 11)
    assert sent.microsecond == (0 if legacy else micro)


def test_at_sent_precision_rewrites_only_a_valid_timestamp() -> None:
    params = {"starting_position_timestamp": "2026-11-01T12:00:00.250+02:00"}
    sdk.at_sent_precision(params)
    legacy = sdk.version_tuple(sdk.installed()[1]) <= (1, 43, 11)
    assert params["starting_position_timestamp"] == (
        "2026-11-01T10:00:00+00:00" if legacy else "2026-11-01T10:00:00.250000+00:00"
    )
    for bad in ("yesterday", None, 5):
        params = {"starting_position_timestamp": bad}
        sdk.at_sent_precision(params)
        assert params == {"starting_position_timestamp": bad}
