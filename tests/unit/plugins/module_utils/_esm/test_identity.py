"""identity: function names and their matching (docs/aws-behaviour.md §6)."""

from __future__ import annotations

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import identity, validate
from ansible_collections.esmkit.aws.plugins.module_utils._esm.identity import FunctionRef
from tests.support.builders import ARNS, FN_ARN, task

# --- function names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("fn", FunctionRef("fn", None, None, None, None)),
        ("fn:live", FunctionRef("fn", "live", None, None, None)),
        ("fn:$LATEST", FunctionRef("fn", "$LATEST", None, None, None)),
        ("fn:12", FunctionRef("fn", "12", None, None, None)),
        ("123456789012:function:fn", FunctionRef("fn", None, "123456789012", None, None)),
        ("123456789012:function:fn:live", FunctionRef("fn", "live", "123456789012", None, None)),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:fn",
            FunctionRef("fn", None, "123456789012", "us-east-1", "aws"),
        ),
        (
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn:$LATEST",
            FunctionRef("fn", "$LATEST", "123456789012", "cn-north-1", "aws-cn"),
        ),
        ("", None),
        (None, None),
        ("fn:", None),
        ("fn:a:b", None),
        ("arn:aws:sqs:us-east-1:123456789012:fn", None),
        ("arn:aws:lambda:us-east-1:123456789012:function:", None),
    ],
)
def test_parse_function(value, expected):
    assert identity.parse_function(value) == expected


OTHER_ACCOUNT_ARN = "arn:aws:lambda:us-east-1:210987654321:function:order-processor"


@pytest.mark.parametrize(
    "wanted, held, matches",
    [
        ("order-processor", FN_ARN, True),
        ("order-processor", OTHER_ACCOUNT_ARN, True),  # a bare name takes the caller's account
        ("order-processor", FN_ARN + ":$LATEST", False),
        ("order-processor", FN_ARN + ":live", False),
        ("order-processor:$LATEST", FN_ARN, False),
        ("order-processor:$LATEST", FN_ARN + ":$LATEST", True),
        ("order-processor:live", FN_ARN + ":live", True),
        ("order-processor:live", FN_ARN + ":LIVE", False),
        ("order-processor:live", FN_ARN + ":1", False),
        ("order-processor:live", FN_ARN, False),
        ("order-processor:1", FN_ARN + ":1", True),
        ("order-processor:1", FN_ARN + ":2", False),
        ("order-processor", FN_ARN.replace("order-processor", "order-processor2"), False),
        ("order-processor2", FN_ARN, False),
        ("order", FN_ARN, False),
        ("Order-Processor", FN_ARN, False),
        ("123456789012:function:order-processor", FN_ARN, True),
        ("123456789012:function:order-processor", OTHER_ACCOUNT_ARN, False),
        ("123456789012:function:order-processor:live", FN_ARN + ":live", True),
        ("123456789012:function:order-processor:live", FN_ARN, False),
        (FN_ARN, FN_ARN, True),
        (FN_ARN, OTHER_ACCOUNT_ARN, False),
        (FN_ARN, FN_ARN.replace("us-east-1", "eu-west-1"), False),
        (FN_ARN, FN_ARN.replace("arn:aws:", "arn:aws-cn:"), False),
        (FN_ARN, FN_ARN + ":live", False),
        (FN_ARN + ":live", FN_ARN, False),
        (FN_ARN + ":live", FN_ARN + ":live", True),
        ("order-processor", "not an arn", False),
        ("order-processor", "", False),
    ],
)
def test_function_matches(wanted, held, matches):
    assert identity.function_matches(identity.parse_function(wanted), held) is matches


@pytest.mark.parametrize(
    "ref, base, expected",
    [
        ("order-processor:live", FN_ARN, FN_ARN + ":live"),
        ("order-processor", FN_ARN + ":live", FN_ARN),
        ("order-processor:$LATEST", FN_ARN, FN_ARN + ":$LATEST"),
        ("other-fn", FN_ARN, "arn:aws:lambda:us-east-1:123456789012:function:other-fn"),
        ("210987654321:function:order-processor", FN_ARN, OTHER_ACCOUNT_ARN),
        (
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn:3",
            "",
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn:3",
        ),
        (FN_ARN, "", FN_ARN),
    ],
)
def test_function_arn_like(ref, base, expected):
    assert identity.function_arn_like(identity.parse_function(ref), base) == expected


# --- sources (docs/aws-behaviour.md §6) -------------------------------------------------------------------


def _held(arn, **extra):
    return dict({"FunctionArn": FN_ARN, "EventSourceArn": arn, "UUID": "u", "State": "Enabled"}, **extra)


def test_documentdb_identity_is_function_and_cluster():
    """The database and collection are not part of the identity; a different one is a create-only change."""
    desired = validate.validate(task("documentdb", document_db_event_source_config={"database_name": "other"}))
    held = _held(ARNS["documentdb"], DocumentDBEventSourceConfig={"DatabaseName": "shop", "CollectionName": "c"})
    assert identity.source_matches(desired, "documentdb", held)
    assert identity.select(desired, "documentdb", [held]) is held


def test_stream_and_its_consumer_are_different_sources():
    consumer = ARNS["kinesis"] + "/consumer/reader:1700000000"
    desired = validate.validate(task("kinesis", event_source_arn=consumer))
    assert not identity.source_matches(desired, "kinesis", _held(ARNS["kinesis"]))
    assert identity.source_matches(desired, "kinesis", _held(consumer))
