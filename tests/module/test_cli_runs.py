"""A replacement and the options only a create needs, through the Ansible CLIs: the replacement playbook (tests/module/playbooks/replacement.yml)
and the ad-hoc ``ansible`` run are in test_create_only_needs.py."""

from __future__ import annotations

import json
from pathlib import Path

from tests.module.conftest import TRANSITION_SECONDS
from tests.support.aws_fixtures import create_queue, held
from tests.support.module_helpers import run_cli, settled, tags_of

PLAYBOOK = Path(__file__).resolve().parent / "playbooks" / "replacement.yml"


def test_replacement_playbook(srv, lam, clients, fn, stream, tmp_path):
    queue_a = create_queue(clients, "queue-a")
    queue_b = create_queue(clients, "queue-b")
    old = settled(
        srv,
        lam,
        TRANSITION_SECONDS,
        FunctionName="fn",
        EventSourceArn=stream,
        StartingPosition="LATEST",
        BatchSize=42,
        Tags={"Team Name": "a"},
    )
    a = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue_a, BatchSize=3)
    b = settled(srv, lam, TRANSITION_SECONDS, FunctionName="fn", EventSourceArn=queue_b, BatchSize=4)
    extra = {
        "stream_arn": stream,
        "old_uuid": old["UUID"],
        "queue_a_arn": queue_a,
        "a_uuid": a["UUID"],
        "b_uuid": b["UUID"],
    }
    proc = run_cli("ansible-playbook", [str(PLAYBOOK), "-e", json.dumps(extra)], srv.url, tmp_path)
    assert proc.returncode == 0, proc.stdout
    [mapping] = held(lam, EventSourceArn=stream)
    assert mapping["UUID"] != old["UUID"]
    assert (mapping["StartingPosition"], mapping["BatchSize"]) == ("TRIM_HORIZON", 42)
    assert tags_of(lam, mapping) == {"Team Name": "a"}
    assert [(m["UUID"], m["BatchSize"]) for m in held(lam, EventSourceArn=queue_a)] == [(a["UUID"], 3)]
    assert [(m["UUID"], m["BatchSize"]) for m in held(lam, EventSourceArn=queue_b)] == [(b["UUID"], 4)]
