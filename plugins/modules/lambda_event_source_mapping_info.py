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
    - The mappings found, each in the shape of RV(esmkit.aws.lambda_event_source_mapping#module:event_source_mapping),
      where every key is described. Keys are the option names, for every option AWS reports, plus output-only keys.
      Empty values are left out.
    - Listed below are only the keys that identify a mapping and tell its state, and the tags, because this module
      returns them in other cases than that one.
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
  contains:
    uuid:
      description: The mapping's UUID.
      returned: always
      type: str
      sample: 14e0db71-5d35-4eb5-b481-8945cf9d10c2
    arn:
      description: The mapping's ARN.
      returned: always
      type: str
      sample: arn:aws:lambda:us-east-1:123456789012:event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2
    function_arn:
      description: The function's ARN, with its qualifier.
      returned: always
      type: str
      sample: arn:aws:lambda:us-east-1:123456789012:function:order-processor:live
    state:
      description: C(Creating), C(Enabling), C(Enabled), C(Disabling), C(Disabled), C(Updating) or C(Deleting).
      returned: always
      type: str
      sample: Enabled
    enabled:
      description: Whether the mapping is enabled, from its state (C(Creating) and C(Enabling) count as enabled).
      returned: except while the mapping is C(Updating) or C(Deleting)
      type: bool
      sample: true
    tags:
      description: The mapping's tags.
      returned: when O(include_tags=true)
      type: dict
      sample: {"Name": "orders"}
option:
  description: The option a refused lookup is about.
  returned: when the lookup was refused before any request to AWS
  type: str
  sample: uuid
error:
  description: The AWS error that failed the lookup, as RV(esmkit.aws.lambda_event_source_mapping#module:error).
  returned: on failure, when AWS returned an error
  type: dict
  sample: {"code": "AccessDeniedException", "message": "User is not authorized to perform: lambda:ListEventSourceMappings"}
"""

from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import connection_argument_spec
from ansible_collections.esmkit.aws.plugins.module_utils._esm.lookup import lookup
from ansible_collections.esmkit.aws.plugins.module_utils._esm.module import lambda_api, run_module

SELECTORS = ("uuid", "function_name", "event_source_arn", "include_tags")


def argument_spec():
    spec = {
        "uuid": {"type": "str"},
        "function_name": {"type": "str"},
        "event_source_arn": {"type": "str"},
        "include_tags": {"type": "bool", "default": True},
    }
    spec.update(connection_argument_spec())
    return spec


def produce(module, _botocore_version):
    """Look the mappings up (run_module does the rest)."""
    params = module.params
    mappings = lookup(lambda: lambda_api(params), **{name: params[name] for name in SELECTORS})
    return {"changed": False, "event_source_mappings": mappings}


def main():
    run_module(argument_spec(), produce)


if __name__ == "__main__":
    main()
