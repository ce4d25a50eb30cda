"""`make bench`: performance figures under Lambda's control-plane request quota; writes docs/performance.md.

AWS Lambda allows 15 control-plane requests per second per account and Region, shared by every Lambda API
except invocation, GetFunction and GetPolicy (docs/aws-behaviour.md §13). The local endpoint is started with that quota and a
30 ms round trip (``python -m tests.support.local_aws --request-quota 15 --latency-seconds 0.03``); set-up
steps lift both for a moment, the measured runs always have them.

Each figure is one function in FIGURES: it runs its measurements and returns its section of the page.
Expects the collection installed in ``.collections`` (``make install``) and the project's virtualenv as the
interpreter; ``make bench`` does both.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
for path in (REPO, SCRIPTS):  # tests.support.*, and demo.py's endpoint helpers
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import demo  # noqa: E402

from tests.support.aws_fixtures import REGION, create_function, create_queue, make_clients  # noqa: E402
from tests.support.forked_runner import run_module_forked  # noqa: E402
from tests.support.local_aws.quota import counts  # noqa: E402
from tests.support.request_budget import STEPS, kinds, life_cycle, make_sources  # noqa: E402
from tests.support.runner import run_module  # noqa: E402

OUT = REPO / "docs" / "performance.md"
WORK = REPO / "build" / "bench"
PLAYBOOKS = SCRIPTS / "bench_playbooks"

QUOTA = 15.0  # requests per second (docs/aws-behaviour.md §13)
BURST = QUOTA  # the endpoint's default bucket: one second of the quota
LATENCY = 0.030  # seconds per request
FORKS = 8
FLEET_SIZES = (64, 256)
INFO_MAPPINGS = 1000
INFO_FUNCTIONS = 4
CPU_LOOP = 10
SET_SIZE = 100
# docs/aws-behaviour.md §10: botocore's two retry modes that retry throttling; "adaptive" adds client-side rate limiting.
RETRY_MODES = ("standard", "adaptive")
NOISE = 0.10  # wall-time differences smaller than this are not a result on a shared machine
ENDPOINT_OPTIONS = ("--request-quota", f"{QUOTA:g}", "--latency-seconds", f"{LATENCY:g}")


def quota_minimum(answered: int) -> float:
    """Seconds a full bucket needs to let ``answered`` requests through at the quota."""
    return max(0, answered - BURST) / QUOTA


# ---------------------------------------------------------------- the endpoint


class Endpoint:
    """The local endpoint in its own process, with its control API."""

    def __init__(self) -> None:
        self.proc, self.url = demo.start_server(WORK / "endpoint.log", ENDPOINT_OPTIONS)
        self.clients = make_clients(self.url)

    def stop(self) -> None:
        demo.stop_server(self.proc)

    def _control(self, method: str, name: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/_local/{name}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=120) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def reset(self) -> None:
        """Wipe everything; the quota and latency of the command line apply again, with a full bucket."""
        self._control("POST", "reset")

    def set_up(self) -> Any:
        """A context for set-up steps: no quota and no latency inside, then back with a full bucket."""
        endpoint = self

        class _SetUp:
            def __enter__(self) -> None:
                endpoint._control("POST", "config", {"request_quota": None, "latency_seconds": 0.0})

            def __exit__(self, *exc: object) -> None:
                endpoint._control("POST", "config", {"request_quota": QUOTA, "latency_seconds": LATENCY})
                endpoint._control("DELETE", "requests")

        return _SetUp()

    def counted(self) -> list[dict[str, Any]]:
        """The requests that count against the quota since the last call; the log is then cleared."""
        log = self._control("GET", "requests")
        self._control("DELETE", "requests")
        return [r for r in log if counts(r["service"], r["operation"])]

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def aws_env(url: str) -> dict[str, str]:
    env = demo.ansible_env(url)
    env.pop("ANSIBLE_FORCE_COLOR", None)
    env.update(
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_DEPRECATION_WARNINGS="false",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        # As a fleet would run: the module is piped to Python, no temporary files and shell steps per task.
        ANSIBLE_PIPELINING="true",
    )
    return env


def retry_config(mode: str) -> dict[str, Any] | None:
    """The module's aws_config for a retry mode; None keeps the collection's default."""
    from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import DEFAULT_RETRIES

    if mode == DEFAULT_RETRIES["mode"]:
        return None
    return {"retries": dict(DEFAULT_RETRIES, mode=mode)}


@dataclass
class Run:
    """One measured run under the quota."""

    label: str
    wall: float
    failed: int
    requests: int
    throttled: int
    cpu: float  # CPU seconds of the run's processes and the endpoint
    command: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def quota_min(self) -> float:
        return quota_minimum(self.requests - self.throttled)

    @property
    def cpu_min(self) -> float:
        return self.cpu / (os.cpu_count() or 1)

    def row(self) -> str:
        ratio = self.wall / self.quota_min if self.quota_min else float("inf")
        bound = max(self.quota_min, self.cpu_min)
        return (
            f"| {self.label} | {self.wall:.1f} s | {self.failed} | {self.requests} | {self.throttled} "
            f"| {self.quota_min:.1f} s | {ratio:.2f} | {self.cpu:.0f} s | {self.cpu_min:.1f} s "
            f"| {self.wall / bound:.2f} |"
        )


def verdict(runs: list[Run]) -> str:
    """What bounds each run: the quota, the CPU, or neither; checked against the 1.5x acceptance bound."""
    within = [r for r in runs if r.quota_min and r.wall <= 1.5 * r.quota_min]
    cpu_bound = [r for r in runs if r not in within and r.cpu_min >= r.quota_min]
    other = [r for r in runs if r not in within and r not in cpu_bound]
    failed = sum(r.failed for r in runs)
    lines = [
        f"- Failed tasks: {failed}.",
        f"- Within 1.5x of the quota-bound minimum: {len(within)} of {len(runs)} runs"
        + (f" ({', '.join(r.label for r in within)})." if within else "."),
    ]
    if cpu_bound:
        lines.append(
            f"- Bound by CPU rather than by the quota: {', '.join(r.label for r in cpu_bound)}. Their CPU-bound "
            "minimum is larger than the quota's: they send fewer requests than the quota allows in the time "
            "their processes need the cores (figure 4 has the CPU of one task). The rest of the gap is the "
            "machine's other jobs (load average above) and the start-up of ansible-playbook."
        )
    if other:
        lines.append(
            f"- Neither bound reached: {', '.join(r.label for r in other)}: time spent waiting, i.e. botocore's "
            "back-off after a 429, the round trips of one client sending one request at a time, and the "
            "machine's other jobs."
        )
    return "\n".join(lines)


RUN_HEADER = (
    "| run | wall time | failed | requests sent | throttled (429) | quota-bound minimum | wall / quota minimum "
    "| CPU used | CPU-bound minimum (CPU / cores) | wall / larger minimum |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def measure(endpoint: Endpoint, label: str, command: str, action: Callable[[], int]) -> Run:
    """Run ``action`` (it returns the number of failed tasks) and count what reached the endpoint."""
    endpoint.counted()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    served = endpoint.cpu_seconds()
    start = time.monotonic()
    failed = action()
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - children.ru_utime + after.ru_stime - children.ru_stime
    cpu += endpoint.cpu_seconds() - served
    log = endpoint.counted()
    throttled = sum(1 for r in log if r["status"] == 429)
    run = Run(label, wall, failed, len(log), throttled, cpu, command)
    print(f"    {label}: {wall:.1f} s, {failed} failed, {len(log)} requests, {throttled} throttled", flush=True)
    return run


RECAP = re.compile(r"^\S+\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)


def playbook(env: dict[str, str], args: list[str], log_name: str) -> tuple[int, int, int]:
    """Run ansible-playbook; (tasks ok, changed, failed or unreachable) summed over the hosts."""
    proc = subprocess.run(
        [demo.ansible_playbook(), *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    (WORK / log_name).write_text(proc.stdout + proc.stderr)
    recaps = RECAP.findall(proc.stdout)
    if not recaps:
        raise RuntimeError(f"ansible-playbook {shlex.join(args)} printed no PLAY RECAP; see build/bench/{log_name}")
    ok = sum(int(r[0]) for r in recaps)
    changed = sum(int(r[1]) for r in recaps)
    failed = sum(int(r[2]) + int(r[3]) for r in recaps)
    return ok, changed, failed


def shown(args: list[str]) -> str:
    return shlex.join(args).replace(str(REPO) + os.sep, "")


# ---------------------------------------------------------------- the figures


@dataclass
class Bench:
    endpoint: Endpoint
    env: dict[str, str]
    fleet_sizes: tuple[int, ...] = FLEET_SIZES
    info_mappings: int = INFO_MAPPINGS
    cpu_loop: int = CPU_LOOP
    set_size: int = SET_SIZE
    runs: dict[str, list[Run]] = field(default_factory=dict)  # figure runs by retry mode, for figure 5


def figure_requests_per_step(bench: Bench) -> str:
    """1. The requests each step of a mapping's life sends, per source kind."""
    endpoint = bench.endpoint
    with endpoint.set_up():
        sources = make_sources(endpoint.clients)
    module_env = {k: v for k, v in bench.env.items() if k.startswith("AWS_")}

    def run(args: dict[str, Any]) -> dict[str, Any]:
        return run_module_forked("lambda_event_source_mapping", args, module_env)

    def sent() -> list[str]:
        return [r["operation"] for r in endpoint.counted()]

    table = {kind: life_cycle(kind_args, run, sent) for kind, kind_args in kinds(sources).items()}
    steps = [step for step, _unused in STEPS]
    lines = [
        "| kind | " + " | ".join(steps) + " |",
        "|---|" + "---:|" * len(steps),
    ]
    for kind, rows in table.items():
        lines.append(f"| {kind} | " + " | ".join(str(len(operations)) for _s, _c, operations in rows) + " |")
    operations = {step: ", ".join(ops) for step, _changed, ops in next(iter(table.values()))}
    detail = "\n".join(f"- {step}: {ops or 'nothing'}" for step, ops in operations.items())
    same = all([len(o) for _s, _c, o in rows] == [len(o) for _s, _c, o in table["sqs"]] for rows in table.values())
    noops = {len(rows[1][2]) for rows in table.values()} | {len(rows[3][2]) for rows in table.values()}
    return f"""## 1. Requests per step of a mapping's life

Counted at the endpoint: every Lambda request a step sent, one `lambda_event_source_mapping` run per step
with the step's arguments (its `main()` in a forked child, `tests/support/forked_runner.py`). Bound: a no-op is one request (a List); it was
{" or ".join(str(n) for n in sorted(noops))} here. Every kind costs the {"same" if same else "counts below"}.
The steps and arguments are `tests/support/request_budget.py`; `tests/module/test_request_budget.py`
(part of `make test`) fails if any count changes.

{chr(10).join(lines)}

What each step sent (the SQS mapping; the other kinds alike):

{detail}

A mapping settles at once on this endpoint, so each wait is one Get. On AWS a mapping takes seconds to
settle (docs/aws-behaviour.md §5) and every further poll while it does adds a Get: after 0.5, 1, 2 and 3 s, then every 5 s.
"""


def _apply_playbook(env: dict[str, str], args: list[str], log_name: str, changed: list[int]) -> int:
    """Run a playbook; the number of failed tasks (the number changed is appended to ``changed``)."""
    _ok, tasks_changed, failed = playbook(env, args, log_name)
    changed.append(tasks_changed)
    return failed


def _fleet_runs(bench: Bench, size: int, mode: str) -> list[Run]:
    endpoint = bench.endpoint
    endpoint.reset()
    with endpoint.set_up():
        create_function(endpoint.clients, "bench-fleet")
        for index in range(size):
            create_queue(endpoint.clients, f"bench-{index:03d}")
    inventory = WORK / f"fleet-{size}.ini"
    inventory.write_text(
        f"[fleet]\nbench-[000:{size - 1:03d}]\n\n[fleet:vars]\nansible_connection=local\n"
        f"ansible_python_interpreter={sys.executable}\n"
    )
    args = ["-i", str(inventory), "--forks", str(FORKS), str(PLAYBOOKS / "fleet.yml")]
    config = retry_config(mode)
    if config is not None:
        args += ["-e", json.dumps({"bench_aws_config": config})]
    runs = []
    for step, expect_changed in (("create", size), ("re-apply", 0)):
        changed: list[int] = []
        apply = functools.partial(_apply_playbook, bench.env, args, f"fleet-{size}-{mode}-{step}.log", changed)
        run = measure(endpoint, f"{size} mappings, {step} ({mode})", shown(["ansible-playbook", *args]), apply)
        if run.failed == 0 and changed != [expect_changed]:
            raise RuntimeError(f"{run.label}: {changed} tasks changed, expected {expect_changed}")
        run.extra["size"] = size
        runs.append(run)
    return runs


def figure_fleet(bench: Bench) -> str:
    """2. A fleet: 8 forks applying N mappings, created then re-applied, under the quota."""
    shown_runs: list[Run] = []
    # Figure 5 compares the retry modes on the smallest fleet only: the larger fleet in the second mode
    # would add minutes to `make bench` (issue 11 bounds it at 15) and the comparison is the same at any size.
    compared = min(bench.fleet_sizes)
    for mode in RETRY_MODES:
        for size in bench.fleet_sizes:
            if mode != RETRY_MODES[0] and size != compared:
                continue
            runs = _fleet_runs(bench, size, mode)
            if size == compared:
                bench.runs.setdefault(mode, []).extend(runs)
            if mode == RETRY_MODES[0]:
                shown_runs += runs
    rows = [run.row() for run in shown_runs]
    commands = sorted({run.command for run in shown_runs}, key=len)
    return f"""## 2. A fleet: {FORKS} forks, one mapping per host

`ansible-playbook` with `--forks {FORKS}` over an inventory of N hosts (`connection: local`), each host
mapping its own SQS queue to one function, with a tag (`scripts/bench_playbooks/fleet.yml`). Each fleet
is created, then applied again (a no-op). `ANSIBLE_PIPELINING=true`, as a fleet would run. Retry mode: `{RETRY_MODES[0]}`
(figure 5 has `{RETRY_MODES[1]}` for the {min(bench.fleet_sizes)}-mapping fleet).

{RUN_HEADER}
{chr(10).join(rows)}

Commands: {", ".join(f"`{c}`" for c in commands)}.

{BOUNDS}

{verdict(shown_runs)}
"""


BOUNDS = f"""The quota-bound minimum is the time the quota needs to let the answered requests through
(requests sent minus those throttled, less the bucket's {BURST:g} at the start, at {QUOTA:g}/s). The
CPU-bound minimum is the CPU the run used (ansible-playbook, its workers and modules, and the endpoint)
spread over all the machine's cores: with {FORKS} forks on a machine with fewer cores, a run cannot be
faster than that either. The last column compares the wall time with the larger of the two."""


def _info_set_up(bench: Bench) -> None:
    endpoint = bench.endpoint
    endpoint.reset()
    lam = endpoint.clients["lambda"]
    with endpoint.set_up():
        for number in range(INFO_FUNCTIONS):
            create_function(endpoint.clients, f"bench-info-{number}")
        for index in range(bench.info_mappings):
            lam.create_event_source_mapping(
                FunctionName=f"bench-info-{index % INFO_FUNCTIONS}",
                EventSourceArn=f"arn:aws:kafka:{REGION}:123456789012:cluster/bench/0b5a1f6c-1",
                Topics=[f"topic-{index:04d}"],
                StartingPosition="LATEST",
                Tags={"Team": "bench", "Index": str(index)},
            )


def _info_runs(bench: Bench, mode: str) -> list[Run]:
    env = {k: v for k, v in bench.env.items() if k.startswith("AWS_")}
    config = retry_config(mode)
    extra = {} if config is None else {"aws_config": config}
    module = "lambda_event_source_mapping_info"

    def one(args: dict[str, Any], found: list[int]) -> int:
        result = run_module(module, dict(args, **extra), env=env)
        found.append(len(result.get("event_source_mappings") or []))
        return 1 if result.get("failed") else 0

    runs = []
    for tags in (False, True):
        found: list[int] = []
        args = {"include_tags": tags}
        run = measure(
            bench.endpoint,
            f"{bench.info_mappings} mappings, {'with' if tags else 'without'} tags ({mode})",
            f"{module} {json.dumps(dict(args, **extra))}",
            lambda args=args, found=found: one(args, found),
        )
        if run.failed == 0 and found != [bench.info_mappings]:
            raise RuntimeError(f"{run.label}: found {found}, expected {bench.info_mappings}")
        runs.append(run)

    found = []

    def concurrent() -> int:
        failures: list[int] = []
        threads = [
            threading.Thread(
                target=lambda n=n: failures.append(one({"function_name": f"bench-info-{n}"}, found)),
            )
            for n in range(INFO_FUNCTIONS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(failures)

    run = measure(
        bench.endpoint,
        f"{INFO_FUNCTIONS} concurrent runs, {bench.info_mappings // INFO_FUNCTIONS} mappings each, with tags ({mode})",
        f"{INFO_FUNCTIONS} x {module} " + json.dumps(dict({"function_name": "bench-info-N"}, **extra)),
        concurrent,
    )
    if run.failed == 0 and sum(found) != bench.info_mappings:
        raise RuntimeError(f"{run.label}: found {found}, expected {bench.info_mappings} in all")
    runs.append(run)
    return runs


def figure_info(bench: Bench) -> str:
    """3. The info module over 1,000 mappings, with and without tags, and four concurrent runs."""
    _info_set_up(bench)
    shown_runs: list[Run] = []
    for mode in RETRY_MODES:
        runs = _info_runs(bench, mode)
        bench.runs.setdefault(mode, []).extend(runs)
        if mode == RETRY_MODES[0]:
            shown_runs = runs
    rows = [run.row() for run in shown_runs]
    commands = [run.command for run in shown_runs]
    return f"""## 3. The info module over {bench.info_mappings:,} mappings

{bench.info_mappings:,} mappings (tagged) on {INFO_FUNCTIONS} functions. `lambda_event_source_mapping_info`
with no selector reads them all: one List per 100 mappings, and with `include_tags` one ListTags per
mapping. Then {INFO_FUNCTIONS} runs at once, one per function (selector `function_name`), with tags: they
share the quota as concurrent jobs in one account do. Retry mode: `{RETRY_MODES[0]}`.

{RUN_HEADER}
{chr(10).join(rows)}

Module arguments (each run is the module as Ansible runs it, `python -m
ansible_collections.esmkit.aws.plugins.modules.lambda_event_source_mapping_info`):
{chr(10).join(f"- `{c}`" for c in commands)}

{BOUNDS}

{verdict(shown_runs)}
"""


def figure_task_cpu(bench: Bench) -> str:
    """4. CPU seconds of a no-op task against ansible.builtin.ping, the same loop in one run."""
    endpoint = bench.endpoint
    endpoint.reset()
    with endpoint.set_up():
        create_function(endpoint.clients, "bench-cpu")
        queue = create_queue(endpoint.clients, "bench-cpu")
        endpoint.clients["lambda"].create_event_source_mapping(
            FunctionName="bench-cpu", EventSourceArn=queue, BatchSize=10
        )
    cpu_file = WORK / "task_cpu.json"
    env = dict(
        bench.env,
        BENCH_CPU_FILE=str(cpu_file),
        ANSIBLE_CALLBACK_PLUGINS=str(SCRIPTS / "bench_plugins" / "callback"),
        ANSIBLE_CALLBACKS_ENABLED="cpu_per_task",
    )
    args = ["-i", "localhost,", "-c", "local", str(PLAYBOOKS / "task_cpu.yml"), "-e", f"bench_loop={bench.cpu_loop}"]
    _ok, changed, failed = playbook(env, args, "task_cpu.log")
    if failed or changed:
        raise RuntimeError(f"figure 4: {failed} failed, {changed} changed; see build/bench/task_cpu.log")
    cpu = json.loads(cpu_file.read_text())
    noop, ping = cpu["No-op mapping task"] / bench.cpu_loop, cpu["Ping"] / bench.cpu_loop
    return f"""## 4. CPU per task

One run of `{shown(["ansible-playbook", *args])}`: a no-op `lambda_event_source_mapping` task and
`ansible.builtin.ping` (the floor of any module: the same AnsiballZ start-up, no work), each in a loop of
{bench.cpu_loop}, with `scripts/bench_plugins/callback/cpu_per_task.py` measuring the CPU of each task (the
controller, its worker and the module processes).

| task | CPU per loop item | ratio to ping |
|---|---:|---:|
| `ansible.builtin.ping` | {ping:.3f} s | 1.00 |
| `esmkit.aws.lambda_event_source_mapping`, no-op | {noop:.3f} s | {noop / ping:.2f} |

Most of the difference is importing boto3 and botocore and building a client in the module process; the
module sends one request (figure 1). At {noop:.2f} CPU seconds a task, {os.cpu_count()} cores run at most
{(os.cpu_count() or 1) / noop:.1f} no-op tasks a second, against the {QUOTA:g} the quota allows: a
controller needs about {QUOTA * noop:.0f} cores before the quota, not its CPU, bounds a fleet of no-op
tasks (one request each), and about {QUOTA * noop / 3:.0f} for creates (three requests each, figure 1).
"""


def figure_retry_modes(bench: Bench) -> str:
    """5. botocore retry modes under the quota: standard against adaptive, for figures 2 and 3."""
    from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import DEFAULT_RETRIES

    if any(mode not in bench.runs for mode in RETRY_MODES):
        return "## 5. Retry mode under the quota\n\nNot measured: figures 2 and 3 did not run.\n"
    totals = {}
    for mode in RETRY_MODES:
        runs = bench.runs[mode]
        totals[mode] = (
            sum(r.failed for r in runs),
            sum(r.wall for r in runs),
            sum(r.throttled for r in runs),
            sum(r.requests for r in runs),
        )
    default = DEFAULT_RETRIES["mode"]
    other = next(mode for mode in RETRY_MODES if mode != default)
    # Fewer failures wins; else a wall time shorter by more than the noise of a shared machine.
    clearly_faster = totals[other][1] < (1 - NOISE) * totals[default][1]
    better = other if (totals[other][0], not clearly_faster) < (totals[default][0], True) else default
    lines = [RUN_HEADER]
    for mode in RETRY_MODES:
        lines += [run.row() for run in bench.runs[mode]]
    summary = [
        "| retry mode | failed | wall time, all runs | requests sent | throttled |",
        "|---|---:|---:|---:|---:|",
    ]
    for mode in RETRY_MODES:
        failed, wall, throttled, requests = totals[mode]
        summary.append(f"| `{mode}` | {failed} | {wall:.1f} s | {requests} | {throttled} |")
    verdict = (
        f"`{other}` did not do clearly better (no fewer failures, wall time not {NOISE:.0%} shorter): the "
        f"default (`connection.DEFAULT_RETRIES`) stays `{default}`."
        if better == default
        else f"`{better}` did better in this run; the default (`connection.DEFAULT_RETRIES`) is `{default}`."
    )
    return f"""## 5. Retry mode under the quota: `standard` against `adaptive`

The runs of figure 2 (its {min(bench.fleet_sizes)}-mapping fleet) and of figure 3 in both botocore retry modes (`adaptive` passed as `aws_config: {{retries:
{{mode: adaptive, max_attempts: {DEFAULT_RETRIES["max_attempts"]}}}}}`). `adaptive` adds a client-side
rate limiter that slows a client down after it is throttled; it lives in one module process, so it knows
only the throttles that process has met.

{chr(10).join(summary)}

{verdict}

{chr(10).join(lines)}
"""


def figure_set(bench: Bench) -> str:
    """6. A no-op set of 100 mappings in one task, against 100 tasks of the main module."""
    endpoint = bench.endpoint
    endpoint.reset()
    size = bench.set_size
    env = {k: v for k, v in bench.env.items() if k.startswith("AWS_")}
    items = [
        {"event_source_arn": f"arn:aws:sqs:{REGION}:123456789012:bench-set-{index:03d}", "batch_size": 10}
        for index in range(size)
    ]
    set_args = {"function_name": "bench-set", "mappings": items}
    with endpoint.set_up():
        create_function(endpoint.clients, "bench-set")
        for index in range(size):
            create_queue(endpoint.clients, f"bench-set-{index:03d}")
        made = run_module("lambda_event_source_mapping_set", set_args, env=env)
        if made.get("failed") or len(made.get("created") or []) != size:
            raise RuntimeError(f"the set of {size} mappings was not created: {made.get('msg')}")

    def unchanged(result: dict[str, Any]) -> int:
        return 1 if result.get("failed") or result.get("changed") else 0

    def one_set_task() -> int:
        return unchanged(run_module("lambda_event_source_mapping_set", set_args, env=env))

    def tasks_of_the_main_module() -> int:
        return sum(
            unchanged(run_module("lambda_event_source_mapping", dict(item, function_name="bench-set"), env=env))
            for item in items
        )

    runs = [
        measure(endpoint, f"one set task, {size} mappings", "lambda_event_source_mapping_set", one_set_task),
        measure(
            endpoint,
            f"{size} tasks of the main module, one after another",
            "lambda_event_source_mapping (one task per mapping)",
            tasks_of_the_main_module,
        ),
    ]
    rows = [run.row() for run in runs]
    return f"""## 6. A no-op set of {size} mappings against {size} tasks of the main module

{size} SQS mappings of one function, already as the task asks. One `lambda_event_source_mapping_set` task
naming all {size} reads the function's mappings with one List per 100 mappings; {size} tasks of
`lambda_event_source_mapping` send one List each, and each pays a module start-up. A "failed" here is a
task that failed or reported a change.

{RUN_HEADER}
{chr(10).join(rows)}

{BOUNDS}
"""


FIGURES: list[Callable[[Bench], str]] = [
    figure_requests_per_step,
    figure_fleet,
    figure_info,
    figure_task_cpu,
    figure_retry_modes,
    figure_set,
]


def versions() -> str:
    import ansible
    import botocore

    return f"Python {platform.python_version()}, ansible-core {ansible.__version__}, botocore {botocore.__version__}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output", type=Path, default=OUT, help="the page to write (default: docs/performance.md)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the script out (not for the page)")
    parser.add_argument("--only", type=int, nargs="+", metavar="N", help="run only these figures (1-based)")
    parser.add_argument("--fleet-sizes", type=int, nargs="+", metavar="N", help="default: 64 256")
    args = parser.parse_args(argv)
    sizes: dict[str, Any] = {}
    if args.quick:
        sizes.update(fleet_sizes=(8, 16), info_mappings=40, cpu_loop=3, set_size=10)
    if args.fleet_sizes:
        sizes.update(fleet_sizes=tuple(args.fleet_sizes))
    figures = [figure for number, figure in enumerate(FIGURES, 1) if not args.only or number in args.only]
    WORK.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    load = os.getloadavg()
    begin = time.monotonic()
    endpoint = Endpoint()
    sections = []
    try:
        bench = Bench(endpoint, aws_env(endpoint.url), **sizes)
        for figure in figures:
            print(f"==> {figure.__doc__} [{time.strftime('%T')}]", flush=True)
            sections.append(figure(bench))
    finally:
        endpoint.stop()
    elapsed = time.monotonic() - begin
    load_end = os.getloadavg()
    page = f"""# Performance under Lambda's request quota

AWS Lambda allows {QUOTA:g} control-plane requests per second per account and Region, shared by every
Lambda API except invocation, GetFunction and GetPolicy, and the quota cannot be raised (docs/aws-behaviour.md §13). Every
List, Get, Create, Update, Delete, ListTags and TagResource this collection sends counts against it. These
figures are measured against the local endpoint with that quota (a token bucket of {BURST:g}, excess
requests answered HTTP 429 `TooManyRequestsException` "Rate exceeded") and a {LATENCY * 1000:g} ms round
trip on every request.

Generated by `make bench` (`{shown([sys.executable, "scripts/bench.py", *(argv if argv is not None else sys.argv[1:])])}`);
do not edit by hand.

- Date: {started:%Y-%m-%d %H:%M} UTC; the whole run took {elapsed / 60:.1f} minutes.
- Machine: {os.cpu_count()} cores ({platform.machine()}), load average {load[0]:.1f} at the start and
  {load_end[0]:.1f} at the end (other jobs shared the cores); {versions()}.
- Endpoint: `python -m tests.support.local_aws --port 0 {" ".join(ENDPOINT_OPTIONS)}`.

{chr(10).join(sections)}"""
    args.output.write_text(page)
    print(f"==> wrote {shown([str(args.output)])} in {elapsed / 60:.1f} minutes", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
