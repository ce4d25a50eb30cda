# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lookups of lambda_event_source_mapping_info. Private to the esmkit.aws collection.

Items come from ``translate.normalise``, the same function that shapes the main module's result.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

from .aws import Api
from .errors import EsmError, ValidationError
from .identity import ARN_RE, function_matches
from .translate import normalise
from .validate import check_function_name, check_text, check_uuid


def lookup(
    api_factory: Callable[[], Api],
    uuid: str | None = None,
    function_name: str | None = None,
    event_source_arn: str | None = None,
    include_tags: bool = True,
) -> list[dict[str, Any]]:
    """The mappings that match every selector given, normalised; every mapping when none is given."""
    # Refused before any request, as the main module refuses them.
    for option, value in (("uuid", uuid), ("function_name", function_name), ("event_source_arn", event_source_arn)):
        check_text(option, value)
    if uuid is not None:
        check_uuid(uuid)
    if event_source_arn is not None and not ARN_RE.match(event_source_arn):
        raise ValidationError("event_source_arn", f"event_source_arn must be an ARN, got {event_source_arn!r}.")
    wanted_function = check_function_name(function_name) if function_name is not None else None
    api = api_factory()
    found: Iterable[dict[str, Any]]
    if uuid:
        mapping = api.get(uuid)
        found = [mapping] if mapping else []
    else:
        found = api.list(function_name=function_name, event_source_arn=event_source_arn)
    results = []
    for mapping in found:
        if wanted_function is not None and not function_matches(wanted_function, mapping.get("FunctionArn", "")):
            continue
        if event_source_arn is not None and mapping.get("EventSourceArn") != event_source_arn:
            continue
        if not uuid:
            mapping = api.complete(mapping)
        tags = None
        if include_tags and mapping.get("EventSourceMappingArn"):
            try:
                tags = api.list_tags(mapping["EventSourceMappingArn"])
            except EsmError as exc:
                if exc.code != "ResourceNotFoundException":
                    raise
                # Deleted between the listing and this read: it no longer exists.
                continue
        results.append(normalise(mapping, tags))
    return results
