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
  - The result, all of it or any of its items, is valid input for
    O(esmkit.aws.lambda_event_source_mapping_set#module:mappings) of M(esmkit.aws.lambda_event_source_mapping_set),
    and handed over as it is, changes nothing.
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
  trim:
    description:
      - Whether to return each mapping trimmed to what a file of mappings needs, as input for
        M(esmkit.aws.lambda_event_source_mapping_set).
      - With V(true), each mapping leaves out the output-only keys that change on their own (all but
        RV(event_source_mappings[].uuid) and RV(event_source_mappings[].function_arn), which the set module
        checks), every value that is AWS's default for the mapping's kind (for example C(batch_size=10) for SQS,
        C(parallelization_factor=1) for streams) and a consumer group id that AWS generated from the mapping's UUID.
      - Handed to M(esmkit.aws.lambda_event_source_mapping_set), a trimmed mapping changes nothing either. What it
        leaves out is neither sent nor compared, so a later change of a default made elsewhere is left alone; the
        full result (V(false)) owns every value.
      - Costs no request.
    type: bool
    default: false
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
  - module: esmkit.aws.lambda_event_source_mapping_set
    description: Takes this module's result as it is, to own the mappings found.
  - ref: ansible_collections.esmkit.aws.docsite.taking_over
    description: Taking over existing mappings, and keeping them in a vars file.
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

- name: Take over every mapping of the function as it is (a no-op against what AWS holds)
  esmkit.aws.lambda_event_source_mapping_set:
    function_name: order-processor
    purge: true
    mappings: "{{ found.event_source_mappings }}"

- name: Look up the mappings of a function trimmed to what a file of them needs
  esmkit.aws.lambda_event_source_mapping_info:
    function_name: order-processor
    trim: true
  register: found

- name: Save the mappings to a vars file, to apply later with include_vars and lambda_event_source_mapping_set
  ansible.builtin.copy:
    content: "{{ {'order_processor_mappings': found.event_source_mappings} | to_nice_yaml }}"
    dest: "{{ playbook_dir }}/vars/order-processor-mappings.yml"
    mode: "0644"

- name: Set the batch size of what was found, keeping everything else
  esmkit.aws.lambda_event_source_mapping:
    uuid: "{{ found.event_source_mappings[0].uuid }}"
    batch_size: 50
  when: found.event_source_mappings | length == 1
"""

RETURN = r"""
event_source_mappings:
  description:
    - The mappings found, each in exactly the shape of
      RV(esmkit.aws.lambda_event_source_mapping#module:event_source_mapping).
    - Keys are the option names, for every option AWS reports, plus the output-only keys below. Empty values (no
      filters, no destination, no response types) are left out, so "none" has one form.
    - With O(trim=true), only what O(trim) keeps.
    - Valid input, as it is, for O(esmkit.aws.lambda_event_source_mapping_set#module:mappings).
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
      returned: unless O(trim=true)
      type: str
      sample: arn:aws:lambda:us-east-1:123456789012:event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2
    function_arn:
      description: The function's ARN, with its qualifier.
      returned: always
      type: str
      sample: arn:aws:lambda:us-east-1:123456789012:function:order-processor:live
    state:
      description: C(Creating), C(Enabling), C(Enabled), C(Disabling), C(Disabled), C(Updating) or C(Deleting).
      returned: unless O(trim=true)
      type: str
      sample: Enabled
    enabled:
      description: Whether the mapping is enabled, from its state (C(Creating) and C(Enabling) count as enabled).
      returned: except while the mapping is C(Updating) or C(Deleting)
      type: bool
      sample: true
    state_transition_reason:
      description: Why the mapping is in its state.
      returned: when AWS reports it, unless O(trim=true)
      type: str
      sample: USER_INITIATED
    last_modified:
      description: When the mapping was last changed, in ISO 8601, UTC.
      returned: when AWS reports it, unless O(trim=true)
      type: str
      sample: "2024-05-01T12:00:00+00:00"
    last_processing_result:
      description: The result of the last invocation.
      returned: when AWS reports it (streams and Kafka), unless O(trim=true)
      type: str
      sample: No records processed
    event_source_arn:
      description: The source's ARN.
      returned: when the source has an ARN (every source but self-managed Kafka)
      type: str
      sample: arn:aws:sqs:us-east-1:123456789012:orders
    batch_size:
      description: The largest number of records in one batch.
      returned: when AWS reports it
      type: int
      sample: 10
    bisect_batch_on_function_error:
      description: Whether a failed batch is split in two and retried.
      returned: when AWS reports it (streams and Kafka)
      type: bool
      sample: false
    destination_config:
      description: Where records that failed go.
      returned: when the mapping has an on-failure destination
      type: dict
      contains:
        on_failure:
          description: The destination for failed records.
          returned: when the mapping has an on-failure destination
          type: dict
          contains:
            destination_arn:
              description: The destination's ARN, or C(kafka://TOPIC).
              returned: when the mapping has an on-failure destination
              type: str
              sample: arn:aws:sqs:us-east-1:123456789012:dlq
    document_db_event_source_config:
      description: The DocumentDB change stream settings.
      returned: for DocumentDB sources
      type: dict
      contains:
        database_name:
          description: The database read from.
          returned: for DocumentDB sources
          type: str
          sample: orders
        collection_name:
          description: The collection read from; all collections when not returned.
          returned: when set
          type: str
          sample: transactions
        full_document:
          description: What DocumentDB sends for updates.
          returned: for DocumentDB sources
          type: str
          sample: UpdateLookup
    filter_criteria:
      description: The filters.
      returned: when the mapping has filters
      type: dict
      contains:
        filter:
          description: The filters, each with its pattern as the JSON string AWS holds.
          returned: when the mapping has filters
          type: list
          elements: dict
          contains:
            pattern:
              description: The filter pattern, a JSON string.
              returned: when the mapping has filters
              type: str
              sample: '{"body": {"Location": ["New York"]}}'
    filter_criteria_error:
      description: Why AWS could not decrypt the filter criteria.
      returned: when AWS reports an error with KMS-encrypted filters, unless O(trim=true)
      type: dict
      contains:
        error_code:
          description: The KMS error code.
          returned: when AWS reports an error with KMS-encrypted filters
          type: str
          sample: KMSAccessDeniedException
        message:
          description: The KMS error message.
          returned: when AWS reports an error with KMS-encrypted filters
          type: str
    function_response_types:
      description: The response types, V(ReportBatchItemFailures) or none.
      returned: when the mapping has any
      type: list
      elements: str
      sample: [ReportBatchItemFailures]
    kms_key_arn:
      description: The ARN of the KMS key that encrypts the filter criteria.
      returned: when the mapping has one
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/0123abcd-4567-89ef-0123-456789abcdef
    maximum_batching_window_in_seconds:
      description: How long records are gathered before the function is invoked.
      returned: when AWS reports it (not for Kafka at its default)
      type: int
      sample: 0
    maximum_record_age_in_seconds:
      description: The age after which records are discarded, -1 for never.
      returned: when AWS reports it (streams and Kafka)
      type: int
      sample: -1
    maximum_retry_attempts:
      description: How often a failed batch is retried, -1 until the record expires.
      returned: when AWS reports it (streams and Kafka)
      type: int
      sample: -1
    metrics_config:
      description: The CloudWatch metrics the mapping publishes.
      returned: when the mapping publishes metrics
      type: dict
      contains:
        metrics:
          description: The metrics.
          returned: when the mapping publishes metrics
          type: list
          elements: str
          sample: [EventCount]
    parallelization_factor:
      description: How many batches of one shard are processed at once.
      returned: when AWS reports it (streams)
      type: int
      sample: 1
    provisioned_poller_config:
      description: The provisioned mode pollers.
      returned: when the mapping is in provisioned mode
      type: dict
      contains:
        maximum_pollers:
          description: The most pollers.
          returned: when AWS reports it
          type: int
          sample: 100
        minimum_pollers:
          description: The fewest pollers.
          returned: when AWS reports it
          type: int
          sample: 10
        poller_group_name:
          description: The poller group the mapping shares pollers in.
          returned: when the mapping is in a poller group
          type: str
          sample: orders-group
    queues:
      description: The Amazon MQ queue, as a list of one name.
      returned: for Amazon MQ sources
      type: list
      elements: str
      sample: [orders]
    scaling_config:
      description: The SQS scaling settings.
      returned: when the mapping has a maximum concurrency
      type: dict
      contains:
        maximum_concurrency:
          description: The most concurrent function instances the queue invokes.
          returned: when the mapping has a maximum concurrency
          type: int
          sample: 100
    self_managed_event_source:
      description: The self-managed Kafka cluster.
      returned: for self-managed Kafka sources
      type: dict
      contains:
        endpoints:
          description: The cluster's endpoints.
          returned: for self-managed Kafka sources
          type: dict
          contains:
            KAFKA_BOOTSTRAP_SERVERS:
              description: The bootstrap servers, as the list AWS holds.
              returned: for self-managed Kafka sources
              type: list
              elements: str
              sample: ["kafka1.example.com:9092", "kafka2.example.com:9092"]
    self_managed_kafka_event_source_config:
      description: The self-managed Kafka settings.
      returned: for self-managed Kafka sources
      type: dict
      contains:
        consumer_group_id: &return_consumer_group_id
          description: The consumer group; AWS uses the mapping's UUID when none was set.
          returned: when AWS reports it
          type: str
          sample: lambda-consumer-group
        schema_registry_config: &return_schema_registry_config
          description: The schema registry that decodes records.
          returned: when the mapping has one
          type: dict
          contains:
            schema_registry_uri:
              description: The registry's URI.
              returned: when the mapping has a schema registry
              type: str
              sample: arn:aws:glue:us-east-1:123456789012:registry/orders
            event_record_format:
              description: How records are passed to the function.
              returned: when the mapping has a schema registry
              type: str
              sample: JSON
            access_config:
              description: How the registry is authenticated with.
              returned: when the mapping has any
              type: list
              elements: dict
              contains:
                type:
                  description: The kind of credential.
                  returned: always
                  type: str
                  sample: BASIC_AUTH
                uri:
                  description: The ARN of the secret.
                  returned: always
                  type: str
                  sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:registry
            schema_validation_config:
              description: The parts of the record that are validated.
              returned: when the mapping has any
              type: list
              elements: dict
              contains:
                attribute:
                  description: The part of the record.
                  returned: always
                  type: str
                  sample: VALUE
        consumption_mode:
          description: V(Stream) or V(Queue); AWS uses V(Stream) when none was set.
          returned: when AWS reports it
          type: str
          sample: Queue
    amazon_managed_kafka_event_source_config:
      description: The Amazon MSK settings.
      returned: for Amazon MSK sources
      type: dict
      contains:
        consumer_group_id: *return_consumer_group_id
        schema_registry_config: *return_schema_registry_config
    source_access_configuration:
      description: How the mapping reaches and authenticates with the source.
      returned: when the mapping has any
      type: list
      elements: dict
      contains:
        type:
          description: The kind of entry.
          returned: always
          type: str
          sample: BASIC_AUTH
        uri:
          description: The value, for example a secret ARN; none for V(IAM_AUTH) and V(IAM_OAUTHBEARER_AUTH).
          returned: always
          type: str
          sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:mq
    starting_position:
      description: Where the mapping started reading.
      returned: for streams, Kafka and DocumentDB sources
      type: str
      sample: LATEST
    starting_position_timestamp:
      description: With V(AT_TIMESTAMP), the time reading started from, in ISO 8601, UTC.
      returned: when the mapping starts at a timestamp
      type: str
      sample: "2024-01-31T12:00:00+00:00"
    topics:
      description: The Kafka topic, as a list of one name.
      returned: for Amazon MSK and self-managed Kafka sources
      type: list
      elements: str
      sample: [orders]
    tumbling_window_in_seconds:
      description: The tumbling window of stream analytics.
      returned: when AWS reports it (streams)
      type: int
      sample: 0
    logging_config:
      description: The logging of the mapping's own activity.
      returned: when set (Amazon MSK and self-managed Kafka)
      type: dict
      contains:
        system_log_level:
          description: The least severe level logged.
          returned: when set
          type: str
          sample: INFO
    tags:
      description: The mapping's tags.
      returned: when O(include_tags=true)
      type: dict
      sample: {"Name": "orders", "Cost Center": "Orders"}
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
from ansible_collections.esmkit.aws.plugins.module_utils._esm.translate import trimmed

SELECTORS = ("uuid", "function_name", "event_source_arn", "include_tags")


def argument_spec():
    spec = {
        "uuid": {"type": "str"},
        "function_name": {"type": "str"},
        "event_source_arn": {"type": "str"},
        "include_tags": {"type": "bool", "default": True},
        "trim": {"type": "bool", "default": False},
    }
    spec.update(connection_argument_spec())
    return spec


def produce(module, _botocore_version):
    """Look the mappings up (run_module does the rest)."""
    params = module.params
    mappings = lookup(lambda: lambda_api(params), **{name: params[name] for name in SELECTORS})
    if params["trim"]:
        mappings = [trimmed(mapping) for mapping in mappings]
    return {"changed": False, "event_source_mappings": mappings}


def main():
    run_module(argument_spec(), produce)


if __name__ == "__main__":
    main()
