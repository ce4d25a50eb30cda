"""Run each integration target with ansible-playbook against the local AWS endpoint.

A target is a directory ``tests/integration/targets/<name>/`` with ``tasks/main.yml``
(it is used as a role) and an ``aliases`` file (ansible-test's layout); one whose
aliases say ``hidden`` is a helper role for the others (e.g. ``setup_aws``), not a
target. Every target becomes one test, ``test_target[<name>]``, which runs::

    - hosts: localhost
      gather_facts: false
      roles: [<name>]

with ``ANSIBLE_ROLES_PATH`` set to the targets directory, the installed collection on
``ANSIBLE_COLLECTIONS_PATH`` and the endpoint exported as ``AWS_ENDPOINT_URL`` (plus
``AWS_ACCESS_KEY_ID=testing``, ``AWS_SECRET_ACCESS_KEY=testing``, ``AWS_REGION=us-east-1``).

One endpoint serves the whole session; before each target it is reset and seeded with
the resources below. Extra vars passed to every target:

``local_aws_url``
    The endpoint, e.g. for ``ansible.builtin.uri: url="{{ local_aws_url }}/_local/requests"``.
``local_aws_resources``
    What was seeded: ``function_name``, ``function_arn``, ``function2_name``,
    ``function2_arn``, ``queue_arn``, ``fifo_queue_arn``, ``stream_arn``,
    ``table_stream_arn`` (real moto resources) and ``msk_cluster_arn``,
    ``secret_arn`` (well-formed ARNs the endpoint accepts unchecked).

``ESMKIT_INTEGRATION_TARGETS`` overrides the targets directory.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.aws_fixtures import (
    create_function,
    create_queue,
    create_stream,
    create_table_stream,
    make_clients,
    msk_cluster_arn,
    secret_arn,
)
from tests.support.local_aws import LocalAWS

REPO = Path(__file__).resolve().parents[2]
TARGETS_ENV = "ESMKIT_INTEGRATION_TARGETS"
PLAYBOOK_TIMEOUT = 900  # seconds, per target

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
}
# Never let a developer's real AWS settings leak into a run.
AWS_ENV_DROP = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CA_BUNDLE",
)


def targets_dir() -> Path:
    return Path(os.environ.get(TARGETS_ENV) or Path(__file__).resolve().parent / "targets")


def is_hidden(target: Path) -> bool:
    """Whether ``target``'s aliases mark it ``hidden``: a helper role other targets include, not a target."""
    aliases = target / "aliases"
    return aliases.is_file() and "hidden" in aliases.read_text().split()


def discover(root: Path) -> list[str]:
    """Names of the target directories under ``root`` (those with ``tasks/main.yml``, not hidden), sorted."""
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and (p / "tasks" / "main.yml").is_file() and not is_hidden(p)
    )


def seed(url: str) -> dict[str, str]:
    """Create the standard resources on a freshly reset endpoint; return their names and ARNs."""
    clients = make_clients(url)
    return {
        "function_name": "it-fn",
        "function_arn": create_function(clients, "it-fn"),
        "function2_name": "it-fn-2",
        "function2_arn": create_function(clients, "it-fn-2"),
        "queue_arn": create_queue(clients, "it-queue"),
        "fifo_queue_arn": create_queue(clients, "it-queue", fifo=True),
        "stream_arn": create_stream(clients, "it-stream"),
        "table_stream_arn": create_table_stream(clients, "it-table"),
        "msk_cluster_arn": msk_cluster_arn("it-cluster"),
        "secret_arn": secret_arn("it-secret"),
    }


def ansible_playbook() -> str:
    # Prefer the one next to this interpreter (the project's .venv): its Python has boto3,
    # and the implicit localhost runs modules with the controller's interpreter.
    candidate = Path(sys.executable).with_name("ansible-playbook")
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("ansible-playbook")
    if not found:
        raise RuntimeError("ansible-playbook not found next to the interpreter or on PATH")
    return found


def playbook_env(url: str, roles_path: Path, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in AWS_ENV_DROP}
    env.update(AWS_ENV)
    env["AWS_ENDPOINT_URL"] = url
    # No shared config/credentials files: only the values above count.
    env["AWS_CONFIG_FILE"] = str(workdir / "aws-config-absent")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(workdir / "aws-credentials-absent")
    env["ANSIBLE_ROLES_PATH"] = str(roles_path)
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", str(REPO / ".collections"))
    env["ANSIBLE_LOCAL_TEMP"] = str(workdir / "ansible-local")
    env["ANSIBLE_REMOTE_TEMP"] = str(workdir / "ansible-remote")
    env["ANSIBLE_RETRY_FILES_ENABLED"] = "false"
    env["ANSIBLE_NOCOLOR"] = "true"
    env["ANSIBLE_FORCE_COLOR"] = "false"
    env["ANSIBLE_LOCALHOST_WARNING"] = "false"
    env["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "false"
    env["ANSIBLE_CALLBACK_RESULT_FORMAT"] = "yaml"
    env["ANSIBLE_DEPRECATION_WARNINGS"] = "true"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_target(name: str, roles_path: Path, url: str, extra_vars: dict[str, Any], workdir: Path) -> None:
    """Run target ``name`` as a role; fail the test with the playbook output if it fails."""
    target = roles_path / name
    if not (target / "aliases").is_file():
        pytest.fail(f"integration target {name!r} has no aliases file ({target / 'aliases'})", pytrace=False)
    playbook = workdir / f"{name}.yml"
    playbook.write_text(
        textwrap.dedent(
            f"""\
            - hosts: localhost
              gather_facts: false
              roles:
                - {json.dumps(name)}
            """
        )
    )
    cmd = [ansible_playbook(), str(playbook), "-e", json.dumps(extra_vars)]
    try:
        proc = subprocess.run(
            cmd,
            cwd=workdir,
            env=playbook_env(url, roles_path, workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=PLAYBOOK_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail(f"target {name!r}: ansible-playbook timed out after {PLAYBOOK_TIMEOUT}s\n{output}", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(
            f"target {name!r}: ansible-playbook exited {proc.returncode}\n"
            f"command: {shlex.join(cmd)}\n"
            f"---- output ----\n{proc.stdout}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def local_aws() -> Iterator[LocalAWS]:
    with LocalAWS(port=0, transition_seconds=0.0) as server:
        yield server


@pytest.fixture
def fresh_aws(local_aws: LocalAWS) -> dict[str, Any]:
    """Reset the endpoint, seed it; return the extra vars for a target."""
    local_aws.reset()
    local_aws.configure(transition_seconds=0.0, normalise_patterns=False)
    resources = seed(local_aws.url)
    local_aws.reset_requests()  # a target's request log starts with its own calls
    return {"local_aws_url": local_aws.url, "local_aws_resources": resources}


TARGETS = discover(targets_dir())

if TARGETS:

    @pytest.mark.parametrize("target", TARGETS)
    def test_target(target: str, local_aws: LocalAWS, fresh_aws: dict[str, Any], tmp_path: Path) -> None:
        run_target(target, targets_dir(), local_aws.url, fresh_aws, tmp_path)


# The runner's own checks, on throwaway targets generated in tmp_path.


def _write_target(root: Path, name: str, tasks: str) -> None:
    (root / name / "tasks").mkdir(parents=True)
    (root / name / "aliases").write_text("local\n")
    (root / name / "tasks" / "main.yml").write_text(textwrap.dedent(tasks))


def test_runner_passes_endpoint_and_vars(fresh_aws: dict[str, Any], local_aws: LocalAWS, tmp_path: Path) -> None:
    roles = tmp_path / "targets"
    _write_target(
        roles,
        "runner_selftest",
        """\
        - name: The endpoint and credentials are in the environment
          ansible.builtin.assert:
            that:
              - lookup('ansible.builtin.env', 'AWS_ENDPOINT_URL') == local_aws_url
              - lookup('ansible.builtin.env', 'AWS_ACCESS_KEY_ID') == 'testing'
              - lookup('ansible.builtin.env', 'AWS_REGION') == 'us-east-1'
              - local_aws_resources.queue_arn.startswith('arn:aws:sqs:us-east-1:123456789012:')
              - local_aws_resources.function_name == 'it-fn'
        - name: The control API answers
          ansible.builtin.uri:
            url: "{{ local_aws_url }}/_local/requests"
            return_content: true
          register: log
        - name: The request log starts empty for each target
          ansible.builtin.assert:
            that:
              - log.json == []
        """,
    )
    _write_target(roles, "setup_helper", "- ansible.builtin.meta: noop\n")
    (roles / "setup_helper" / "aliases").write_text("hidden\n")
    assert discover(roles) == ["runner_selftest"]
    run_target("runner_selftest", roles, local_aws.url, fresh_aws, tmp_path)


def test_runner_reports_playbook_output(fresh_aws: dict[str, Any], local_aws: LocalAWS, tmp_path: Path) -> None:
    roles = tmp_path / "targets"
    _write_target(
        roles,
        "runner_fails",
        """\
        - name: Fail on purpose
          ansible.builtin.fail:
            msg: runner-selftest-marker
        """,
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        run_target("runner_fails", roles, local_aws.url, fresh_aws, tmp_path)
    assert "runner-selftest-marker" in str(failure.value)
    assert "exited 2" in str(failure.value)


def test_discover_skips_hidden_targets(tmp_path: Path) -> None:
    roles = tmp_path / "targets"
    _write_target(roles, "a_target", "- ansible.builtin.meta: noop\n")
    _write_target(roles, "setup_helper", "- ansible.builtin.meta: noop\n")
    (roles / "setup_helper" / "aliases").write_text("hidden\n")
    assert discover(roles) == ["a_target"]


def test_runner_requires_aliases(fresh_aws: dict[str, Any], local_aws: LocalAWS, tmp_path: Path) -> None:
    roles = tmp_path / "targets"
    _write_target(roles, "no_aliases", "- ansible.builtin.meta: noop\n")
    (roles / "no_aliases" / "aliases").unlink()
    with pytest.raises(pytest.fail.Exception, match="no aliases file"):
        run_target("no_aliases", roles, local_aws.url, fresh_aws, tmp_path)
