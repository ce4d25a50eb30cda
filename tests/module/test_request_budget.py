"""Figure 1 of docs/performance.md: the Lambda requests each step of a mapping's life sends, per source kind.

Every one of them counts against Lambda's 15 requests per second per account and Region (docs/aws-behaviour.md §13), so a
step that sends one more request costs every fleet that runs it. A no-op must stay one List. The module
runs in a forked child (49 runs in seconds); figure 1 of `make bench` runs the same steps.
"""

from __future__ import annotations

import pytest

from tests.support.forked_runner import run_module_forked
from tests.support.local_aws.quota import counts
from tests.support.request_budget import STEPS, kinds, life_cycle, make_sources

LIST, CREATE, GET = "ListEventSourceMappings", "CreateEventSourceMapping", "GetEventSourceMapping"
UPDATE, DELETE = "UpdateEventSourceMapping", "DeleteEventSourceMapping"

# The same for every kind: (changed, the operations sent), one row per member of STEPS. Each Get is the
# wait for the mapping to settle (or, after a Delete, to be gone): one Get while mappings settle at once.
EXPECTED = [
    (True, [LIST, CREATE, GET]),  # create
    (False, [LIST]),  # no-op
    (True, [LIST, UPDATE, GET]),  # update
    (False, [LIST]),  # no-op
    (True, [LIST, UPDATE, GET]),  # disable
    (True, [LIST, DELETE, GET]),  # delete
    (False, [LIST]),  # delete again
]


@pytest.mark.parametrize("kind", sorted(kinds({"queue": "", "stream": "", "table_stream": ""})))
def test_requests_per_step(kind, srv, clients, env):
    srv.configure(transition_seconds=0.0)
    kind_args = kinds(make_sources(clients))[kind]

    def sent() -> list[str]:
        # The requests that count against the quota (GetFunction, for one, does not: docs/aws-behaviour.md §13).
        operations = [r["operation"] for r in srv.requests() if counts(r["service"], r["operation"])]
        srv.reset_requests()
        return operations

    rows = life_cycle(kind_args, lambda args: run_module_forked("lambda_event_source_mapping", args, env), sent)
    assert rows == [(step, changed, operations) for (step, _unused), (changed, operations) in zip(STEPS, EXPECTED)]


@pytest.mark.parametrize("kind", sorted(kinds({"queue": "", "stream": "", "table_stream": ""})))
def test_check_mode_predicts_each_step_and_writes_nothing(kind, srv, clients, env):
    # Each step first in check mode: the same ``changed`` as the real run that follows, and of the requests that
    # count, only the step's List (a create also reads the function with GetFunction, which does not count and
    # writes nothing). What the endpoint holds after each real step is checked above.
    srv.configure(transition_seconds=0.0)
    kind_args = kinds(make_sources(clients))[kind]
    predicted = []

    def run(args):
        srv.reset_requests()
        checked = run_module_forked("lambda_event_source_mapping", args, env, check_mode=True)
        reads = [r["operation"] for r in srv.requests() if counts(r["service"], r["operation"])]
        predicted.append((bool(checked["changed"]), reads))
        return run_module_forked("lambda_event_source_mapping", args, env)

    rows = life_cycle(kind_args, run, lambda: srv.reset_requests() or [])
    assert [(changed, [LIST]) for _step, changed, _unused in rows] == predicted
