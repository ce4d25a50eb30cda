"""`make demo`: run the example playbooks against a local AWS endpoint.

1. start ``python -m tests.support.local_aws --port 0`` (moto-based, 127.0.0.1 only)
   and read its URL from the first line it prints;
2. create the Lambda function ``demo-fn`` and the SQS queue ``demo-queue`` with boto3;
3. run the playbooks in ``examples/`` in order with ``ansible-playbook``, pointing
   Ansible at the endpoint through ``AWS_ENDPOINT_URL`` and test credentials, and
   check that each step changed (or did not change) what it should;
4. always stop the endpoint: on success, on a failed step, on Ctrl-C or SIGTERM/SIGHUP, and when the reader
   of its output goes away (``make demo | head``); tests/module/test_demo_cleanup.py runs each way out.

Expects the collection installed in ``.collections`` (``make install``) and the
project's virtualenv as the interpreter (``make demo`` does both).
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
LOG_DIR = REPO / "build" / "demo"
if str(REPO) not in sys.path:  # for tests.support.*
    sys.path.insert(0, str(REPO))
REGION = "us-east-1"
SERVER_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Step:
    title: str
    playbook: str
    expect_changed: bool
    diff: bool = False


def twice(what: str, playbook: str, again: str = "apply the same playbook again") -> list[Step]:
    """A playbook that changes something (shown with --diff), then the same playbook again: nothing to change."""
    source = what.split(":")[0]
    return [
        Step(f"{what} (--diff)", playbook, True, True),
        Step(f"{source}: {again}: nothing to change", playbook, False, True),
    ]


def deleted_twice(source: str, playbook: str) -> list[Step]:
    return [
        Step(f"{source}: delete the mapping (--diff)", playbook, True, True),
        Step(f"{source}: delete it again: already gone", playbook, False),
    ]


STEPS = [
    *twice("SQS: create a mapping with a filter", "01_sqs_create.yml"),
    *twice("SQS: change batch size, batching window and filter", "02_sqs_change.yml", "apply the change again"),
    *deleted_twice("SQS", "03_sqs_delete.yml"),
    *twice("Kafka: create a self-managed Kafka mapping", "04_kafka_create.yml"),
    *twice("Kafka: more pollers, a kafka:// destination, debug logs", "05_kafka_change.yml", "apply the change again"),
    *deleted_twice("Kafka", "06_kafka_delete.yml"),
    *twice("Set: own all mappings of demo-fn, SQS and Kafka", "07_set.yml"),
]


class DemoError(Exception):
    pass


def banner(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def start_server(log_path: Path, options: tuple[str, ...] = ()) -> tuple[subprocess.Popen[str], str]:
    """Start the local endpoint with command-line ``options``; return the process and the URL it prints first."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.local_aws", "--port", "0", *options],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    log.close()
    try:
        line: list[str] = []
        reader = threading.Thread(
            target=lambda: line.append(proc.stdout.readline() if proc.stdout else ""), daemon=True
        )
        reader.start()
        reader.join(SERVER_START_TIMEOUT)
        url = line[0].strip() if line else ""
        if not re.fullmatch(r"http://127\.0\.0\.1:\d+", url):
            raise DemoError(
                f"local endpoint did not print its URL within {SERVER_START_TIMEOUT:.0f}s "
                f"(got {url!r}); see {log_path}:\n{log_path.read_text()[-3000:]}"
            )
    except BaseException:
        stop_server(proc)
        raise
    return proc, url


# ansible-playbook's exit code for "User interrupted execution", and a child ended by SIGINT or SIGTERM.
INTERRUPTED_CODES = (99, -signal.SIGINT, -signal.SIGTERM)


def stop_server(proc: subprocess.Popen[str]) -> None:
    stop_process(proc)


def stop_process(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    if proc.stdout:
        proc.stdout.close()


def create_resources(url: str) -> None:
    from tests.support.aws_fixtures import create_function, create_queue, make_clients

    clients = make_clients(url, region=REGION)
    print("function:", create_function(clients, "demo-fn"))
    print("queue:   ", create_queue(clients, "demo-queue"))


def ansible_env(url: str) -> dict[str, str]:
    from tests.support.aws_fixtures import cli_env

    # Ignores any ~/.aws config of the person running the demo.
    env = cli_env(url, os.devnull, str(REPO / ".collections"))
    env["AWS_DEFAULT_REGION"] = REGION
    if sys.stdout.isatty():
        env.setdefault("ANSIBLE_FORCE_COLOR", "true")
    return env


def ansible_playbook() -> str:
    candidate = Path(sys.executable).with_name("ansible-playbook")
    return str(candidate) if candidate.is_file() else "ansible-playbook"


RECAP = re.compile(r"^localhost\s*:.*?\bchanged=(\d+).*?\bfailed=(\d+)", re.MULTILINE)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_step(number: int, step: Step, env: dict[str, str]) -> None:
    cmd = [ansible_playbook(), str(EXAMPLES / step.playbook)]
    if step.diff:
        cmd.append("--diff")
    banner(f"[{number}/{len(STEPS)}] {step.title}")
    print("$", shlex.join(["ansible-playbook", *cmd[1:]]).replace(str(REPO) + os.sep, ""), flush=True)
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = []
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            sys.stdout.write(line)
            output.append(line)
        sys.stdout.flush()
        rc = proc.wait()
    finally:
        # Interrupted or the output closed: the step does not outlive the demo.
        stop_process(proc)
    if rc in INTERRUPTED_CODES:
        # Ctrl-C reaches ansible-playbook too (the same process group), which may end before this process sees it.
        raise KeyboardInterrupt(f"ansible-playbook exited {rc}")
    if rc != 0:
        raise DemoError(f"step {number} ({step.playbook}) failed: ansible-playbook exited {rc}")
    recap = RECAP.search(ANSI.sub("", "".join(output)))
    if not recap:
        raise DemoError(f"step {number}: no PLAY RECAP for localhost in the output")
    changed = int(recap.group(1))
    if step.expect_changed and changed == 0:
        raise DemoError(f"step {number} ({step.playbook}) should have changed something but reported changed=0")
    if not step.expect_changed and changed != 0:
        raise DemoError(f"step {number} ({step.playbook}) should have been a no-op but reported changed={changed}")


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def _say(text: str, stream=None) -> None:
    """Print what the demo has to say at its end; a closed output must not stop the clean-up."""
    try:
        print(text, file=stream or sys.stdout, flush=True)
    except (BrokenPipeError, ValueError):
        pass


def _silence_stdout() -> None:
    """After the reader went away (``make demo | head``): further output, and the flush at exit, go nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except OSError:
        pass


def main() -> int:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    started = time.monotonic()
    log_path = LOG_DIR / "local_aws.log"
    proc = None
    code = 0
    try:
        banner("Start the local AWS endpoint")
        proc, url = start_server(log_path)
        print(f"endpoint: {url} (pid {proc.pid}, log {log_path.relative_to(REPO)})", flush=True)
        banner("Create the Lambda function demo-fn and the SQS queue demo-queue")
        create_resources(url)
        env = ansible_env(url)
        for number, step in enumerate(STEPS, start=1):
            run_step(number, step, env)
    except DemoError as error:
        _say(f"\ndemo FAILED: {error}", sys.stderr)
        code = 1
    except BrokenPipeError:
        _silence_stdout()
        _say("\ndemo stopped: its output was closed", sys.stderr)
        code = 141
    except KeyboardInterrupt as interrupt:
        how = f" ({interrupt})" if str(interrupt) else ""
        _say(f"\ndemo interrupted{how}", sys.stderr)
        code = 130
    finally:
        # Nothing may cut the clean-up short: a second Ctrl-C or SIGTERM waits until the endpoint is stopped.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        if proc is not None:
            stop_server(proc)
            _say(f"\n==> Stopped the local AWS endpoint (pid {proc.pid}, exit code {proc.returncode})")
    if code == 0:
        _say(f"\n==> Demo finished: {len(STEPS)} steps in {time.monotonic() - started:.1f}s")
    return code


if __name__ == "__main__":
    sys.exit(main())
