"""A local AWS endpoint for tests: moto, with Lambda event source mappings like AWS.

Usage::

    from tests.support.local_aws import LocalAWS

    with LocalAWS(port=0, transition_seconds=0.0) as srv:
        boto3.client("lambda", endpoint_url=srv.url, ...)

Run ``python -m tests.support.local_aws --port 0`` for a standalone server.

Lambda event source mappings are an in-memory service that copies AWS. Every rule cites the section of
``docs/aws-behaviour.md`` (written "docs/aws-behaviour.md §N") it copies. Where the reference says a behaviour is
"not verified" or "not found", the comment says "CHOICE" and explains what was picked. The service is split by
concern:

* :mod:`.model` – the tables: kinds, members per kind, defaults, model rules, ranges;
* :mod:`.checks` – JSON types, the model rules and the range table as loops;
* :mod:`.appliers` – one applier per request member, and the rules that combine members;
* :mod:`.identity` – duplicate detection, one identity row per kind;
* :mod:`.resources` – what is read from moto (functions, queues, streams);
* :mod:`.store` – Create, Get, Update, Delete, List and tags.
"""

from .server import LocalAWS, LocalAWSApp

__all__ = ["LocalAWS", "LocalAWSApp"]
