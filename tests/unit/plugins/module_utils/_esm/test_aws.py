"""aws.Api against a fake boto3 client: waiting, busy retries, IAM propagation retries, conflicts, paging."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from ansible_collections.esmkit.aws.plugins.module_utils._esm import aws
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError
from tests.support.builders import ESM_ARN, FN_ARN, SQS_ARN, UUID
from tests.support.builders import ESM_ARN as TAG_ARN

OTHER = "a1b2c3d4-0000-4000-8000-0123456789ab"


def mapping(state, reason="USER_INITIATED", **extra):
    return dict({"UUID": UUID, "State": state, "StateTransitionReason": reason, "FunctionArn": FN_ARN}, **extra)


def api_for(client, clock, wait_timeout=600, role_propagation_timeout=120):
    return aws.Api(
        client,
        wait_timeout=wait_timeout,
        role_propagation_timeout=role_propagation_timeout,
        sleep=clock.sleep,
        clock=clock.clock,
    )


# --- reads ------------------------------------------------------------------------------------------------


def test_get_returns_the_mapping_without_response_metadata(fake_lambda, fake_clock):
    client = fake_lambda({"get_event_source_mapping": [mapping("Enabled")]})
    assert api_for(client, fake_clock).get(UUID) == mapping("Enabled")
    assert client.calls == [("get_event_source_mapping", {"UUID": UUID})]


def test_get_of_a_missing_mapping_is_none(fake_lambda, fake_clock, aws_not_found):
    client = fake_lambda({"get_event_source_mapping": [aws_not_found()]})
    assert api_for(client, fake_clock).get(UUID) is None


def test_other_errors_say_what_was_being_done(fake_lambda, fake_clock, aws_error):
    client = fake_lambda(
        {
            "get_event_source_mapping": [
                aws_error("AccessDeniedException", "User is not authorized", "GetEventSourceMapping", 403)
            ]
        }
    )
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock).get(UUID)
    assert info.value.msg == f"Failed to get event source mapping {UUID}: AccessDeniedException: User is not authorized"
    assert (info.value.code, info.value.message) == ("AccessDeniedException", "User is not authorized")
    assert info.value.result()["error"] == {"code": "AccessDeniedException", "message": "User is not authorized"}


def test_param_validation_error_becomes_an_esm_error(fake_lambda, fake_clock):
    client = fake_lambda(
        {
            "update_event_source_mapping": [
                ParamValidationError(report="Invalid type for parameter LoggingConfig, value: None")
            ]
        }
    )
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock).update(UUID, {"LoggingConfig": None})
    assert info.value.code == "ParamValidationError"
    assert "update event source mapping" in info.value.msg and "LoggingConfig" in info.value.msg


@pytest.mark.parametrize(
    "kwargs, sent",
    [
        ({}, {}),
        ({"function_name": "order-processor"}, {"FunctionName": "order-processor"}),
        (
            {"function_name": "order-processor", "event_source_arn": SQS_ARN},
            {"FunctionName": "order-processor", "EventSourceArn": SQS_ARN},
        ),
        ({"event_source_arn": SQS_ARN}, {"EventSourceArn": SQS_ARN}),
    ],
)
def test_list_follows_every_page(fake_lambda, fake_clock, kwargs, sent):
    pages = [
        {"EventSourceMappings": [{"UUID": "1"}, {"UUID": "2"}], "NextMarker": "m1"},
        {"EventSourceMappings": [], "NextMarker": "m2"},
        {"EventSourceMappings": [{"UUID": "3"}]},
    ]
    client = fake_lambda(pages=pages)
    assert [m["UUID"] for m in api_for(client, fake_clock).list(**kwargs)] == ["1", "2", "3"]
    assert client.calls == [("paginate:list_event_source_mappings", sent)]


def test_list_error(fake_lambda, fake_clock, aws_error):
    client = fake_lambda(
        pages=[
            {"EventSourceMappings": [{"UUID": "1"}]},
            aws_error("TooManyRequestsException", "Rate Exceeded.", "ListEventSourceMappings", 429),
        ]
    )
    with pytest.raises(EsmError) as info:
        list(api_for(client, fake_clock).list(function_name="order-processor"))
    assert info.value.code == "TooManyRequestsException"
    assert info.value.msg.startswith("Failed to list event source mappings: TooManyRequestsException")


def test_tags_calls(fake_lambda, fake_clock):
    client = fake_lambda(
        {"list_tags": [{"Tags": {"Cost Center": "Orders"}}], "tag_resource": [{}], "untag_resource": [{}]}
    )
    api = api_for(client, fake_clock)
    assert api.list_tags(ESM_ARN) == {"Cost Center": "Orders"}
    api.tag(ESM_ARN, {"A": "1"})
    api.untag(ESM_ARN, ["Old Key"])
    assert client.calls == [
        ("list_tags", {"Resource": ESM_ARN}),
        ("tag_resource", {"Resource": ESM_ARN, "Tags": {"A": "1"}}),
        ("untag_resource", {"Resource": ESM_ARN, "TagKeys": ["Old Key"]}),
    ]


def test_list_tags_without_tags(fake_lambda, fake_clock):
    assert api_for(fake_lambda({"list_tags": [{}]}), fake_clock).list_tags(ESM_ARN) == {}


def test_function_arn(fake_lambda, fake_clock):
    client = fake_lambda({"get_function": [{"Configuration": {"FunctionArn": FN_ARN}}]})
    assert api_for(client, fake_clock).function_arn("order-processor") == FN_ARN
    assert client.calls == [("get_function", {"FunctionName": "order-processor"})]


def test_function_arn_of_a_missing_function_or_qualifier_is_none(fake_lambda, fake_clock, aws_not_found):
    client = fake_lambda({"get_function": [aws_not_found("GetFunction")]})
    assert api_for(client, fake_clock).function_arn("order-processor:nosuchalias") is None


def test_complete_reads_kms_hidden_filters_with_get(fake_lambda, fake_clock):
    listed = dict(mapping("Enabled"), KMSKeyArn="arn:aws:kms:us-east-1:123456789012:key/k")
    full = dict(listed, FilterCriteria={"Filters": [{"Pattern": '{"body": ["x"]}'}]})
    client = fake_lambda({"get_event_source_mapping": [full]})
    api = api_for(client, fake_clock)
    assert api.complete(listed) == full
    assert api.complete(full) == full
    assert api.complete(mapping("Enabled")) == mapping("Enabled")
    assert [call[0] for call in client.calls] == ["get_event_source_mapping"]


def test_a_timed_out_wait_reports_the_state_last_read(fake_lambda, fake_clock):
    client = fake_lambda({"get_event_source_mapping": [mapping("Deleting")] * 400})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock).wait_settled(UUID, gone=True)
    assert info.value.code == "Timeout"
    assert info.value.mapping["state"] == "Deleting"


# --- waiting ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["Enabled", "Disabled"])
def test_wait_settled_returns_a_stable_mapping_at_once(fake_lambda, fake_clock, state):
    client = fake_lambda({"get_event_source_mapping": [mapping(state)]})
    assert api_for(client, fake_clock).wait_settled(UUID) == mapping(state)
    assert fake_clock.slept == []
    assert client.ops() == ["get_event_source_mapping"]


def test_wait_settled_polls_until_stable(fake_lambda, fake_clock):
    states = ["Creating", "Creating", "Enabling", "Enabled"]
    client = fake_lambda({"get_event_source_mapping": [mapping(s) for s in states]})
    assert api_for(client, fake_clock).wait_settled(UUID)["State"] == "Enabled"
    assert client.ops() == ["get_event_source_mapping"] * 4
    assert fake_clock.slept == [0.5, 1.0, 2.0]


def test_wait_settled_times_out_with_state_and_reason(fake_lambda, fake_clock):
    client = fake_lambda({"get_event_source_mapping": [mapping("Updating", "User action")]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock, wait_timeout=30).wait_settled(UUID)
    assert info.value.code == "Timeout"
    assert UUID in info.value.msg and "settle" in info.value.msg
    assert "Updating" in info.value.msg and "User action" in info.value.msg
    assert "Updating" in info.value.message and "User action" in info.value.message
    # It waited the whole timeout, in bounded steps, and never slept past the deadline.
    assert fake_clock.now == 30
    assert max(fake_clock.slept) <= 5.0
    assert len(client.calls) <= 30 / 0.5 + 1


def test_wait_settled_with_zero_timeout_polls_once(fake_lambda, fake_clock):
    client = fake_lambda({"get_event_source_mapping": [mapping("Creating")]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock, wait_timeout=0).wait_settled(UUID)
    assert "Creating" in info.value.msg
    assert len(client.calls) == 1 and fake_clock.slept == []


def test_wait_settled_for_gone(fake_lambda, fake_clock, aws_not_found):
    client = fake_lambda({"get_event_source_mapping": [mapping("Deleting"), mapping("Deleting"), aws_not_found()]})
    assert api_for(client, fake_clock).wait_settled(UUID, gone=True) is None
    assert len(client.calls) == 3
    assert fake_clock.slept == [0.5, 1.0]


def test_wait_for_gone_does_not_stop_at_a_stable_state(fake_lambda, fake_clock, aws_not_found):
    client = fake_lambda({"get_event_source_mapping": [mapping("Enabled"), aws_not_found()]})
    assert api_for(client, fake_clock).wait_settled(UUID, gone=True) is None
    assert len(client.calls) == 2


def test_wait_for_gone_times_out(fake_lambda, fake_clock):
    client = fake_lambda({"get_event_source_mapping": [mapping("Deleting", "User action")]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock, wait_timeout=10).wait_settled(UUID, gone=True)
    assert "be deleted" in info.value.msg and "Deleting" in info.value.msg and "User action" in info.value.msg


def test_wait_settled_fails_when_the_mapping_disappears(fake_lambda, fake_clock, aws_not_found):
    client = fake_lambda({"get_event_source_mapping": [mapping("Creating"), aws_not_found()]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock).wait_settled(UUID)
    assert "disappeared" in info.value.msg and UUID in info.value.msg


def test_wait_settled_honours_a_given_deadline(fake_lambda, fake_clock):
    client = fake_lambda({"get_event_source_mapping": [mapping("Updating")]})
    with pytest.raises(EsmError):
        api_for(client, fake_clock, wait_timeout=600).wait_settled(UUID, deadline=4)
    assert fake_clock.now == 4


# --- busy mappings -----------------------------------------------------------------------------------------


def busy(operation="UpdateEventSourceMapping"):
    return ClientError(
        {
            "Error": {
                "Code": "ResourceInUseException",
                "Message": "Cannot update the event source mapping because it is in use.",
            },
            "ResponseMetadata": {"HTTPStatusCode": 400},
        },
        operation,
    )


def test_update_waits_for_a_busy_mapping_then_succeeds(fake_lambda, fake_clock):
    client = fake_lambda(
        {
            "update_event_source_mapping": [busy(), mapping("Updating", BatchSize=5)],
            "get_event_source_mapping": [mapping("Creating"), mapping("Enabled")],
        }
    )
    result = api_for(client, fake_clock).update(UUID, {"BatchSize": 5})
    assert result == mapping("Updating", BatchSize=5)
    assert client.ops() == [
        "update_event_source_mapping",
        "get_event_source_mapping",
        "get_event_source_mapping",
        "update_event_source_mapping",
    ]
    assert client.calls[0][1] == client.calls[-1][1] == {"UUID": UUID, "BatchSize": 5}


def test_update_gives_up_on_a_mapping_that_never_settles(fake_lambda, fake_clock):
    client = fake_lambda(
        {"update_event_source_mapping": [busy()], "get_event_source_mapping": [mapping("Updating", "User action")]}
    )
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock, wait_timeout=20).update(UUID, {"BatchSize": 5})
    assert info.value.code == "Timeout"
    assert "Updating" in info.value.msg
    assert fake_clock.now == 20


def test_update_busy_while_reported_settled_backs_off_and_gives_up(fake_lambda, fake_clock):
    # Get reports the mapping settled but Update keeps answering ResourceInUse (another writer, or Get lagging):
    # the retries must be spaced out and end at the deadline, not hammer the API in a tight loop.
    client = fake_lambda({"update_event_source_mapping": [busy()], "get_event_source_mapping": [mapping("Enabled")]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock, wait_timeout=60).update(UUID, {"BatchSize": 5})
    assert info.value.code == "ResourceInUseException"
    assert fake_clock.now >= 60
    assert client.ops().count("update_event_source_mapping") <= 60 / 0.5 + 1


def test_update_busy_once_while_reported_settled_retries(fake_lambda, fake_clock):
    client = fake_lambda(
        {
            "update_event_source_mapping": [busy(), busy(), mapping("Updating")],
            "get_event_source_mapping": [mapping("Enabled")],
        }
    )
    assert api_for(client, fake_clock).update(UUID, {"Enabled": True})["State"] == "Updating"
    assert client.ops().count("update_event_source_mapping") == 3


def test_delete_waits_for_a_busy_mapping(fake_lambda, fake_clock):
    client = fake_lambda(
        {
            "delete_event_source_mapping": [busy("DeleteEventSourceMapping"), mapping("Deleting")],
            "get_event_source_mapping": [mapping("Updating"), mapping("Disabled")],
        }
    )
    assert api_for(client, fake_clock).delete(UUID)["State"] == "Deleting"
    assert client.ops() == [
        "delete_event_source_mapping",
        "get_event_source_mapping",
        "get_event_source_mapping",
        "delete_event_source_mapping",
    ]


def test_delete_of_a_missing_mapping_is_none(fake_lambda, fake_clock, aws_not_found):
    client = fake_lambda({"delete_event_source_mapping": [aws_not_found("DeleteEventSourceMapping")]})
    assert api_for(client, fake_clock).delete(UUID) is None


def test_update_of_a_missing_mapping_fails(fake_lambda, fake_clock, aws_not_found):
    client = fake_lambda({"update_event_source_mapping": [aws_not_found("UpdateEventSourceMapping")]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock).update(UUID, {"BatchSize": 5})
    assert info.value.code == "ResourceNotFoundException"
    assert len(client.calls) == 1


# --- IAM propagation ------------------------------------------------------------------------------------------

# docs/aws-behaviour.md §10: the messages AWS gives while a new or changed role has not reached Lambda yet.
PROPAGATION_MESSAGES = [
    "The provided execution role does not have permissions to call ReceiveMessage on SQS",
    "The function execution role does not have permissions to call ReceiveMessage on SQS",
    "Cannot access stream arn:aws:kinesis:us-east-1:123456789012:stream/clicks. Please ensure the role can perform the GetRecords, "
    "GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.",
    "The role defined for the function cannot be assumed by Lambda.",
]


@pytest.mark.parametrize("message", PROPAGATION_MESSAGES)
def test_create_retries_while_the_role_propagates(fake_lambda, fake_clock, aws_error, message):
    error = aws_error("InvalidParameterValueException", message, "CreateEventSourceMapping")
    client = fake_lambda({"create_event_source_mapping": [error, error, mapping("Creating")]})
    assert (
        api_for(client, fake_clock).create({"FunctionName": "order-processor", "EventSourceArn": SQS_ARN})["State"]
        == "Creating"
    )
    assert client.ops() == ["create_event_source_mapping"] * 3
    assert fake_clock.slept == [2.0, 4.0]


@pytest.mark.parametrize("message", PROPAGATION_MESSAGES[:1])
def test_update_retries_while_the_role_propagates(fake_lambda, fake_clock, aws_error, message):
    error = aws_error("InvalidParameterValueException", message)
    client = fake_lambda({"update_event_source_mapping": [error, mapping("Updating")]})
    assert api_for(client, fake_clock).update(UUID, {"BatchSize": 5})["State"] == "Updating"
    assert fake_clock.slept == [2.0]


def test_role_propagation_retries_end_at_the_timeout(fake_lambda, fake_clock, aws_error):
    error = aws_error("InvalidParameterValueException", PROPAGATION_MESSAGES[0], "CreateEventSourceMapping")
    client = fake_lambda({"create_event_source_mapping": [error]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock, role_propagation_timeout=10).create({"FunctionName": "order-processor"})
    assert info.value.code == "InvalidParameterValueException"
    assert (
        info.value.msg
        == "Failed to create event source mapping: InvalidParameterValueException: " + PROPAGATION_MESSAGES[0]
    )
    # 2 + 4 = 6 s slept; the next delay (8 s) would pass the 10 s deadline.
    assert fake_clock.slept == [2.0, 4.0]
    assert len(client.calls) == 3


def test_role_propagation_retries_over_the_default_timeout(fake_lambda, fake_clock, aws_error):
    error = aws_error("InvalidParameterValueException", PROPAGATION_MESSAGES[2], "CreateEventSourceMapping")
    client = fake_lambda({"create_event_source_mapping": [error]})
    with pytest.raises(EsmError):
        api_for(client, fake_clock).create({"FunctionName": "order-processor"})
    assert 100 < fake_clock.now <= 120
    assert max(fake_clock.slept) == 15.0


@pytest.mark.parametrize(
    "code, message",
    [
        ("InvalidParameterValueException", "Function does not exist"),
        ("InvalidParameterValueException", "Invalid filter pattern definition."),
        ("InvalidParameterValueException", "Unrecognized event source."),
        ("ValidationException", "The provided execution role does not have permissions to call ReceiveMessage on SQS"),
        ("ServiceException", "cannot be assumed by Lambda"),
    ],
)
def test_other_errors_fail_at_once(fake_lambda, fake_clock, aws_error, code, message):
    client = fake_lambda({"create_event_source_mapping": [aws_error(code, message, "CreateEventSourceMapping")]})
    with pytest.raises(EsmError) as info:
        api_for(client, fake_clock).create({"FunctionName": "order-processor"})
    assert (info.value.code, info.value.message) == (code, message)
    assert not isinstance(info.value, aws.Conflict)
    assert len(client.calls) == 1 and fake_clock.slept == []


# --- conflicts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message, uuid",
    [
        (
            f'An event source mapping with SQS arn (" {SQS_ARN} ") and function (" order-processor ") already exists. '
            f"Please update or delete the existing mapping with UUID {UUID}",
            UUID,
        ),
        (
            'The event source arn (" arn:aws:kinesis:us-east-1:123456789012:stream/clicks ") and function (" order-processor ") provided '
            f"mapping already exists. Please update or delete the existing mapping with UUID {OTHER}",
            OTHER,
        ),
        (
            f'An event source mapping with event source ("kafka:1000"), function ("{FN_ARN}"), topics ("topic") already exists. '
            f"Please update or delete the existing mapping with UUID {UUID}",
            UUID,
        ),
        ("The operation cannot be performed at this time. Another operation is in progress.", None),
    ],
)
def test_create_conflict_names_the_existing_mapping(fake_lambda, fake_clock, aws_error, message, uuid):
    client = fake_lambda(
        {
            "create_event_source_mapping": [
                aws_error("ResourceConflictException", message, "CreateEventSourceMapping", 409)
            ]
        }
    )
    with pytest.raises(aws.Conflict) as info:
        api_for(client, fake_clock).create({"FunctionName": "order-processor", "EventSourceArn": SQS_ARN})
    assert info.value.uuid == uuid
    assert info.value.code == "ResourceConflictException"
    assert info.value.message == message
    assert "create event source mapping" in info.value.msg
    assert isinstance(info.value, EsmError)
    assert len(client.calls) == 1


BUSY = "The operation cannot be performed at this time. Another operation is in progress."


@pytest.mark.parametrize(
    "operation, aws_operation, call",
    [
        ("tag_resource", "TagResource", lambda api: api.tag(TAG_ARN, {"a": "b"})),
        ("untag_resource", "UntagResource", lambda api: api.untag(TAG_ARN, ["a"])),
        ("delete_event_source_mapping", "DeleteEventSourceMapping", lambda api: api.delete(UUID)),
    ],
)
def test_conflict_on_delete_and_tags_is_retried_briefly(
    fake_lambda, fake_clock, aws_error, operation, aws_operation, call
):
    # docs/aws-behaviour.md §10: "another operation is in progress" on Delete or the tag calls is worth a brief retry.
    conflict = aws_error("ResourceConflictException", BUSY, aws_operation, 409)
    client = fake_lambda({operation: [conflict, conflict, {"UUID": UUID, "State": "Deleting"}]})
    call(api_for(client, fake_clock))
    assert client.ops() == [operation] * 3
    assert fake_clock.slept == [1.0, 2.0]


@pytest.mark.parametrize("operation, call", [("tag_resource", lambda api: api.tag(TAG_ARN, {"a": "b"}))])
def test_conflict_that_persists_fails_with_awss_message(fake_lambda, fake_clock, aws_error, operation, call):
    client = fake_lambda({operation: [aws_error("ResourceConflictException", BUSY, "TagResource", 409)]})
    with pytest.raises(EsmError) as info:
        call(api_for(client, fake_clock))
    assert info.value.code == "ResourceConflictException" and info.value.message == BUSY
    assert len(client.calls) == 5 and sum(fake_clock.slept) == 15.0


def test_a_delete_whose_retry_meets_not_found_was_this_calls_own_delete(fake_lambda, fake_clock, aws_not_found):
    # A lost answer: botocore sent the Delete again and met the mapping its first attempt had deleted.
    retried = aws_not_found("DeleteEventSourceMapping")
    retried.response["ResponseMetadata"]["RetryAttempts"] = 2
    assert api_for(fake_lambda({"delete_event_source_mapping": [retried]}), fake_clock).delete(UUID) == {}
    # Gone before this call: nothing was deleted by it.
    first = aws_not_found("DeleteEventSourceMapping")
    assert api_for(fake_lambda({"delete_event_source_mapping": [first]}), fake_clock).delete(UUID) is None
