"""The figures the reliability suite measures, gathered during the session and written at its end.

One instance, :data:`FIGURES`, is shared by the tests and ``conftest.py`` (which writes
``tests/output/reliability.json`` and prints the table that ``report.py`` puts in ``docs/reliability.md``).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tests.support.fault_proxy import KINDS

# The fault kinds counted per kind: the proxy's, and AWS's IAM-propagation refusal (docs/aws-behaviour.md §10).
TRACKED = (*KINDS, "iam")
OUTPUT = Path(__file__).resolve().parents[1] / "output" / "reliability.json"


class Figures:
    def __init__(self) -> None:
        self.started = time.time()
        # Per fault kind: injected into runs that had to succeed, and how many of those the runs survived.
        self.faults: dict[str, Counter[str]] = {kind: Counter() for kind in TRACKED}
        # Per "operation/kind": injected into runs that had to succeed.
        self.by_operation: Counter[str] = Counter()
        # Faults injected where the run must fail: beyond the retry budget, or errors that are not retried.
        self.fatal: Counter[str] = Counter()
        self.sections: dict[str, Any] = {}
        self.secrets: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()

    def add_faults(self, injected: dict[tuple[str, str], int], survived: bool, fatal: bool) -> None:
        for (operation, kind), count in injected.items():
            if fatal or kind not in self.faults:
                self.fatal[kind] += count
                continue
            self.faults[kind]["injected"] += count
            self.by_operation[f"{operation}/{kind}"] += count
            if survived:
                self.faults[kind]["survived"] += count

    def section(self, name: str, **values: Any) -> None:
        self.sections.setdefault(name, {}).update(values)

    def empty(self) -> bool:
        return not (
            any(self.faults[k] for k in self.faults) or self.sections or self.secrets or self.fatal or self.outcomes
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "duration_seconds": round(time.time() - self.started, 1),
            "cpus": os.cpu_count(),
            "tests": dict(self.outcomes),
            "faults": {
                kind: {"injected": self.faults[kind]["injected"], "survived": self.faults[kind]["survived"]}
                for kind in TRACKED
            },
            "faults_by_operation": dict(sorted(self.by_operation.items())),
            "faults_meant_to_fail": dict(self.fatal),
            **{name: self.sections[name] for name in sorted(self.sections)},
            "secrets": dict(self.secrets),
        }

    def write(self, path: Path = OUTPUT) -> dict[str, Any]:
        data = self.as_dict()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
        return data


FIGURES = Figures()
