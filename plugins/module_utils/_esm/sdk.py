# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which boto3 and botocore the collection needs, as a whole and per option. Private to the esmkit.aws collection.

botocore checks every request against its own copy of the Lambda service model before sending it, and refuses a
member that copy does not know ("Unknown parameter in input: ProvisionedPollerConfig"). An option therefore needs
the first botocore release whose model has the member it sends. The table below was read from the models
themselves (``botocore/data/lambda/2015-03-31/service-2.json`` of each candidate release and the one before it);
``docs/botocore-minimums.md`` says how. botocore does not check enum values or patterns (docs/aws-behaviour.md §2), so a
metric name or ``kafka://`` destination needs no newer botocore than its member. The enum values added since the
collection's minimum for the OAuth and IAM access types are held to the release whose model first has them
(``VALUE_MINIMUMS``): the collection supports each value from the release whose model documents it, and tests it there.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from .errors import ValidationError
from .options import BOTOCORE_MINIMUMS, FIELDS_BY_NAME, ListOf, Timestamp, set_values, table_members

try:
    import boto3
    import botocore
    import botocore.serialize
    import botocore.session
except ImportError:  # pragma: no cover - the modules report it (connection.HAS_BOTO3)
    boto3 = botocore = None

# The whole collection, tags included: Tags on create and EventSourceMappingArn in responses (which the tag
# calls and the info module need) arrived together in botocore 1.35.23 (docs/aws-behaviour.md §8). boto3 1.35.23 is the release
# that goes with it. Below this the modules warn, as amazon.aws does, and the per-option check still applies.
MINIMUM_BOTO3 = "1.35.23"
MINIMUM_BOTOCORE = "1.35.23"


# Option path (dotted into nested blocks) -> the first botocore release whose Lambda model has its member on
# CreateEventSourceMapping (and UpdateEventSourceMapping where that came later): the option table's ``botocore``
# rules, and tags. Options not listed are in every release from 1.20.105 on. Ordered by version, so the oldest
# requirement is named first.
def _minimums() -> dict[str, str]:
    table = dict(BOTOCORE_MINIMUMS, tags=MINIMUM_BOTOCORE)
    return dict(sorted(table.items(), key=lambda item: (version_tuple(item[1]), item[0])))


def version_tuple(version: str) -> tuple[int, ...]:
    """``"1.35.23"`` -> ``(1, 35, 23)``; stops at the first part that is not a number (``"1.36.0.dev1"``)."""
    parts = []
    for part in str(version).split("."):
        match = re.match(r"\d+", part)
        if not match:
            break
        parts.append(int(match.group()))
        if match.group() != part:
            break
    return tuple(parts)


OPTION_MINIMUMS: dict[str, str] = _minimums()


def is_set(params: dict[str, Any], path: str) -> bool:
    """Whether the task sets the option at ``path``: every step present and not None (``""`` and ``{}`` count)."""
    value: Any = params
    for key in path.split("."):
        if not isinstance(value, dict) or value.get(key) is None:
            return False
        value = value[key]
    return True


# "option value" (dotted path, list entries named through the list) -> the first botocore release whose Lambda
# model has that enum value: the table's ``value_botocore`` rules (docs/botocore-minimums.md).
VALUE_MINIMUMS: dict[str, str] = {
    f"{'.'.join(path)} {value}": need
    for path, member in table_members()
    for value, need in member.value_botocore.items()
}


def _values_too_new(params: dict[str, Any], have: tuple[int, ...]) -> list[tuple[str, str]]:
    found = []
    for option, member, value in set_values(params):
        if not member.value_botocore:
            continue
        for one in value if isinstance(member.shape, ListOf) else [value]:
            need = member.value_botocore.get(one)
            if need is not None and version_tuple(need) > have:
                found.append((f"{option} {one}", need))
    return found


def too_new(params: dict[str, Any], botocore_version: str) -> list[tuple[str, str]]:
    """The options (and enum values) the task sets that ``botocore_version`` does not know, with the version each
    needs; the oldest requirement first."""
    have = version_tuple(botocore_version)
    found = [
        (path, need) for path, need in OPTION_MINIMUMS.items() if version_tuple(need) > have and is_set(params, path)
    ]
    found += _values_too_new(params, have)
    return sorted(found, key=lambda item: version_tuple(item[1]))


def check(params: dict[str, Any], botocore_version: str) -> None:
    """Refuse, before any request, a task whose options the installed botocore cannot send.

    With ``state=absent`` only the identity options are used, and botocore has always known those.
    """
    if params.get("state") == "absent":
        return
    missing = too_new(params, botocore_version)
    if not missing:
        return
    needs = "; ".join(f"{path} needs botocore >= {need}" for path, need in missing)
    raise ValidationError(
        missing[0][0].split(" ")[0],
        f"{needs}. The host that runs this module has botocore {botocore_version}, which does not know "
        f"{'this option' if len(missing) == 1 else 'these options'}: upgrade boto3 and botocore there.",
    )


def warnings(boto3_version: str, botocore_version: str) -> list[str]:
    """The warning for an SDK below the collection's supported minimum, as a list (empty when supported)."""
    if version_tuple(boto3_version) >= version_tuple(MINIMUM_BOTO3) and version_tuple(
        botocore_version
    ) >= version_tuple(MINIMUM_BOTOCORE):
        return []
    return [
        f"esmkit.aws needs boto3 >= {MINIMUM_BOTO3} and botocore >= {MINIMUM_BOTOCORE}; this host has boto3 "
        f"{boto3_version} and botocore {botocore_version}. Older releases are not tested, and tags (which need "
        "the mapping's ARN) will fail."
    ]


def installed() -> tuple[str, str]:
    """The versions of boto3 and botocore this Python imports (only once the modules know both import)."""
    return boto3.__version__, botocore.__version__


def sent_timestamp(value: datetime.datetime) -> datetime.datetime:
    """The instant the installed botocore puts on the wire for ``value`` as CreateEventSourceMapping's
    StartingPositionTimestamp (docs/aws-behaviour.md §2, timestamps).

    Asked of botocore itself, as its client does it: the Lambda model's protocol, the serializer botocore's
    ``creating-serializer.lambda`` event configures (releases that have it), one request serialised and its body
    read back. botocore up to 1.43.11 sends whole seconds here (legacy precision); 1.43.12 and later send the
    microseconds.
    """
    session = botocore.session.get_session()
    service = session.get_service_model("lambda")
    operation = service.operation_model("CreateEventSourceMapping")
    kwargs: dict[str, Any] = {}
    default = getattr(botocore.serialize, "TIMESTAMP_PRECISION_DEFAULT", None)
    if default is not None:
        # The event and the precision arrived together; a handler may set another precision for Lambda.
        kwargs["timestamp_precision"] = default
        session.get_component("event_emitter").emit(
            "creating-serializer.lambda",
            protocol_name=service.metadata["protocol"],
            service_model=service,
            serializer_kwargs=kwargs,
        )
    serializer = botocore.serialize.create_serializer(service.metadata["protocol"], False, **kwargs)
    request = serializer.serialize_to_request({"FunctionName": "f", "StartingPositionTimestamp": value}, operation)
    sent = json.loads(request["body"])["StartingPositionTimestamp"]
    if not isinstance(sent, (int, float)):
        # Another timestampFormat in some future model (an ISO 8601 string): as sent where it parses.
        try:
            return Timestamp.parse(sent)
        except ValueError:
            return value
    # Whole microseconds: float epoch seconds of this century are exact to the microsecond after rounding.
    micros = round(sent * 1_000_000)
    return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=micros)


def at_sent_precision(params: dict[str, Any]) -> None:
    """Put the task's ``starting_position_timestamp`` at the precision the installed botocore sends it, in place,
    so that planning, check mode, diff, the check after a write and a replacement all compare what AWS is sent.
    A value that is not a valid timestamp is left for validation to report."""
    value = params.get("starting_position_timestamp")
    if not isinstance(value, str):
        return
    try:
        instant = Timestamp.parse(value)
    except ValueError:
        return
    params["starting_position_timestamp"] = FIELDS_BY_NAME["starting_position_timestamp"].shape.from_api(
        sent_timestamp(instant)
    )
