"""identity: function names and their matching (docs/aws-behaviour.md §6)."""

from __future__ import annotations

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import identity
from ansible_collections.esmkit.aws.plugins.module_utils._esm.identity import FunctionRef
from tests.support.builders import FN_ARN

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
