# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Documents exactly the spec built by plugins/module_utils/_esm/connection.py.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  access_key:
    description:
      - AWS access key ID.
      - The E(AWS_ACCESS_KEY_ID) or E(AWS_ACCESS_KEY) environment variables are used when this option is not set
        (and the task sets no O(profile)).
      - Mutually exclusive with O(profile) when both are set in the task or in C(module_defaults); an exported key
        and an exported or set profile are not exclusive, botocore's order decides (see the notes).
    type: str
    aliases: [aws_access_key_id, aws_access_key]
  secret_key:
    description:
      - AWS secret access key.
      - The E(AWS_SECRET_ACCESS_KEY) or E(AWS_SECRET_KEY) environment variables are used when this option is not set
        (and the task sets no O(profile)).
      - Mutually exclusive with O(profile) when both are set in the task or in C(module_defaults).
    type: str
    aliases: [aws_secret_access_key, aws_secret_key]
  session_token:
    description:
      - AWS STS session token for use with temporary credentials.
      - The E(AWS_SESSION_TOKEN) or E(AWS_SECURITY_TOKEN) environment variables are used when this option is not set
        (and the task sets no O(profile)).
      - Mutually exclusive with O(profile) when both are set in the task or in C(module_defaults).
    type: str
    aliases: [aws_session_token]
  profile:
    description:
      - A named profile of the AWS shared configuration and credentials files.
      - The E(AWS_DEFAULT_PROFILE) or E(AWS_PROFILE) environment variables (botocore reads them in this order) are
        used when this option is not set; exported keys take precedence over an exported profile, as in botocore.
      - A profile set here takes precedence over exported keys.
      - Mutually exclusive with O(access_key), O(secret_key) and O(session_token) when both are set in the task or in
        C(module_defaults).
    type: str
    aliases: [aws_profile]
  region:
    description:
      - The AWS region to use.
      - The E(AWS_REGION) or E(AWS_DEFAULT_REGION) environment variables, or the profile's region, are used when
        this option is not set.
    type: str
    aliases: [aws_region]
  endpoint_url:
    description:
      - URL to connect to instead of the default AWS endpoints, for example a local test endpoint.
      - The E(AWS_URL) environment variable is used when this option is not set; without either, botocore's own
        E(AWS_ENDPOINT_URL) and E(AWS_ENDPOINT_URL_LAMBDA) environment variables and the profile's C(endpoint_url) apply.
    type: str
    aliases: [aws_endpoint_url]
  validate_certs:
    description:
      - When V(false), TLS certificates are not verified. Use only against endpoints you trust.
    type: bool
    default: true
  aws_ca_bundle:
    description:
      - Path to a CA certificate bundle to verify the endpoint's certificate with.
      - The E(AWS_CA_BUNDLE) environment variable is used when this option is not set.
    type: path
  aws_config:
    description:
      - A dictionary of botocore client configuration settings, for example C(retries) or C(connect_timeout).
      - See U(https://botocore.amazonaws.com/v1/documentation/api/latest/reference/config.html).
      - Throttling and server errors are retried by botocore in V(standard) retry mode, with up to 10 retries after the first attempt,
        unless C(retries) here says otherwise.
      - Unless set here, C(connect_timeout) is 5 seconds and C(read_timeout) 15 seconds (botocore's are 60), so an
        endpoint that is unreachable or never answers ends the task within minutes; the Troubleshooting guide states
        the worst case.
    type: dict
notes:
  - Credentials are taken, in order, from O(profile) set in the task, the keys set in the task, the key environment
    variables, the profile environment variables, and the default profile of the AWS shared configuration and
    credentials files (E(AWS_CONFIG_FILE), E(AWS_SHARED_CREDENTIALS_FILE)), as botocore does.
  - The region is taken, in order, from O(region), E(AWS_REGION), E(AWS_DEFAULT_REGION), and the region of the
    profile in use.
  - The user agent of every request names this collection (C(esmkit.aws/VERSION)).
requirements:
  - python >= 3.9 on the host that runs the module (the newest boto3 and botocore need python >= 3.10); python 3.7 and
    3.8, which some supported ansible-core releases still accept on targets, are not supported
  - boto3 >= 1.35.23
  - botocore >= 1.35.23
"""
