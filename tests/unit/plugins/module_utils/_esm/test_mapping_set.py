"""mapping_set: item validation and identity, duplicates, matching, purge selection, the wait for all and the
result's order, with no endpoint (a scripted boto3 client where AWS is read)."""

from __future__ import annotations

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import aws, mapping_set
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError, ValidationError
from tests.support.builders import MSK_ARN as MSK
from tests.support.builders import SECRET, arn, function_arn

FN_ARN = function_arn("fn")
SQS_A = arn("sqs", "a")
SQS_B = arn("sqs", "b")
U1, U2, U3, U4 = (f"{n}{n}{n}{n}{n}{n}{n}{n}-{n}{n}{n}{n}-4{n}{n}{n}-8{n}{n}{n}-{n * 12}" for n in "1234")


def kafka(servers, topic="orders"):
    return {
        "self_managed_event_source": {"endpoints": {"KAFKA_BOOTSTRAP_SERVERS": servers}},
        "topics": [topic],
        "starting_position": "LATEST",
        "source_access_configuration": [{"type": "BASIC_AUTH", "uri": SECRET}],
    }


def params(*items, function_name="fn", **shared):
    return dict({"function_name": function_name, "mappings": list(items)}, **shared)


def listed(uuid, source=SQS_A, function_arn=FN_ARN, state="Enabled", **extra):
    return dict({"UUID": uuid, "FunctionArn": function_arn, "State": state, "EventSourceArn": source}, **extra)


def test_item_gets_the_function_and_the_shared_options():
    merged = mapping_set.item_params(
        params(function_name="fn:live", allow_replacement=True, wait=False, purge=True),
        {"event_source_arn": SQS_A, "batch_size": None},
    )
    assert merged == {
        "event_source_arn": SQS_A,
        "function_name": "fn:live",
        "state": "present",
        "allow_replacement": True,
        "wait": False,
    }


@pytest.mark.parametrize(
    "items, option",
    [
        ([{"event_source_arn": SQS_A}, {"event_source_arn": SQS_B, "batch_size": 0}], "mappings[1].batch_size"),
        ([{"batch_size": 5}], "mappings[0].event_source_arn"),
        ([{"event_source_arn": MSK, "topics": ["a", "b"], "starting_position": "LATEST"}], "mappings[0].topics"),
    ],
)
def test_an_invalid_item_is_named_with_its_option(items, option):
    with pytest.raises(ValidationError) as raised:
        mapping_set.validate_items(params(*items))
    assert raised.value.option == option
    assert raised.value.msg.startswith(option.split(".")[0] + ": ")


def test_function_name_is_checked_even_without_items():
    with pytest.raises(ValidationError) as raised:
        mapping_set.validate_items(params(function_name="not a function"))
    assert raised.value.option == "function_name"


@pytest.mark.parametrize(
    "first, second, same",
    [
        ({"event_source_arn": SQS_A}, {"event_source_arn": SQS_A, "batch_size": 5}, True),
        ({"event_source_arn": SQS_A}, {"event_source_arn": SQS_B}, False),
        (
            {"event_source_arn": MSK, "topics": ["a"], "starting_position": "LATEST"},
            {"event_source_arn": MSK, "topics": ["a"], "starting_position": "TRIM_HORIZON"},
            True,
        ),
        (
            {"event_source_arn": MSK, "topics": ["a"], "starting_position": "LATEST"},
            {"event_source_arn": MSK, "topics": ["b"], "starting_position": "LATEST"},
            False,
        ),
        # docs/aws-behaviour.md §6: brokers that overlap on any one are the same source.
        (kafka("k1:9092,k2:9092"), kafka(["k2:9092", "k3:9092"]), True),
        (kafka("k1:9092,k2:9092"), kafka("k3:9092"), False),
        (kafka("k1:9092"), kafka("k1:9092", topic="other"), False),
    ],
)
def test_same_mapping_follows_the_identity_rules(first, second, same):
    a, b = (
        mapping_set.Item(i, mapping_set.validate(mapping_set.item_params(params(), x)))
        for i, x in enumerate((first, second))
    )
    assert mapping_set.same_mapping(a, b) is same
    assert mapping_set.same_mapping(b, a) is same


def test_duplicate_items_fail_naming_both():
    with pytest.raises(ValidationError) as raised:
        mapping_set.validate_items(
            params({"event_source_arn": SQS_A}, {"event_source_arn": SQS_B}, {"event_source_arn": SQS_A})
        )
    assert raised.value.option == "mappings[2]"
    assert "mappings[0] and mappings[2] name the same event source mapping" in raised.value.msg


def test_match_and_purge_choose_by_identity_and_qualifier():
    items = mapping_set.validate_items(params({"event_source_arn": SQS_B}, {"event_source_arn": SQS_A}))
    held = [
        listed(U1, SQS_A),
        listed(U2, SQS_B),
        listed(U3, arn("sqs", "dropped")),
        listed(U4, arn("sqs", "going"), state="Deleting"),
    ]
    mapping_set.match(items, held)
    assert [item.current["UUID"] for item in items] == [U2, U1]
    # Only what no item names, and not what is already being deleted.
    assert [m["UUID"] for m in mapping_set.to_purge(items, held)] == [U3]


def test_an_item_with_nothing_held_claims_nothing_and_purge_takes_the_rest():
    items = mapping_set.validate_items(params({"event_source_arn": SQS_B}))
    held = [listed(U1, SQS_A)]
    mapping_set.match(items, held)
    assert items[0].current is None
    assert mapping_set.to_purge(items, held) == held
    assert mapping_set.to_purge([], held) == held


def test_several_held_mappings_for_one_item_fail_naming_the_item():
    items = mapping_set.validate_items(
        params({"event_source_arn": MSK, "starting_position": "LATEST", "topics": ["t"]})
    )
    held = [listed(U1, MSK, Topics=["t"]), listed(U2, MSK, Topics=["t"])]
    with pytest.raises(EsmError) as raised:
        mapping_set.match(items, held)
    assert raised.value.msg.startswith(f"mappings[0] ({MSK} t): Found 2 event source mappings")
    # An item has no uuid to choose with: the advice is one it can follow.
    assert "Give uuid" not in raised.value.msg
    assert "delete the others" in raised.value.msg


# ------------------------------------------------------------------ output-only keys (an info result handed over)


def test_output_only_keys_are_not_options_of_the_item():
    item = {"event_source_arn": SQS_A, "uuid": U1, "function_arn": FN_ARN, "state": "Enabled", "arn": "x"}
    merged = mapping_set.item_params(params(), item)
    assert merged == {"event_source_arn": SQS_A, "function_name": "fn", "state": "present"}
    [validated] = mapping_set.validate_items(params(item))
    assert validated.desired.uuid is None
    assert validated.handed == {"uuid": U1, "function_arn": FN_ARN, "state": "Enabled", "arn": "x"}


@pytest.mark.parametrize(
    "extra, option",
    [
        ({"uuid": "not-a-uuid"}, "mappings[0].uuid"),
        ({"uuid": U1 + "\n"}, "mappings[0].uuid"),
        ({"function_arn": function_arn("other")}, "mappings[0].function_arn"),
        ({"function_arn": function_arn("fn", "live")}, "mappings[0].function_arn"),
        ({"function_arn": "fn:function:nonsense:"}, "mappings[0].function_arn"),
        ({"state": "Disabled", "enabled": True}, "mappings[0].state"),
        ({"state": "Enabling", "enabled": False}, "mappings[0].state"),
    ],
)
def test_output_only_keys_are_checked_before_any_request(extra, option):
    with pytest.raises(ValidationError) as raised:
        mapping_set.validate_items(params(dict({"event_source_arn": SQS_A}, **extra)))
    assert raised.value.option == option


@pytest.mark.parametrize(
    "extra", [{"state": "Updating", "enabled": False}, {"state": "Disabled", "enabled": False}, {"state": "Enabled"}]
)
def test_a_state_that_agrees_or_says_nothing_is_accepted(extra):
    mapping_set.validate_items(params(dict({"event_source_arn": SQS_A}, **extra)))


def test_a_qualified_set_takes_the_result_of_its_qualifier():
    item = {"event_source_arn": SQS_A, "function_arn": function_arn("fn", "live")}
    mapping_set.validate_items(params(item, function_name="fn:live"))
    mapping_set.validate_items(params(item, function_name=function_arn("fn", "live")))


def _claims(item, held):
    items = mapping_set.validate_items(params(item))
    mapping_set.match(items, held)
    return items[0]


def test_uuid_must_be_the_mapping_the_source_names():
    assert _claims({"event_source_arn": SQS_A, "uuid": U1}, [listed(U1, SQS_A)]).current["UUID"] == U1
    for item, held, words in [
        # The source names another mapping (replaced since the lookup).
        (
            {"event_source_arn": SQS_A, "uuid": U1},
            [listed(U2, SQS_A)],
            "the mapping of this function and source is " + U2,
        ),
        # The uuid is a mapping of another source (the item's source was edited).
        ({"event_source_arn": SQS_B, "uuid": U1}, [listed(U1, SQS_A)], "has another source"),
        # No such mapping, or it is going away: a uuid never creates.
        ({"event_source_arn": SQS_A, "uuid": U1}, [], "is not a mapping of function 'fn'"),
        ({"event_source_arn": SQS_A, "uuid": U1}, [listed(U1, SQS_A, state="Deleting")], "is not a mapping"),
    ]:
        with pytest.raises(ValidationError) as raised:
            _claims(item, held)
        assert raised.value.option == "mappings[0].uuid"
        assert words in raised.value.msg and "Nothing was changed" in raised.value.msg


def test_uuid_chooses_among_mappings_of_one_source():
    item = {"event_source_arn": MSK, "starting_position": "LATEST", "topics": ["t"], "uuid": U2}
    held = [listed(U1, MSK, Topics=["t"]), listed(U2, MSK, Topics=["t"])]
    assert _claims(item, held).current["UUID"] == U2


def test_function_arn_must_be_the_listed_function_account_and_region():
    other_account = function_arn("fn", account="210987654321")
    assert _claims({"event_source_arn": SQS_A, "function_arn": FN_ARN}, [listed(U1, SQS_A)]).current["UUID"] == U1
    for held in ([listed(U1, SQS_A)], [listed(U2, SQS_B)]):
        with pytest.raises(ValidationError) as raised:
            _claims({"event_source_arn": SQS_A, "function_arn": other_account}, held)
        assert raised.value.option == "mappings[0].function_arn"
    # Nothing listed to compare with: a create, checked against function_name only.
    assert _claims({"event_source_arn": SQS_A, "function_arn": other_account}, []).current is None


def _api(fake_lambda, fake_clock, pages_by_call, wait_timeout=30):
    """An Api whose successive List calls answer ``pages_by_call`` (one page each; the last one repeats)."""
    client = fake_lambda()
    answers = list(pages_by_call)

    class Paginator:
        def paginate(self, **kwargs):
            client.calls.append(("paginate:list_event_source_mappings", kwargs))
            yield {"EventSourceMappings": answers.pop(0) if len(answers) > 1 else answers[0]}

    client.get_paginator = lambda operation: Paginator()
    return client, aws.Api(client, wait_timeout=wait_timeout, sleep=fake_clock.sleep, clock=fake_clock.clock)


def test_wait_for_all_costs_one_list_per_poll(fake_lambda, fake_clock):
    client, api = _api(
        fake_lambda,
        fake_clock,
        [
            [listed(U1, state="Creating"), listed(U2, SQS_B, state="Updating"), listed(U3, state="Deleting")],
            [listed(U1, state="Enabled"), listed(U2, SQS_B, state="Updating")],
            [listed(U1, state="Enabled"), listed(U2, SQS_B, state="Disabled")],
        ],
    )
    runner = mapping_set.SetRunner(params(), api)
    final = runner.wait_for([U1, U2], [U3])
    assert [m["State"] for m in final] == ["Enabled", "Disabled"]
    assert client.ops() == ["paginate:list_event_source_mappings"] * 3
    assert client.calls[0][1] == {"FunctionName": "fn"}
    assert fake_clock.slept == [aws.POLL_DELAYS[0], aws.POLL_DELAYS[1]]


def test_wait_for_all_times_out_naming_every_pending_mapping(fake_lambda, fake_clock):
    _client, api = _api(fake_lambda, fake_clock, [[listed(U1, state="Creating"), listed(U2, state="Deleting")]], 10)
    with pytest.raises(EsmError) as raised:
        mapping_set.SetRunner(params(), api).wait_for([U1], [U2])
    assert raised.value.code == "Timeout"
    assert f"{U1} state Creating" in raised.value.msg and f"{U2} state Deleting" in raised.value.msg


def test_wait_for_all_fails_when_a_mapping_disappears(fake_lambda, fake_clock):
    _client, api = _api(fake_lambda, fake_clock, [[]])
    with pytest.raises(EsmError) as raised:
        mapping_set.SetRunner(params(), api).wait_for([U1], [])
    assert raised.value.code == "ResourceNotFoundException" and U1 in raised.value.msg


def test_read_keeps_only_this_function_and_qualifier(fake_lambda, fake_clock):
    held = [
        listed(U1),
        listed(U2, function_arn=FN_ARN + ":live"),
        listed(U3, function_arn=FN_ARN.replace(":fn", ":other")),
    ]
    _client, api = _api(fake_lambda, fake_clock, [held, held])
    assert [m["UUID"] for m in mapping_set.SetRunner(params(), api).read()] == [U1]
    assert [m["UUID"] for m in mapping_set.SetRunner(params(function_name="fn:live"), api).read()] == [U2]


def test_writes_are_paced(fake_lambda, fake_clock):
    _client, api = _api(fake_lambda, fake_clock, [[]])
    runner = mapping_set.SetRunner(params(), api)
    for _unused in range(3):
        runner._pace()  # pylint: disable=protected-access
    assert fake_clock.slept == [mapping_set.WRITE_INTERVAL, mapping_set.WRITE_INTERVAL]


def test_check_mode_result_keeps_the_order_of_mappings(fake_lambda, fake_clock):
    held = [listed(U1, SQS_A, BatchSize=10), listed(U2, arn("sqs", "dropped"))]
    _client, api = _api(fake_lambda, fake_clock, [held])
    runner = mapping_set.SetRunner(params(purge=True), api, check_mode=True)
    items = mapping_set.validate_items(
        params({"event_source_arn": SQS_B, "batch_size": 3}, {"event_source_arn": SQS_A, "batch_size": 4}, purge=True)
    )
    result = runner.run(items)
    assert [m["event_source_arn"] for m in result["event_source_mappings"]] == [SQS_B, SQS_A]
    assert [m.get("batch_size") for m in result["event_source_mappings"]] == [3, 4]
    assert result["created"] == [None] and result["updated"] == [U1] and result["deleted"] == [U2]
    assert [d["before_header"] for d in result["diff"]] == [
        f"mappings[0] ({SQS_B})",
        f"mappings[1] ({SQS_A})",
        f"purge ({U2})",
    ]
    assert result["event_source_mappings"][0]["function_arn"] == FN_ARN
