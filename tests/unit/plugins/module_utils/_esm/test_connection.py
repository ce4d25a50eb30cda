"""The connection options: amazon.aws names, aliases and environment variables; botocore's retries; the user agent."""

from __future__ import annotations

import pytest
from ansible.module_utils.basic import env_fallback

from ansible_collections.esmkit.aws.plugins.module_utils._esm import connection
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError

BASE = {"access_key": "AKIDEXAMPLE", "secret_key": "secret", "region": "us-east-1"}


@pytest.mark.parametrize(
    "option, aliases, variables",
    [
        ("region", ["aws_region"], ["AWS_REGION", "AWS_DEFAULT_REGION"]),
        ("endpoint_url", ["aws_endpoint_url"], ["AWS_URL"]),
        ("aws_ca_bundle", [], ["AWS_CA_BUNDLE"]),
    ],
)
def test_names_aliases_and_environment_of_amazon_aws(option, aliases, variables):
    spec = connection.connection_argument_spec()[option]
    assert spec.get("aliases", []) == aliases
    assert spec["fallback"] == (env_fallback, variables)


@pytest.mark.parametrize(
    "option, aliases, variables",
    [
        ("access_key", ["aws_access_key_id", "aws_access_key"], ("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY")),
        ("secret_key", ["aws_secret_access_key", "aws_secret_key"], ("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")),
        ("session_token", ["aws_session_token"], ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")),
    ],
)
def test_credentials_are_read_from_the_environment_not_by_fallback(option, aliases, variables):
    """Issue 19 §1: a fallback would make exported keys collide with a profile in the mutual exclusion."""
    spec = connection.connection_argument_spec()[option]
    assert spec.get("aliases", []) == aliases and "fallback" not in spec
    assert connection.CREDENTIAL_VARIABLES[option] == variables
    assert "fallback" not in connection.connection_argument_spec()["profile"]
    assert connection.PROFILE_VARIABLES == ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")


KEYS = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "env-secret"}


@pytest.mark.parametrize(
    "params, environ, expected",
    [
        ({}, dict(KEYS, AWS_PROFILE="p"), {"aws_access_key_id": "AKENV", "aws_secret_access_key": "env-secret"}),
        ({"profile": "p"}, KEYS, {"profile_name": "p"}),
        ({}, {"AWS_PROFILE": "p", "AWS_DEFAULT_PROFILE": "d"}, {"profile_name": "d"}),
        ({"access_key": "AKTASK"}, KEYS, {"aws_access_key_id": "AKTASK", "aws_secret_access_key": "env-secret"}),
        ({}, {"AWS_ACCESS_KEY_ID": "AKENV"}, {}),
        ({}, {}, {}),
    ],
    ids=["env keys before env profile", "task profile", "botocore's profile order", "task key", "half a key", "none"],
)
def test_credentials_follow_botocores_order(params, environ, expected):
    got = connection.credentials(params, environ)
    got.pop("profile_source")
    assert {k: v for k, v in got.items() if v is not None} == expected


def test_secrets_are_no_log():
    spec = connection.connection_argument_spec()
    assert spec["secret_key"]["no_log"] is True and spec["session_token"]["no_log"] is True


def test_user_agent_names_the_collection_and_retries_are_botocores():
    client = connection.client(BASE, "lambda", "2.19.14")
    config = client.meta.config
    assert "esmkit.aws/0.1.0" in config.user_agent_extra and "Ansible/2.19.14" in config.user_agent_extra
    # botocore stores max_attempts (retries) as total_max_attempts (the first attempt plus the retries).
    assert config.retries == {"mode": "standard", "total_max_attempts": 11}


def test_aws_config_overrides_retries():
    client = connection.client(dict(BASE, aws_config={"retries": {"mode": "adaptive", "max_attempts": 2}}), "lambda")
    assert client.meta.config.retries == {"mode": "adaptive", "total_max_attempts": 3}


def test_endpoint_url_option_and_botocore_environment(monkeypatch):
    assert (
        connection.client(dict(BASE, endpoint_url="http://127.0.0.1:1"), "lambda").meta.endpoint_url
        == "http://127.0.0.1:1"
    )
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:2")
    assert connection.client(BASE, "lambda").meta.endpoint_url == "http://127.0.0.1:2"


def test_region_is_required(monkeypatch):
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    with pytest.raises(EsmError) as info:
        connection.client({"access_key": "a", "secret_key": "b"}, "lambda")
    assert "region" in info.value.msg
