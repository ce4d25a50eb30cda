"""One pass: the desired state and the plan are built once and never changed, and a run plans once."""

from __future__ import annotations

import dataclasses

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import aws, converge, mapping_set, plan, runner, validate
from tests.support.builders import ESM_ARN, FN_ARN, KINESIS_ARN, SQS_ARN
from tests.support.builders import UUID as U1

U2 = "5f1d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f"


def held(**extra):
    return dict({"UUID": U1, "FunctionArn": FN_ARN, "State": "Enabled", "EventSourceMappingArn": ESM_ARN}, **extra)


def test_desired_cannot_change_once_built():
    desired = validate.validate({"function_name": "order-processor", "event_source_arn": SQS_ARN, "batch_size": 5})
    with pytest.raises(dataclasses.FrozenInstanceError):
        desired.wait = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        desired.kind = "kinesis"  # type: ignore[misc]
    # A variant is a new object; the original keeps its values.
    assert dataclasses.replace(desired, wait=False).wait is False
    assert desired.wait is True


def test_plan_cannot_change_once_built():
    desired = validate.validate({"function_name": "order-processor", "event_source_arn": SQS_ARN, "batch_size": 5})
    built = plan.plan_present(desired, "sqs", held(EventSourceArn=SQS_ARN, BatchSize=10), None)
    assert built.action == "update"
    for name in ("action", "after", "update_params", "tags_after"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(built, name, None)


def _counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize(
    ("task", "listing", "action"),
    [
        ({"batch_size": 5}, [held(EventSourceArn=SQS_ARN, BatchSize=10)], "update"),
        ({"batch_size": 10}, [held(EventSourceArn=SQS_ARN, BatchSize=10)], "none"),
        ({"batch_size": 5, "tags": {"team": "orders"}}, [held(EventSourceArn=SQS_ARN, BatchSize=10)], "update"),
        ({"batch_size": 5}, [], "create"),
    ],
)
@pytest.mark.parametrize("check_mode", [True, False])
def test_a_run_plans_once(monkeypatch, fake_lambda, fake_clock, task, listing, action, check_mode):
    calls = _counting(monkeypatch, converge, "plan_present")
    created = held(EventSourceArn=SQS_ARN, BatchSize=5)
    client = fake_lambda(
        {
            "create_event_source_mapping": [created],
            "update_event_source_mapping": [created],
            "get_event_source_mapping": [created],
            "get_function": [{"Configuration": {"FunctionArn": FN_ARN}}],
            "list_tags": [{"Tags": {}}],
            "tag_resource": [{}],
        },
        pages=[{"EventSourceMappings": listing}],
    )

    def factory(desired):
        return aws.Api(client, sleep=fake_clock.sleep, clock=fake_clock.clock)

    result = runner.run(
        dict({"function_name": "order-processor", "event_source_arn": SQS_ARN}, **task), factory, check_mode
    )
    assert len(calls) == 1
    assert result["changed"] is (action != "none")


def test_a_replacement_plans_once(monkeypatch, fake_lambda, fake_clock, aws_not_found):
    calls = _counting(monkeypatch, converge, "plan_present")
    old = held(EventSourceArn=KINESIS_ARN, StartingPosition="LATEST")
    new = dict(old, UUID=U2, StartingPosition="TRIM_HORIZON")
    client = fake_lambda(
        {
            "delete_event_source_mapping": [dict(old, State="Deleting")],
            "create_event_source_mapping": [new],
            # The old mapping is gone after its delete; then the new one is read settled.
            "get_event_source_mapping": [aws_not_found(), new],
            "get_function": [{"Configuration": {"FunctionArn": FN_ARN}}],
            "list_tags": [{"Tags": {"team": "orders"}}],
        },
        listings=[[{"EventSourceMappings": [old]}], [{"EventSourceMappings": []}]],
    )

    def factory(desired):
        return aws.Api(client, sleep=fake_clock.sleep, clock=fake_clock.clock)

    result = runner.run(
        {
            "function_name": "order-processor",
            "event_source_arn": KINESIS_ARN,
            "starting_position": "TRIM_HORIZON",
            "allow_replacement": True,
        },
        factory,
    )
    assert result["changed"] is True
    assert len(calls) == 1
    # The tags were read before the one plan, and the new mapping keeps them.
    creates = [params for op, params in client.calls if op == "create_event_source_mapping"]
    assert creates[0]["Tags"] == {"team": "orders"}


@pytest.mark.parametrize("listing", [[], [held(EventSourceArn=SQS_ARN, BatchSize=10)]])
def test_the_set_module_plans_each_item_once(monkeypatch, fake_lambda, fake_clock, listing):
    # With nothing held, a check-mode create needs the function's ARN, read before the one plan.
    calls = _counting(monkeypatch, converge, "plan_present")
    client = fake_lambda(
        {"list_tags": [{"Tags": {}}], "get_function": [{"Configuration": {"FunctionArn": FN_ARN}}]},
        pages=[{"EventSourceMappings": listing}],
    )
    api = aws.Api(client, sleep=fake_clock.sleep, clock=fake_clock.clock)
    params = {
        "function_name": "order-processor",
        "mappings": [
            {"event_source_arn": SQS_ARN, "batch_size": 5, "tags": {"team": "orders"}},
            {"event_source_arn": SQS_ARN.replace("orders", "returns"), "batch_size": 5},
        ],
        "purge": False,
    }
    result = mapping_set.run(params, lambda _params: api, check_mode=True)
    assert len(calls) == 2
    assert result["event_source_mappings"][1]["function_arn"] == FN_ARN
