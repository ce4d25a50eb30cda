"""An in-memory Lambda event source mapping (ESM) service that copies AWS.

Every rule cites the section of ``docs/aws-behaviour.md`` (written "docs/aws-behaviour.md §N") it
copies.  Where the reference says a behaviour is "not verified" or "not found", the
comment says "CHOICE" and explains what was picked.  The service is split by concern:

* :mod:`.model` – the tables: kinds, members per kind, defaults, model rules, ranges;
* :mod:`.checks` – JSON types, the model rules and the range table as loops;
* :mod:`.appliers` – one applier per request member, and the rules that combine members;
* :mod:`.identity` – duplicate detection, one identity row per kind;
* :mod:`.resources` – what is read from moto (functions, queues, streams);
* :mod:`.store` – Create, Get, Update, Delete, List and tags.

This module keeps the names other code imports from it.
"""

from __future__ import annotations

from .checks import is_valid_filter_pattern
from .model import EsmConfig, FunctionRef, Mapping, Source
from .resources import classify_source, function_exists, parse_function_name, source_exists
from .store import EsmStore

__all__ = [
    "EsmConfig",
    "EsmStore",
    "FunctionRef",
    "Mapping",
    "Source",
    "classify_source",
    "function_exists",
    "is_valid_filter_pattern",
    "parse_function_name",
    "source_exists",
]
