"""Credentials never show in a module's output; validate_certs and aws_ca_bundle are honoured.

Every module run of this suite is searched for the credential markers (see ``conftest.scan_for_secrets``);
the tests here add the paths most likely to leak: credentials from the environment, AWS refusing the
credentials, failures before any request, check mode and diff.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ansible_collections.esmkit.aws.plugins.module_utils._esm import connection
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import ValidationError
from tests.reliability.conftest import ACCESS_KEY, REGION, SECRET, TOKEN, held, run_safely, scan_for_secrets
from tests.reliability.figures import FIGURES
from tests.support.fault_proxy import FaultProxy, Reply
from tests.support.local_aws import LocalAWS
from tests.support.runner import run_module
from tests.support.tls import server_context

QUICK = {"retries": {"mode": "standard", "max_attempts": 0}}


# ------------------------------------------------------------------------------------------- secrets


def test_credentials_from_the_environment_do_not_leak(proxy, srv, lam, fn, queue):
    env = {
        "AWS_ENDPOINT_URL": proxy.url,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_SESSION_TOKEN": TOKEN,
        "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }
    args = {"function_name": "fn", "event_source_arn": queue, "tags": {"team": "a"}}
    for check in (True, False):
        result = run_module("lambda_event_source_mapping", args, check_mode=check, diff=True, env=env)
        scan_for_secrets(result)
        assert result.get("failed") is None and result["changed"] is True, result
    failed = run_module("lambda_event_source_mapping", dict(args, batch_size=0), env=env)
    scan_for_secrets(failed)
    assert failed["failed"] is True and failed["option"] == "batch_size"
    assert len(held(lam, EventSourceArn=queue)) == 1


def test_aws_refusing_the_credentials_does_not_leak_them(proxy, module, info, srv, fn, queue):
    refused = Reply(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
    proxy.schedule("ListEventSourceMappings", [refused, refused])
    failed = module(function_name="fn", event_source_arn=queue)
    assert failed["failed"] is True and failed["error"]["code"] == "UnrecognizedClientException", failed
    failed_info = info(function_name="fn")
    assert failed_info["failed"] is True and "security token" in failed_info["msg"]


@pytest.mark.parametrize(
    "args, named",
    [
        pytest.param({"endpoint_url": "http://127.0.0.1:9", "aws_config": QUICK}, None, id="endpoint-unreachable"),
        pytest.param({"aws_config": {"no_such_setting": 1}}, "aws_config", id="unknown-aws_config-setting"),
        pytest.param({"aws_config": {"retries": {"mode": "eventually"}}}, "aws_config", id="bad-retry-mode"),
        pytest.param({"profile": "nope"}, "profile", id="profile-with-keys"),
        pytest.param({"uuid": "not-a-uuid"}, "uuid", id="bad-uuid"),
    ],
)
def test_failures_before_any_answer_do_not_leak(args, named, module, srv, fn, queue):
    srv.reset_requests()
    result = module(**dict({"function_name": "fn", "event_source_arn": queue}, **args))
    assert result["failed"] is True and result["msg"], result
    assert "Traceback" not in result["msg"] + result["stderr"], "a failure, not a crash"
    if named:
        assert named in result["msg"]
        assert srv.requests() == []


# ------------------------------------------------------------------------------------------- TLS options


def _base(endpoint: str) -> dict[str, Any]:
    return {"region": REGION, "access_key": ACCESS_KEY, "secret_key": SECRET, "endpoint_url": endpoint}


def test_validate_certs_and_ca_bundle_reach_botocore(tmp_path):
    """What the connection options hand botocore: the urllib3 session's ``_verify`` (botocore 1.43)."""
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not used before a request\n")
    url = "https://127.0.0.1:9"

    def verify(**options: Any) -> Any:
        return connection.client(dict(_base(url), **options))._endpoint.http_session._verify

    assert verify(validate_certs=False) is False
    assert verify(validate_certs=True, aws_ca_bundle=str(bundle)) == str(bundle)
    assert verify(validate_certs=False, aws_ca_bundle=str(bundle)) is False
    assert verify(validate_certs=True) in (True, os.environ.get("AWS_CA_BUNDLE"))
    with pytest.raises(ValidationError) as refused:
        verify(validate_certs=True, aws_ca_bundle=str(tmp_path / "missing.pem"))
    assert refused.value.option == "aws_ca_bundle" and "missing.pem" in refused.value.msg


@pytest.fixture
def tls_proxy(srv: LocalAWS, tmp_path: Path) -> Iterator[tuple[FaultProxy, Path]]:
    """An https proxy on 127.0.0.1 in front of the endpoint, with a certificate no system bundle trusts."""
    context, cert = server_context(tmp_path)
    with FaultProxy(srv.url, tls=context) as proxy:
        yield proxy, cert


def test_tls_options_end_to_end(tls_proxy, srv, lam, fn, queue):
    proxy, cert = tls_proxy
    lam.create_event_source_mapping(FunctionName="fn", EventSourceArn=queue)

    def lookup(**options: Any) -> tuple[dict[str, Any], float]:
        started = time.monotonic()
        result = run_safely("lambda_event_source_mapping_info", dict(function_name="fn", **options), proxy.url)
        return result, time.monotonic() - started

    trusted = lookup(aws_ca_bundle=str(cert))[0]
    assert trusted.get("failed") is None and len(trusted["event_source_mappings"]) == 1, trusted

    unverified = lookup(validate_certs=False)[0]
    assert unverified.get("failed") is None and len(unverified["event_source_mappings"]) == 1, unverified

    # The certificate is trusted by nothing else: the default verification refuses it, clearly.
    untrusted = lookup(aws_config=QUICK)[0]
    assert untrusted["failed"] is True and untrusted["error"]["code"] == "SSLError", untrusted
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted["msg"]

    forwarded = proxy.forwarded
    missing, seconds = lookup(aws_ca_bundle=str(cert.parent / "missing.pem"))
    assert missing["failed"] is True and missing["option"] == "aws_ca_bundle", missing
    assert "missing.pem" in missing["msg"] and seconds < 10
    assert proxy.forwarded == forwarded, "no request with a CA bundle that does not exist"

    for result in (trusted, unverified, untrusted, missing):
        assert "Traceback" not in result.get("msg", "") + result["stderr"]
    FIGURES.section(
        "tls",
        https_endpoint_with_aws_ca_bundle="trusted",
        validate_certs_false="accepted the untrusted certificate",
        default_verification="refused it (CERTIFICATE_VERIFY_FAILED)",
        missing_aws_ca_bundle=f"refused before any request in {seconds:.1f} s, naming aws_ca_bundle",
    )
