"""Issue 19 §1: every documented way of giving credentials and the region, alone and in combination.

Only the options a task (or module_defaults) sets are mutually exclusive; for the rest botocore's own precedence
decides, as for plain boto3 and amazon.aws: a profile the task names, then keys the task names, then exported keys,
then an exported profile, then the shared files' default profile. The endpoint logs the access key each request
was signed with, the Region of its credential scope and the session token it carried; that is what is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.module_helpers import ansible_env
from tests.support.runner import run_module

CREDENTIALS = """\
[default]
aws_access_key_id = AKDEFAULT
aws_secret_access_key = secret-default

[other]
aws_access_key_id = AKOTHER
aws_secret_access_key = secret-other
"""
CONFIG = """\
[default]
region = eu-west-1

[profile other]
region = eu-west-2

[profile noregion]
aws_access_key_id = AKNOREGION
aws_secret_access_key = secret-noregion
"""
ENV_KEYS = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "secret-env"}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, srv) -> Path:
    """A HOME with ~/.aws/config and ~/.aws/credentials; no AWS_* variable but the endpoint's."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "credentials").write_text(CREDENTIALS)
    (tmp_path / ".aws" / "config").write_text(CONFIG)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_ENDPOINT_URL", srv.url)
    return tmp_path


def _seen(srv) -> set[tuple[Any, Any, Any]]:
    """(access key, Region, session token) of every Lambda request the endpoint received."""
    return {(r["access_key"], r["region"], r["session_token"]) for r in srv.requests() if r.get("service") == "lambda"}


def _info(env: dict[str, str], **args: Any) -> dict[str, Any]:
    return run_module("lambda_event_source_mapping_info", dict(function_name="fn", **args), env=env, fork=True)


# (environment, task options, the access key, Region and session token the requests carry)
CASES = {
    # The reported failure: keys and a profile both exported (CI runners); botocore takes the keys, the region
    # comes from the exported profile's config.
    "env keys + AWS_PROFILE": (dict(ENV_KEYS, AWS_PROFILE="other"), {}, ("AKENV", "eu-west-2", None)),
    "env keys + AWS_PROFILE, task profile": (
        dict(ENV_KEYS, AWS_PROFILE="other"),
        {"profile": "other"},
        ("AKOTHER", "eu-west-2", None),
    ),
    "env keys, task profile": (dict(ENV_KEYS), {"profile": "other"}, ("AKOTHER", "eu-west-2", None)),
    "env keys + AWS_DEFAULT_PROFILE": (
        dict(ENV_KEYS, AWS_DEFAULT_PROFILE="other"),
        {},
        ("AKENV", "eu-west-2", None),
    ),
    "env keys only": (dict(ENV_KEYS), {}, ("AKENV", "eu-west-1", None)),
    "env keys + AWS_SESSION_TOKEN": (dict(ENV_KEYS, AWS_SESSION_TOKEN="tok"), {}, ("AKENV", "eu-west-1", "tok")),
    "legacy env names": (
        {"AWS_ACCESS_KEY": "AKLEGACY", "AWS_SECRET_KEY": "s", "AWS_SECURITY_TOKEN": "legacy-tok"},
        {},
        ("AKLEGACY", "eu-west-1", "legacy-tok"),
    ),
    "AWS_PROFILE only": ({"AWS_PROFILE": "other"}, {}, ("AKOTHER", "eu-west-2", None)),
    "AWS_DEFAULT_PROFILE only": ({"AWS_DEFAULT_PROFILE": "other"}, {}, ("AKOTHER", "eu-west-2", None)),
    # botocore's order: its config provider reads AWS_DEFAULT_PROFILE first.
    "AWS_DEFAULT_PROFILE beats AWS_PROFILE": (
        {"AWS_PROFILE": "default", "AWS_DEFAULT_PROFILE": "other"},
        {},
        ("AKOTHER", "eu-west-2", None),
    ),
    "shared files' default profile": ({}, {}, ("AKDEFAULT", "eu-west-1", None)),
    "task profile": ({}, {"profile": "other"}, ("AKOTHER", "eu-west-2", None)),
    "task profile alias": ({}, {"aws_profile": "other"}, ("AKOTHER", "eu-west-2", None)),
    "task keys beat env keys": (
        dict(ENV_KEYS, AWS_SESSION_TOKEN="env-tok"),
        {"access_key": "AKTASK", "secret_key": "s", "session_token": "task-tok"},
        ("AKTASK", "eu-west-1", "task-tok"),
    ),
    "task keys + AWS_PROFILE": (
        {"AWS_PROFILE": "other"},
        {"aws_access_key_id": "AKTASK", "aws_secret_access_key": "s"},
        ("AKTASK", "eu-west-2", None),
    ),
    "task access key, env secret": (
        {"AWS_SECRET_ACCESS_KEY": "s"},
        {"access_key": "AKTASK"},
        ("AKTASK", "eu-west-1", None),
    ),
    "task region beats env and profile": (
        {"AWS_PROFILE": "other", "AWS_REGION": "ap-south-1"},
        {"region": "sa-east-1"},
        ("AKOTHER", "sa-east-1", None),
    ),
    "AWS_REGION beats AWS_DEFAULT_REGION and the profile": (
        {"AWS_PROFILE": "other", "AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "us-west-1"},
        {},
        ("AKOTHER", "ap-south-1", None),
    ),
    "AWS_DEFAULT_REGION beats the profile": (
        {"AWS_PROFILE": "other", "AWS_DEFAULT_REGION": "us-west-1"},
        {},
        ("AKOTHER", "us-west-1", None),
    ),
    "profile with keys in the config file": (
        {},
        {"profile": "noregion", "region": "us-east-2"},
        ("AKNOREGION", "us-east-2", None),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_credentials_and_region(srv, home, case):
    env, args, expected = CASES[case]
    result = _info(env, **args)
    assert result["rc"] == 0, result
    assert _seen(srv) == {expected}


def test_config_and_credentials_files_from_variables(srv, home, tmp_path):
    """AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE replace the files in HOME."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "config").write_text("[profile ci]\nregion = ca-central-1\n")
    (elsewhere / "credentials").write_text("[ci]\naws_access_key_id = AKCI\naws_secret_access_key = s\n")
    env = {
        "AWS_CONFIG_FILE": str(elsewhere / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(elsewhere / "credentials"),
        "AWS_PROFILE": "ci",
    }
    assert _info(env)["rc"] == 0
    assert _seen(srv) == {("AKCI", "ca-central-1", None)}
    srv.reset_requests()
    # The HOME files' profile "other" is not in these files.
    result = _info(env, profile="other")
    assert result.get("failed"), result
    assert "profile option" in result["msg"] and "other" in result["msg"]
    assert _seen(srv) == set()


@pytest.mark.parametrize(
    "args",
    # Secrets long enough that no_log's masking of their values leaves the message readable.
    [
        {"profile": "other", "access_key": "AKTASK"},
        {"profile": "other", "secret_key": "secret-of-the-task"},
        {"profile": "other", "session_token": "token-of-the-task"},
    ],
)
def test_task_profile_and_task_keys_are_exclusive(srv, home, args):
    """What the task itself sets is still refused together, before any request."""
    result = _info(dict(ENV_KEYS), **args)
    assert result.get("failed") and "mutually exclusive" in result["msg"], result
    assert _seen(srv) == set()


def test_missing_exported_profile_is_named(srv, home):
    result = _info({"AWS_PROFILE": "nosuch"})
    assert result.get("failed"), result
    assert "AWS_PROFILE" in result["msg"] and "nosuch" in result["msg"]
    assert "Traceback" not in result.get("module_stderr", "")
    assert _seen(srv) == set()


PLAYBOOK = """\
- name: module_defaults carry the connection options
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/esmkit.aws.aws: {defaults}
  tasks:
    - name: List through the info module
      esmkit.aws.lambda_event_source_mapping_info:
        function_name: fn
"""


def _playbook(srv, home, tmp_path, text: str, exported: dict[str, str]) -> subprocess.CompletedProcess[str]:
    playbook = tmp_path / "play.yml"
    playbook.write_text(text)
    env = {k: v for k, v in ansible_env(srv.url, tmp_path).items() if not k.startswith("AWS_")}
    env.update(exported, HOME=str(home), AWS_ENDPOINT_URL=srv.url)
    env["ANSIBLE_COLLECTIONS_PATH"] = os.pathsep.join(
        os.path.abspath(path) for path in env["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep)
    )
    return subprocess.run(
        [str(Path(sys.executable).with_name("ansible-playbook")), str(playbook)],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    "defaults, exported, expected",
    [
        # Getting started recommends a profile in module_defaults; CI exports keys beside it.
        ({"profile": "other"}, dict(ENV_KEYS, AWS_PROFILE="default"), ("AKOTHER", "eu-west-2", None)),
        (
            {"access_key": "AKDEF", "secret_key": "s", "region": "us-west-2"},
            {"AWS_PROFILE": "other"},
            ("AKDEF", "us-west-2", None),
        ),
    ],
    ids=["profile", "keys"],
)
def test_module_defaults(srv, home, tmp_path, defaults, exported, expected):
    proc = _playbook(srv, home, tmp_path, PLAYBOOK.format(defaults=json.dumps(defaults)), exported)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _seen(srv) == {expected}


WRITE_OPTIONS = """\
- name: Write-only options under the module's own name, connection options in the group
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/esmkit.aws.aws: {group}
    esmkit.aws.lambda_event_source_mapping:
      wait_timeout: 900
  tasks:
    - name: List through the info module
      esmkit.aws.lambda_event_source_mapping_info:
        function_name: fn
"""


def test_module_defaults_write_options_as_documented(srv, home, tmp_path):
    """README and guide: the group carries the options all three modules accept; wait_timeout goes under the writing
    module's name (the info module refuses it, as amazon.aws's info modules do)."""
    ok = _playbook(srv, home, tmp_path, WRITE_OPTIONS.format(group='{"profile": "other"}'), {})
    assert ok.returncode == 0, ok.stdout + ok.stderr
    refused = _playbook(
        srv, home, tmp_path, WRITE_OPTIONS.format(group='{"profile": "other", "wait_timeout": 900}'), {}
    )
    assert refused.returncode != 0 and "Unsupported parameters" in refused.stdout + refused.stderr
