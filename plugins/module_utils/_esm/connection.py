# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS connection options and the boto3 client. Private to the esmkit.aws collection.

The option names, aliases and environment variables are those of the amazon.aws collection, so its users
feel at home; ``plugins/doc_fragments/connection.py`` documents exactly this spec. Throttling and 5xx
errors are retried by botocore's own retry configuration (docs/aws-behaviour.md §10), not by a loop of ours.
"""

from __future__ import annotations

import os
from typing import Any

from ansible.module_utils.basic import env_fallback

from .errors import EsmError, ValidationError

try:
    import boto3
    import botocore
    from botocore.config import Config

    HAS_BOTO3 = True
    BOTO3_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the modules
    HAS_BOTO3 = False
    BOTO3_IMPORT_ERROR = exc

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "esmkit.aws/" + COLLECTION_VERSION

# botocore's "standard" mode retries throttling (TooManyRequestsException, HTTP 429) and 5xx errors,
# ServiceException included, with exponential backoff and jitter (docs/aws-behaviour.md §10).
DEFAULT_RETRIES = {"mode": "standard", "max_attempts": 10}
# Lambda's control-plane calls answer in well under a second; botocore's 60 s read timeout made an endpoint that
# accepts and never answers cost 11 minutes over the retries. A connection is made in 5 s or not at all, and an
# answer comes within 15 s; docs/docsite/rst/troubleshooting.rst states the worst case these give.
DEFAULT_TIMEOUTS = {"connect_timeout": 5, "read_timeout": 15}


def connection_argument_spec() -> dict[str, Any]:
    return {
        "access_key": {
            "type": "str",
            "aliases": ["aws_access_key_id", "aws_access_key"],
            "no_log": False,
        },
        "secret_key": {
            "type": "str",
            "aliases": ["aws_secret_access_key", "aws_secret_key"],
            "no_log": True,
        },
        "session_token": {
            "type": "str",
            "aliases": ["aws_session_token"],
            "no_log": True,
        },
        "profile": {
            "type": "str",
            "aliases": ["aws_profile"],
        },
        "region": {
            "type": "str",
            "aliases": ["aws_region"],
            "fallback": (env_fallback, ["AWS_REGION", "AWS_DEFAULT_REGION"]),
        },
        "endpoint_url": {"type": "str", "aliases": ["aws_endpoint_url"], "fallback": (env_fallback, ["AWS_URL"])},
        "validate_certs": {"type": "bool", "default": True},
        "aws_ca_bundle": {"type": "path", "fallback": (env_fallback, ["AWS_CA_BUNDLE"])},
        "aws_config": {"type": "dict"},
    }


# Credentials and the profile have no argument-spec fallback: the exclusion below applies to what the task (or
# module_defaults) sets, and the environment variables are read by ``credentials`` in botocore's order.
# amazon.aws refuses a profile together with explicit keys; so do we.
CONNECTION_MUTUALLY_EXCLUSIVE = [["profile", "access_key"], ["profile", "secret_key"], ["profile", "session_token"]]


# The environment variables of each credential option, botocore's name first (amazon.aws reads the same ones).
CREDENTIAL_VARIABLES = {
    "access_key": ("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"),
    "secret_key": ("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"),
    "session_token": ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"),
}
# botocore's order (its config provider reads AWS_DEFAULT_PROFILE before AWS_PROFILE).
PROFILE_VARIABLES = ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")


def _from_environment(names: tuple[str, ...], environ: Any) -> tuple[str | None, str | None]:
    for name in names:
        if environ.get(name):
            return environ[name], name
    return None, None


def credentials(params: dict[str, Any], environ: Any = None) -> dict[str, Any]:
    """The Session arguments for the task's credentials, in botocore's order of precedence.

    A ``profile`` the task sets wins (botocore then ignores key variables); keys the task sets come next, each
    missing one from its environment variables; with neither, exported keys precede an exported profile, as
    botocore's own chain has it. ``profile_source`` names where the profile came from, for messages.
    """
    environ = os.environ if environ is None else environ
    if params.get("profile"):
        return {"profile_name": params["profile"], "profile_source": "the profile option"}
    keys = {}
    for option, names in CREDENTIAL_VARIABLES.items():
        keys[option] = params.get(option) or _from_environment(names, environ)[0]
    explicit = any(params.get(option) for option in CREDENTIAL_VARIABLES)
    profile, variable = _from_environment(PROFILE_VARIABLES, environ)
    result: dict[str, Any] = {"profile_source": variable}
    if explicit or (keys["access_key"] and keys["secret_key"]):
        result.update(
            aws_access_key_id=keys["access_key"],
            aws_secret_access_key=keys["secret_key"],
            aws_session_token=keys["session_token"],
        )
    elif profile:
        result["profile_name"] = profile
    return result


def client(params: dict[str, Any], service: str = "lambda", ansible_version: str = ""):
    """A boto3 client for ``service`` from the connection options."""
    session_args = credentials(params)
    source = session_args.pop("profile_source")
    try:
        session = boto3.session.Session(region_name=params.get("region"), **session_args)
        region = session.region_name
    except botocore.exceptions.ProfileNotFound as exc:
        raise EsmError(
            "Failed to use the profile that {} names: {}".format(source or "AWS_PROFILE", exc),
            code="ProfileNotFound",
            message=str(exc),
        ) from exc
    if not region:
        raise EsmError(
            "The region must be set: give the region option, or set AWS_REGION or AWS_DEFAULT_REGION, or a region in the profile."
        )
    settings: dict[str, Any] = {"retries": dict(DEFAULT_RETRIES), **DEFAULT_TIMEOUTS}
    settings.update(params.get("aws_config") or {})
    agent = USER_AGENT + (" Ansible/" + ansible_version if ansible_version else "")
    settings["user_agent_extra"] = (settings.get("user_agent_extra", "") + " " + agent).strip()
    verify: Any = params.get("validate_certs", True)
    if verify and params.get("aws_ca_bundle"):
        verify = params["aws_ca_bundle"]
        if not os.path.isfile(verify):
            # botocore would only find out at the first https request, and retry that for a minute and more.
            raise ValidationError(
                "aws_ca_bundle", f"aws_ca_bundle must be the path of a CA certificate bundle file, got {verify!r}."
            )
    try:
        config = Config(**settings)
    except (botocore.exceptions.BotoCoreError, TypeError, ValueError) as exc:
        raise ValidationError("aws_config", f"aws_config is not a valid botocore client configuration: {exc}") from exc
    kwargs: dict[str, Any] = {"config": config, "verify": verify}
    # Without endpoint_url, botocore applies AWS_ENDPOINT_URL and the config file's endpoint_url itself.
    if params.get("endpoint_url"):
        kwargs["endpoint_url"] = params["endpoint_url"]
    try:
        return session.client(service, **kwargs)
    except (botocore.exceptions.BotoCoreError, TypeError, ValueError) as exc:
        raise EsmError(f"Failed to create the {service} client: {exc}") from exc
