"""A local AWS endpoint for tests: moto, with Lambda event source mappings like AWS.

Usage::

    from tests.support.local_aws import LocalAWS

    with LocalAWS(port=0, transition_seconds=0.0) as srv:
        boto3.client("lambda", endpoint_url=srv.url, ...)

Run ``python -m tests.support.local_aws --port 0`` for a standalone server.
"""

from .server import LocalAWS, LocalAWSApp

__all__ = ["LocalAWS", "LocalAWSApp"]
