# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Callback for `make bench` (figure 4): the CPU seconds each task of a playbook used, written as JSON.

Not part of the collection. The CPU of a task is the controller's own plus that of the finished worker
processes (and so of the module processes they waited for): a worker is reaped before the next task
starts, so its CPU is charged to its own task.
"""

from __future__ import annotations

import json
import multiprocessing
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: cpu_per_task
type: aggregate
short_description: CPU seconds per task, for make bench
description:
  - Writes a JSON object, task name to CPU seconds, to the file named by E(BENCH_CPU_FILE).
requirements:
  - enable in configuration
"""


def _cpu_seconds() -> float:
    # Worker processes that have finished are reaped here, so their CPU is counted now.
    for child in multiprocessing.active_children():
        child.join(timeout=30)
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "cpu_per_task"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._task: str | None = None
        self._start = 0.0
        self._cpu: dict[str, float] = {}

    def _close(self) -> None:
        if self._task is not None:
            self._cpu[self._task] = self._cpu.get(self._task, 0.0) + _cpu_seconds() - self._start
            self._task = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        self._task = task.get_name()
        self._start = _cpu_seconds()

    def v2_playbook_on_stats(self, stats):
        self._close()
        with open(os.environ["BENCH_CPU_FILE"], "w", encoding="utf-8") as handle:
            json.dump(self._cpu, handle)
