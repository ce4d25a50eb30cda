#!/usr/bin/python
# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lambda_event_source_mapping_set
short_description: Own all the event source mappings of one AWS Lambda function
version_added: 0.1.0
description:
  - Manages the event source mappings of one Lambda function as a set, as Terraform manages the resources of a
    configuration. With O(purge=true), a mapping of the function that no item of O(mappings) names is deleted,
    as Terraform deletes a resource removed from the configuration.
  - Each item of O(mappings) is one mapping, with the options of M(esmkit.aws.lambda_event_source_mapping), the
    same validation, comparison and results. An item is matched to the mapping it names by its source, as that
    module matches a task. Two items that name the same mapping are refused.
  - The function's mappings are read once, with one paginated list request; every item is validated and planned
    before the first write, so an invalid item fails the task with nothing written.
  - Writes are made one at a time, paced to stay well within the account's Lambda request quota, and then all
    the mappings written are waited for together.
  - A failure part-way reports what had been written; running the task again converges.
author:
  - esmkit.aws maintainers (@esmkit)
options:
  function_name:
    description:
      - The Lambda function, as a name, C(name:qualifier), a partial ARN (C(123456789012:function:name)) or an ARN.
      - The set is exactly the mappings whose function ARN is this function, qualifier included. C(my-function)
        and C(my-function:live) are different functions here, so O(purge) never touches the mappings of another
        qualifier.
    type: str
    required: true
  mappings:
    description:
      - The mappings of the function, each with the options of M(esmkit.aws.lambda_event_source_mapping) other than
        its O(esmkit.aws.lambda_event_source_mapping#module:function_name), O(esmkit.aws.lambda_event_source_mapping#module:state),
        O(esmkit.aws.lambda_event_source_mapping#module:uuid) and connection options.
      - Each item needs O(mappings[].event_source_arn) or O(mappings[].self_managed_event_source).
      - Options an item does not set are neither sent nor compared, as in the main module.
      - With O(purge=true), an empty list deletes every mapping of the function.
      - The RV(esmkit.aws.lambda_event_source_mapping_info#module:event_source_mappings) of
        M(esmkit.aws.lambda_event_source_mapping_info), all of it or any of its items, is valid here as it is, and
        against what AWS holds changes nothing. The output-only keys of that result (O(mappings[].uuid),
        O(mappings[].function_arn), O(mappings[].arn), O(mappings[].state), O(mappings[].state_transition_reason),
        O(mappings[].last_modified), O(mappings[].last_processing_result), O(mappings[].filter_criteria_error)) are
        accepted and never sent to AWS; each says below what it does. Any other name that is not an option is
        refused.
    type: list
    elements: dict
    required: true
    suboptions:
      event_source_arn:
        description:
          - As O(esmkit.aws.lambda_event_source_mapping#module:event_source_arn).
          - Each item needs this or O(mappings[].self_managed_event_source), which names the mapping with it.
        type: str
      batch_size:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:batch_size).
        type: int
      bisect_batch_on_function_error:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:bisect_batch_on_function_error).
        type: bool
      destination_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:destination_config).
        type: dict
        suboptions:
          on_failure:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:destination_config.on_failure).
            type: dict
            suboptions:
              destination_arn:
                description: As O(esmkit.aws.lambda_event_source_mapping#module:destination_config.on_failure.destination_arn).
                type: str
                aliases: [destination]
      document_db_event_source_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:document_db_event_source_config).
        type: dict
        suboptions:
          database_name:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:document_db_event_source_config.database_name).
            type: str
          collection_name:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:document_db_event_source_config.collection_name).
            type: str
          full_document:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:document_db_event_source_config.full_document).
            type: str
            choices: [UpdateLookup, Default]
      enabled:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:enabled).
        type: bool
      filter_criteria:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:filter_criteria).
        type: dict
        suboptions:
          filter:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:filter_criteria.filter).
            type: list
            elements: dict
            aliases: [filters]
            suboptions:
              pattern:
                description: As O(esmkit.aws.lambda_event_source_mapping#module:filter_criteria.filter[].pattern).
                type: raw
      function_response_types:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:function_response_types).
        type: list
        elements: str
        choices: [ReportBatchItemFailures]
      kms_key_arn:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:kms_key_arn).
        type: str
      maximum_batching_window_in_seconds:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:maximum_batching_window_in_seconds).
        type: int
      maximum_record_age_in_seconds:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:maximum_record_age_in_seconds).
        type: int
      maximum_retry_attempts:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:maximum_retry_attempts).
        type: int
      metrics_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:metrics_config).
        type: dict
        suboptions:
          metrics:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:metrics_config.metrics).
            type: list
            elements: str
            choices: [EventCount, ErrorCount, KafkaMetrics]
      parallelization_factor:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:parallelization_factor).
        type: int
      provisioned_poller_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:provisioned_poller_config).
        type: dict
        suboptions:
          maximum_pollers:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:provisioned_poller_config.maximum_pollers).
            type: int
          minimum_pollers:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:provisioned_poller_config.minimum_pollers).
            type: int
          poller_group_name:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:provisioned_poller_config.poller_group_name).
            type: str
      queues:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:queues).
        type: list
        elements: str
      scaling_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:scaling_config).
        type: dict
        suboptions:
          maximum_concurrency:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:scaling_config.maximum_concurrency).
            type: int
      self_managed_event_source:
        description:
          - As O(esmkit.aws.lambda_event_source_mapping#module:self_managed_event_source).
          - Mutually exclusive with O(mappings[].event_source_arn).
        type: dict
        suboptions:
          endpoints:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:self_managed_event_source.endpoints).
            type: dict
            required: true
            suboptions:
              KAFKA_BOOTSTRAP_SERVERS:
                description: As O(esmkit.aws.lambda_event_source_mapping#module:self_managed_event_source.endpoints.KAFKA_BOOTSTRAP_SERVERS).
                type: raw
      self_managed_kafka_event_source_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:self_managed_kafka_event_source_config).
        type: dict
        suboptions:
          consumer_group_id: &consumer_group_id
            description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
            type: str
          schema_registry_config: &schema_registry_config
            description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
            type: dict
            suboptions:
              schema_registry_uri:
                description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
                type: str
              event_record_format:
                description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
                type: str
                choices: [JSON, SOURCE]
              access_config:
                description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
                type: list
                elements: dict
                suboptions:
                  type:
                    description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
                    type: str
                    choices: [BASIC_AUTH, CLIENT_CERTIFICATE_TLS_AUTH, SERVER_ROOT_CA_CERTIFICATE, OAUTHBEARER_AUTH]
                    required: true
                  uri:
                    description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
                    type: str
                    required: true
              schema_validation_config:
                description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
                type: list
                elements: dict
                suboptions:
                  attribute:
                    description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
                    type: str
                    choices: [KEY, VALUE]
                    required: true
          consumption_mode:
            description: As the same option in M(esmkit.aws.lambda_event_source_mapping).
            type: str
            choices: [Stream, Queue]
      amazon_managed_kafka_event_source_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:amazon_managed_kafka_event_source_config).
        type: dict
        suboptions:
          consumer_group_id: *consumer_group_id
          schema_registry_config: *schema_registry_config
      source_access_configuration:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:source_access_configuration).
        type: list
        elements: dict
        aliases: [source_access_configurations]
        suboptions:
          type:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:source_access_configuration[].type).
            type: str
            choices: [BASIC_AUTH, VPC_SUBNET, VPC_SECURITY_GROUP, SASL_SCRAM_512_AUTH, SASL_SCRAM_256_AUTH, VIRTUAL_HOST,
                      CLIENT_CERTIFICATE_TLS_AUTH, SERVER_ROOT_CA_CERTIFICATE, OAUTHBEARER_AUTH, OAUTHBEARER_SCOPE,
                      OAUTHBEARER_AUDIENCE, OAUTHBEARER_LOGICAL_CLUSTER, OAUTHBEARER_IDENTITY_POOL, IAM_AUTH,
                      IAM_OAUTHBEARER_AUTH]
            required: true
          uri:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:source_access_configuration[].uri).
            type: str
      starting_position:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:starting_position).
        type: str
        choices: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]
      starting_position_timestamp:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:starting_position_timestamp).
        type: str
      tags:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:tags).
        type: dict
        aliases: [resource_tags]
      topics:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:topics).
        type: list
        elements: str
      tumbling_window_in_seconds:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:tumbling_window_in_seconds).
        type: int
      logging_config:
        description: As O(esmkit.aws.lambda_event_source_mapping#module:logging_config).
        type: dict
        suboptions:
          system_log_level:
            description: As O(esmkit.aws.lambda_event_source_mapping#module:logging_config.system_log_level).
            type: str
            choices: [DEBUG, INFO, WARN]
      uuid:
        description:
          - Not an option, the output-only key of a looked-up mapping; never sent to AWS.
          - Checked against the mapping the item names by its source. If that mapping has another UUID, or the
            function has no mapping of this source, the task fails before any write. A uuid never creates a mapping,
            never re-addresses one, and never changes a mapping's source.
          - Among several mappings of the same function and source, it chooses the one the item names.
          - Leave it out to apply the item to whatever mapping its source names, or to create one.
        type: str
      function_arn:
        description:
          - Not an option, the output-only key of a looked-up mapping; never sent to AWS.
          - Checked against O(function_name) before any request (function name and qualifier), and against the ARN
            of the function's mappings after the list request (account and Region). A mismatch fails the task before
            any write.
        type: str
      arn:
        description:
          - Not an option, the output-only key of a looked-up mapping. Ignored; O(mappings[].uuid) names the mapping.
        type: str
      state:
        description:
          - Not an option, the output-only key of a looked-up mapping. Never applied; use O(mappings[].enabled).
          - When the item also sets O(mappings[].enabled) and this is a state that says whether the mapping is
            enabled, the two must agree, so an edit of O(mappings[].state) alone is refused rather than ignored.
        type: str
        choices: [Creating, Deleting, Disabled, Disabling, Enabled, Enabling, Updating]
      state_transition_reason:
        description: Not an option, the output-only key of a looked-up mapping. Ignored, as it changes on its own.
        type: raw
      last_modified:
        description:
          - Not an option, the output-only key of a looked-up mapping.
          - Ignored, as it changes with every write; it is left out of the diff too.
        type: raw
      last_processing_result:
        type: raw
        description: Not an option, the output-only key of a looked-up mapping. Ignored, as it changes on its own.
      filter_criteria_error:
        description:
          - Not an option, the output-only key of a looked-up mapping. Ignored.
          - It says why AWS could not decrypt the filters; the filters themselves are compared only when the item
            sets O(mappings[].filter_criteria).
        type: raw
  purge:
    description:
      - Whether to delete the mappings of O(function_name) that no item of O(mappings) names.
      - Deletes are made after every item is applied, so a failure part-way leaves a mapping too many rather than
        one too few.
    type: bool
    default: false
  purge_tags:
    description:
      - As O(esmkit.aws.lambda_event_source_mapping#module:purge_tags), for every item that sets O(mappings[].tags).
    type: bool
    default: true
  allow_replacement:
    description:
      - As O(esmkit.aws.lambda_event_source_mapping#module:allow_replacement), for every item.
    type: bool
    default: false
  wait:
    description:
      - Whether to wait until every mapping written is Enabled or Disabled, and every mapping deleted is gone.
      - The mappings are waited for together, with one list request of the function per poll.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, for all the mappings together.
    type: int
    default: 600
  role_propagation_timeout:
    description:
      - As O(esmkit.aws.lambda_event_source_mapping#module:role_propagation_timeout).
    type: int
    default: 120
notes:
  - A re-run that changes nothing costs one list request per 100 mappings of the function, plus one C(GetEventSourceMapping)
    for each item that sets O(mappings[].filter_criteria) on a mapping whose filters are encrypted with a KMS key (the
    list hides them), plus one C(ListTags) request for each item that sets O(mappings[].tags).
  - In check mode no write request is made.
seealso:
  - module: esmkit.aws.lambda_event_source_mapping
    description: One mapping per task; the meaning of every option of an item.
  - ref: ansible_collections.esmkit.aws.docsite.taking_over
    description: Taking over existing mappings with the info module's result, and keeping it in a vars file.
  - module: esmkit.aws.lambda_event_source_mapping_info
    description: Look mappings up, in the same shape as this module returns them.
  - name: Terraform aws_lambda_event_source_mapping
    description: The resource whose options the items mirror.
    link: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_event_source_mapping
extends_documentation_fragment:
  - esmkit.aws.connection
  - esmkit.aws.attributes.actiongroups
  - esmkit.aws.attributes.write_module
"""

EXAMPLES = r"""
- name: Own every mapping of the function orders-worker
  esmkit.aws.lambda_event_source_mapping_set:
    function_name: orders-worker
    purge: true
    mappings:
      - event_source_arn: arn:aws:sqs:eu-west-1:123456789012:orders
        batch_size: 10
        filter_criteria:
          filter:
            - pattern: '{"body": {"type": ["order"]}}'
      - event_source_arn: arn:aws:kinesis:eu-west-1:123456789012:stream/clicks
        starting_position: LATEST
        parallelization_factor: 2

- name: Keep the mappings of the alias live, and leave any other mapping of it alone
  esmkit.aws.lambda_event_source_mapping_set:
    function_name: orders-worker:live
    mappings:
      - event_source_arn: arn:aws:sqs:eu-west-1:123456789012:refunds
        enabled: false

- name: Delete every mapping of the function
  esmkit.aws.lambda_event_source_mapping_set:
    function_name: orders-worker
    mappings: []
    purge: true

# Take over the mappings that exist (made in the console, by CloudFormation, ...): the info module's result is
# valid input, and handed over as it is, changes nothing.
- name: Look up the mappings of orders-worker
  esmkit.aws.lambda_event_source_mapping_info:
    function_name: orders-worker
  register: found

- name: Own exactly these mappings from now on
  esmkit.aws.lambda_event_source_mapping_set:
    function_name: orders-worker
    purge: true
    mappings: "{{ found.event_source_mappings }}"

- name: Re-apply one looked-up mapping at a time (the main module does not take a result as its arguments)
  esmkit.aws.lambda_event_source_mapping_set:
    function_name: "{{ item.function_arn }}"
    mappings:
      - "{{ item }}"
  loop: "{{ found.event_source_mappings }}"
  loop_control:
    label: "{{ item.uuid }}"
"""

RETURN = r"""
event_source_mappings:
  description:
    - The mappings after the task, one per item, in the order of O(mappings); in check mode, the mappings the task
      would leave.
    - Each is in the shape of RV(esmkit.aws.lambda_event_source_mapping#module:event_source_mapping). Keys are the
      option names, for every option AWS reports, plus the output-only keys below. Empty values are left out.
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: The mapping's UUID.
      returned: when the mapping exists; not for a mapping that check mode would create
      type: str
      sample: 14e0db71-5d35-4eb5-b481-8945cf9d10c2
    arn:
      description: The mapping's ARN.
      returned: when the mapping exists; not for a mapping that check mode would create
      type: str
      sample: arn:aws:lambda:us-east-1:123456789012:event-source-mapping:14e0db71-5d35-4eb5-b481-8945cf9d10c2
    function_arn:
      description: The function's ARN, with its qualifier.
      returned: when the mapping exists, or check mode predicts it
      type: str
      sample: arn:aws:lambda:us-east-1:123456789012:function:order-processor:live
    state:
      description: C(Creating), C(Enabling), C(Enabled), C(Disabling), C(Disabled), C(Updating) or C(Deleting).
      returned: when the mapping exists, or check mode predicts it
      type: str
      sample: Enabled
    enabled:
      description: Whether the mapping is enabled, from its state (C(Creating) and C(Enabling) count as enabled).
      returned: when the mapping exists, except while it is C(Updating) or C(Deleting)
      type: bool
      sample: true
    state_transition_reason:
      description: Why the mapping is in its state.
      returned: when AWS reports it
      type: str
      sample: USER_INITIATED
    last_modified:
      description: When the mapping was last changed, in ISO 8601, UTC.
      returned: when AWS reports it
      type: str
      sample: "2024-05-01T12:00:00+00:00"
    last_processing_result:
      description: The result of the last invocation.
      returned: when AWS reports it (streams and Kafka)
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
      returned: when AWS reports an error with KMS-encrypted filters
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
      returned: >-
        when the run read the mapping's tags: the item sets C(tags), or the item's mapping was replaced
      type: dict
      sample: {"Name": "orders", "Cost Center": "Orders"}
created:
  description:
    - The UUIDs of the mappings created, replacements included.
    - In check mode, a mapping that would be created has no UUID yet and is listed as V(null).
  returned: always
  type: list
  elements: str
updated:
  description: The UUIDs of the mappings updated (their options or their tags).
  returned: always
  type: list
  elements: str
deleted:
  description: The UUIDs of the mappings deleted, by O(purge) or by a replacement.
  returned: always
  type: list
  elements: str
written:
  description:
    - On a failure after some writes, what had been written, in order, so that the next run can be expected to
      converge.
  returned: on failure, after a write
  type: list
  elements: dict
  contains:
    mapping:
      description: The item, as C(mappings[N]), or C(purge).
      type: str
      returned: on failure, after a write
    action:
      description: V(created), V(updated) or V(deleted).
      type: str
      returned: on failure, after a write
    uuid:
      description: The mapping's UUID.
      type: str
      returned: on failure, after a write
option:
  description:
    - The option a refused task is about, as a path such as C(wait_timeout) for an option of the module, or
      C(mappings[0].batch_size) for an option of an item.
  returned: when the task was refused before any request to AWS
  type: str
  sample: mappings[0].maximum_batching_window_in_seconds
replacement:
  description:
    - What became of an item's old mapping when its replacement (O(allow_replacement=true)) failed after the old
      mapping was deleted, as RV(esmkit.aws.lambda_event_source_mapping#module:replacement) of the main module.
  returned: when a replacement failed after deleting the old mapping
  type: dict
  sample: {"old_uuid": "14e0db71-5d35-4eb5-b481-8945cf9d10c2", "new_uuid": null, "restored": false,
           "old_configuration": {"event_source_arn": "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"}}
diff:
  description:
    - One entry for every mapping created, updated or deleted, with the mapping before and after in the shape of
      RV(event_source_mappings).
  returned: in diff mode
  type: list
  elements: dict
error:
  description:
    - The AWS error that failed the task; RV(written) says what had been written before it.
    - Its C(code) and C(message) are those of RV(esmkit.aws.lambda_event_source_mapping#module:error).
  returned: on failure, when AWS returned an error
  type: dict
  sample: {"code": "ResourceConflictException", "message": "An event source mapping with SQS arn ... already exists."}
"""

from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import connection_argument_spec
from ansible_collections.esmkit.aws.plugins.module_utils._esm.mapping_set import run
from ansible_collections.esmkit.aws.plugins.module_utils._esm.module import lambda_api, run_module
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import (
    CONTROL_OPTIONS,
    OUTPUT_KEYS,
    mapping_argument_spec,
)


def argument_spec():
    item = mapping_argument_spec()
    del item["function_name"]
    # What the info module's result adds to the options: accepted so that it can be handed over, never applied.
    item.update((name, dict(entry)) for name, entry in OUTPUT_KEYS.items())
    spec = {
        "function_name": {"type": "str", "required": True},
        "mappings": {
            "type": "list",
            "elements": "dict",
            "required": True,
            "options": item,
            "mutually_exclusive": [["event_source_arn", "self_managed_event_source"]],
        },
        "purge": {"type": "bool", "default": False},
    }
    # What every item shares, with the main module's defaults.
    for name in ("purge_tags", "allow_replacement", "wait", "wait_timeout", "role_propagation_timeout"):
        spec[name] = dict(CONTROL_OPTIONS[name])
    spec.update(connection_argument_spec())
    return spec


def api_factory(params):
    return lambda_api(
        params, wait_timeout=params["wait_timeout"], role_propagation_timeout=params["role_propagation_timeout"]
    )


def produce(module, botocore_version):
    """Make the function's mappings what the items say (run_module does the rest). Each item is a task of the
    main module: an option its botocore cannot send fails before any request, naming the item."""
    return run(module.params, api_factory, check_mode=module.check_mode, botocore_version=botocore_version)


def main():
    run_module(argument_spec(), produce)


if __name__ == "__main__":
    main()
