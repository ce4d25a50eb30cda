"""Put the figures of the latest reliability run into docs/reliability.md.

    python tests/reliability/report.py            # rewrite the table between the markers
    python tests/reliability/report.py --print    # only print it

The figures come from tests/output/reliability.json, written at the end of every run of tests/reliability.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "output" / "reliability.json"
DOC = ROOT / "docs" / "reliability.md"
START = "<!-- reliability-figures:start -->"
END = "<!-- reliability-figures:end -->"

KIND_NAMES = {
    "429": "HTTP 429 TooManyRequestsException",
    "500": "HTTP 500 ServiceException",
    "drop": "connection dropped before the request reached the endpoint",
    "lost": "connection dropped after the endpoint acted (lost response)",
    "latency": "latency (0.5 s before forwarding, or 2.5 s on the answer)",
    "iam": "InvalidParameterValueException with an IAM-propagation message",
}


FATAL_NAMES = {
    "500": "HTTP 500 beyond the retry budget",
    "iam": "IAM-propagation refusal beyond role_propagation_timeout",
    "reply": "AWS error that is not retried",
}


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_cell(sub)}" for key, sub in value.items())
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    return str(value).replace("|", "\\|")


def render(data: dict[str, Any]) -> str:
    lines = [
        f"Run of {data.get('generated', '?')}: {_tests(data)}, {data.get('duration_seconds', '?')} s "
        f"on {data.get('cpus', '?')} CPUs.",
        "",
    ]
    faults = data.get("faults") or {}
    lines += ["| Fault kind | Injected | Survived |", "|---|---:|---:|"]
    total = [0, 0]
    for kind, name in KIND_NAMES.items():
        figures = faults.get(kind) or {}
        injected, survived = figures.get("injected", 0), figures.get("survived", 0)
        total[0] += injected
        total[1] += survived
        lines.append(f"| {name} | {injected} | {survived} |")
    lines.append(f"| **all kinds** | **{total[0]}** | **{total[1]}** |")
    operations = sorted({key.split("/")[0] for key in data.get("faults_by_operation") or {}})
    if operations:
        lines += ["", f"Operations hit: {', '.join(operations)}."]
    fatal = data.get("faults_meant_to_fail") or {}
    if fatal:
        parts = ", ".join(f"{count} × {FATAL_NAMES.get(kind, kind)}" for kind, count in sorted(fatal.items()))
        lines += [
            "",
            f"Also injected where the run must fail, and did, saying what it had done: {parts}.",
        ]
    lines += ["", "| Check | Result |", "|---|---|"]
    for title, key in (
        ("Concurrency", "concurrency"),
        ("IAM propagation", "iam_propagation"),
        ("Partial failure", "partial_failure"),
        ("Bad input", "bad_input"),
        ("TLS options", "tls"),
        ("Secrets", "secrets"),
    ):
        section = data.get(key) or {}
        for name, value in section.items():
            lines.append(f"| {title}: {name.replace('_', ' ')} | {_cell(value)} |")
    return "\n".join(lines)


def _tests(data: dict[str, Any]) -> str:
    tests = data.get("tests") or {}
    parts = [f"{count} {outcome}" for outcome, count in sorted(tests.items())]
    return ", ".join(parts) or "no tests"


def update(doc: Path, table: str) -> str:
    text = doc.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{doc} has no {START} ... {END} markers")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{START}\n{table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--print", action="store_true", help="print the table, change nothing")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--doc", type=Path, default=DOC)
    options = parser.parse_args(argv)
    if not options.data.exists():
        print(f"{options.data} does not exist: run the reliability tests first", file=sys.stderr)
        return 1
    table = render(json.loads(options.data.read_text()))
    if options.print:
        print(table)
        return 0
    options.doc.write_text(update(options.doc, table))
    print(f"{options.doc} updated from {options.data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
