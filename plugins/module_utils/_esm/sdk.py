# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which boto3 and botocore the collection needs, as a whole and per option. Private to the esmkit.aws collection.

botocore checks every request against its own copy of the Lambda service model before sending it, and refuses a
member that copy does not know ("Unknown parameter in input: ProvisionedPollerConfig"). An option therefore needs
the first botocore release whose model has the member it sends. The table below was read from the models
themselves (``botocore/data/lambda/2015-03-31/service-2.json`` of each candidate release and the one before it);
``docs/botocore-minimums.md`` says how. botocore does not check enum values or patterns (docs/aws-behaviour.md §2), so a new metric
name, source access type or ``kafka://`` destination needs no newer botocore than its member.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ValidationError
from .options import BOTOCORE_MINIMUMS

try:
    import boto3
    import botocore
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


def too_new(params: dict[str, Any], botocore_version: str) -> list[tuple[str, str]]:
    """The options the task sets that ``botocore_version`` does not know, with the version each needs."""
    have = version_tuple(botocore_version)
    return [
        (path, need) for path, need in OPTION_MINIMUMS.items() if version_tuple(need) > have and is_set(params, path)
    ]


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
        missing[0][0],
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
