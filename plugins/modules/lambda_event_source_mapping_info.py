#!/usr/bin/python
# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lambda_event_source_mapping_info
short_description: Look up AWS Lambda event source mappings
version_added: 0.1.0
description:
  - Returns AWS Lambda event source mappings by UUID, by function, by source, by function and source together,
    or every mapping in the region.
  - Each mapping has exactly the shape of the RV(esmkit.aws.lambda_event_source_mapping#module:event_source_mapping)
    result of M(esmkit.aws.lambda_event_source_mapping), so its values can be fed back to that module.
author:
  - esmkit.aws maintainers (@esmkit)
options:
  uuid:
    description:
      - The UUID of one mapping. Costs one C(GetEventSourceMapping) request.
      - An unknown UUID returns an empty list.
    type: str
  function_name:
    description:
      - Only mappings of this function, given as a name, C(name:qualifier), a partial ARN or an ARN.
      - The qualifier counts, as in M(esmkit.aws.lambda_event_source_mapping) C(my-function) and
        C(my-function:live) are different functions here.
      - An unknown function returns an empty list.
    type: str
  event_source_arn:
    description:
      - Only mappings of this source. With O(function_name), only mappings of both.
    type: str
  include_tags:
    description:
      - Whether to read each mapping's tags. This costs one C(ListTags) request per mapping.
    type: bool
    default: true
extends_documentation_fragment:
  - esmkit.aws.connection
  - esmkit.aws.attributes.actiongroups
  - esmkit.aws.attributes.info_module
notes:
  - Without O(uuid), mappings are listed with one C(ListEventSourceMappings) request per page of 100, filtered by
    O(function_name) and O(event_source_arn) on AWS's side.
  - When a mapping's filter criteria are encrypted with a KMS key, C(ListEventSourceMappings) hides them; they are
    then read with one C(GetEventSourceMapping) request for that mapping.
seealso:
  - module: esmkit.aws.lambda_event_source_mapping
    description: Create, update and delete mappings.
"""

EXAMPLES = r"""
- name: Find the mappings of a function
  esmkit.aws.lambda_event_source_mapping_info:
    function_name: order-processor
  register: found

- name: Find the mapping of a function and a queue, without tags
  esmkit.aws.lambda_event_source_mapping_info:
    function_name: order-processor
    event_source_arn: arn:aws:sqs:us-east-1:123456789012:orders
    include_tags: false
  register: found

- name: Look a mapping up by UUID
  esmkit.aws.lambda_event_source_mapping_info:
    uuid: 14e0db71-5d35-4eb5-b481-8945cf9d10c2
  register: found

- name: Set the batch size of what was found, keeping everything else
  esmkit.aws.lambda_event_source_mapping:
    uuid: "{{ found.event_source_mappings[0].uuid }}"
    batch_size: 50
  when: found.event_source_mappings | length == 1
"""

RETURN = r"""
event_source_mappings:
  description:
    - The mappings found, each in the shape of
      RV(esmkit.aws.lambda_event_source_mapping#module:event_source_mapping).
    - An empty list when nothing matches.
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: 14e0db71-5d35-4eb5-b481-8945cf9d10c2
      arn: arn:aws:lambda:us-east-1:123456789012:event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2
      function_arn: arn:aws:lambda:us-east-1:123456789012:function:order-processor
      event_source_arn: arn:aws:sqs:us-east-1:123456789012:orders
      batch_size: 10
      maximum_batching_window_in_seconds: 0
      enabled: true
      state: Enabled
      state_transition_reason: USER_INITIATED
      last_modified: "2024-05-01T12:00:00+00:00"
      tags: {}
error:
  description: The AWS error behind a failure.
  returned: on failure, when AWS returned an error
  type: dict
  contains:
    code:
      description: The AWS error code.
      type: str
      returned: on failure, when AWS returned an error
    message:
      description: The AWS error message.
      type: str
      returned: on failure, when AWS returned an error
"""

from ansible.module_utils.ansible_release import __version__ as ansible_version
from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.esmkit.aws.plugins.module_utils._esm import sdk
from ansible_collections.esmkit.aws.plugins.module_utils._esm.aws import Api
from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import (
    BOTO3_IMPORT_ERROR,
    CONNECTION_MUTUALLY_EXCLUSIVE,
    HAS_BOTO3,
    client,
    connection_argument_spec,
)
from ansible_collections.esmkit.aws.plugins.module_utils._esm.errors import EsmError
from ansible_collections.esmkit.aws.plugins.module_utils._esm.lookup import lookup


def main():
    argument_spec = {
        "uuid": {"type": "str"},
        "function_name": {"type": "str"},
        "event_source_arn": {"type": "str"},
        "include_tags": {"type": "bool", "default": True},
    }
    argument_spec.update(connection_argument_spec())
    module = AnsibleModule(
        argument_spec=argument_spec, supports_check_mode=True, mutually_exclusive=CONNECTION_MUTUALLY_EXCLUSIVE
    )
    if not HAS_BOTO3:
        module.fail_json(msg=missing_required_lib("boto3 and botocore"), exception=str(BOTO3_IMPORT_ERROR))
    for warning in sdk.warnings(*sdk.installed()):
        module.warn(warning)
    try:
        mappings = lookup(
            lambda: Api(client(module.params, "lambda", ansible_version)),
            uuid=module.params["uuid"],
            function_name=module.params["function_name"],
            event_source_arn=module.params["event_source_arn"],
            include_tags=module.params["include_tags"],
        )
    except EsmError as exc:
        module.fail_json(**exc.result())
    module.exit_json(changed=False, event_source_mappings=mappings)


if __name__ == "__main__":
    main()
