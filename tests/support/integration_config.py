"""Seed a local endpoint and write ansible-test's integration config for it.

``python -m tests.support.integration_config URL`` creates the resources the integration targets use on the
endpoint at URL and prints ``tests/integration/cloud-config-aws.ini``: the ``[default]`` section of
ansible-test's aws cloud plugin (credentials, region) plus the endpoint and the resources' ARNs. ansible-test
passes every key of that section to the targets as a variable, so a target reads exactly what this writes;
against a real AWS account the same keys are filled in by hand (``tests/integration/README.md``).
"""

from __future__ import annotations

import argparse
import sys

from tests.support.aws_fixtures import (
    REGION,
    create_function,
    create_queue,
    create_stream,
    create_table_stream,
    docdb_cluster_arn,
    make_clients,
    mq_broker_arn,
    msk_cluster_arn,
    secret_arn,
)

CREDENTIALS = {"aws_access_key": "testing", "aws_secret_key": "testing", "aws_region": REGION}


def seed(url: str) -> dict[str, str]:
    """Create the targets' resources on the endpoint at ``url``; return the config keys naming them."""
    clients = make_clients(url)
    return {
        "esm_function_arn": create_function(clients, "esm-it-function"),
        "esm_function2_arn": create_function(clients, "esm-it-function-2"),
        "esm_queue_arn": create_queue(clients, "esm-it-queue"),
        "esm_dlq_arn": create_queue(clients, "esm-it-dlq"),
        "esm_stream_arn": create_stream(clients, "esm-it-stream"),
        "esm_table_stream_arn": create_table_stream(clients, "esm-it-table"),
        # Sources moto does not serve: the endpoint accepts well-formed ARNs unchecked.
        "esm_msk_cluster_arn": msk_cluster_arn("esm-it-msk"),
        "esm_activemq_broker_arn": mq_broker_arn("esm-it-activemq"),
        "esm_rabbitmq_broker_arn": mq_broker_arn("esm-it-rabbitmq"),
        "esm_docdb_cluster_arn": docdb_cluster_arn("esm-it-docdb"),
        "esm_secret_arn": secret_arn("esm-it-secret"),
        "esm_rotated_secret_arn": secret_arn("esm-it-secret-rotated"),
    }


def render(url: str, resources: dict[str, str]) -> str:
    """The ini text: credentials, region and endpoint first, then the resources."""
    values = {**CREDENTIALS, "aws_endpoint_url": url, **resources}
    lines = ["# Written by tests/support/integration_config.py for the local endpoint; do not edit.", "[default]"]
    lines += [f"{key} = {value}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.integration_config", description=__doc__)
    parser.add_argument("url", help="the local endpoint, e.g. http://127.0.0.1:5000")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.url, seed(args.url)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
