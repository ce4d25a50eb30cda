"""Write ansible-test's integration config for the local endpoint.

``python -m tests.support.integration_config URL`` prints ``tests/integration/cloud-config-aws.ini``: the
``[default]`` section of ansible-test's aws cloud plugin (credentials and region, as for a real account) plus the
endpoint. ansible-test passes every key of that section to the targets as a variable. The targets create what they
map themselves (``targets/setup_esm_resources``), so nothing is seeded here; against a real AWS account the same
file holds your own credentials and no ``aws_endpoint_url`` (``tests/integration/README.md``).
"""

from __future__ import annotations

import argparse
import sys

from tests.support.aws_fixtures import REGION

CREDENTIALS = {"aws_access_key": "testing", "aws_secret_key": "testing", "aws_region": REGION}


def render(url: str) -> str:
    """The ini text: credentials, region and endpoint."""
    values = {**CREDENTIALS, "aws_endpoint_url": url}
    lines = ["# Written by tests/support/integration_config.py for the local endpoint; do not edit.", "[default]"]
    lines += [f"{key} = {value}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.integration_config", description=__doc__)
    parser.add_argument("url", help="the local endpoint, e.g. http://127.0.0.1:5000")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
