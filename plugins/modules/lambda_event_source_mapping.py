#!/usr/bin/python
# Copyright: Contributors to the esmkit.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lambda_event_source_mapping
short_description: Manage AWS Lambda event source mappings, exactly
version_added: 0.1.0
description:
  - Creates, updates, replaces and deletes AWS Lambda event source mappings for SQS queues, Kinesis streams,
    DynamoDB streams, Amazon MSK, self-managed Apache Kafka, Amazon MQ (ActiveMQ and RabbitMQ) and DocumentDB.
  - Options mirror the Terraform resource C(aws_lambda_event_source_mapping). Every option of the
    C(CreateEventSourceMapping) API can be set.
  - The module reads the mapping AWS holds, compares every option the task sets, and sends only what differs.
    An option the task does not set is neither sent nor compared.
  - Whatever AWS lets a mapping drop can be cleared with an empty value (filters, the on-failure destination,
    scaling, metrics, provisioned pollers, source access entries, function response types and the KMS key).
    The other blocks (O(logging_config), O(document_db_event_source_config) and the Kafka settings) cannot be
    removed once set, so an empty dictionary for them is refused rather than silently ignored.
  - An empty dictionary (V({})) clears a block, so C(default(omit)) on every key of a block is not "leave it
    unchanged" but "clear it". To leave a block unchanged, omit the whole block.
  - A mapping is found by O(uuid), or by its function and source. The function's qualifier is part of the
    identity, so C(my-function) and C(my-function:live) are different mappings. For Amazon MSK the topic, for
    self-managed Kafka the bootstrap servers and the topic, and for Amazon MQ the queue are part of the identity too.
    A DocumentDB mapping is found by its function and cluster; its database and collection are not part of the
    identity but can only be set at creation.
  - Options that AWS only accepts at creation (O(event_source_arn), O(starting_position),
    O(starting_position_timestamp), O(topics), O(queues), O(self_managed_event_source), a consumer group id,
    a RabbitMQ C(VIRTUAL_HOST) and the DocumentDB database and collection) are never changed silently. A change to them fails, naming each option with its
    current and requested values, unless O(allow_replacement=true).
  - Options that AWS needs to create a mapping (O(starting_position) for streams and Kafka,
    O(source_access_configuration) for self-managed Kafka, a C(BASIC_AUTH) secret for Amazon MQ and DocumentDB,
    C(database_name) for DocumentDB) are only required when the run creates one; changing an existing mapping
    does not need them.
  - For MSK and self-managed Kafka, error handling (O(bisect_batch_on_function_error), O(maximum_retry_attempts) or
    O(maximum_record_age_in_seconds) other than -1, O(function_response_types), a C(kafka://) destination) needs
    provisioned mode, that is O(provisioned_poller_config) in the task or held. Without it the task fails before any
    write, in check mode too.
author:
  - esmkit.aws maintainers (@esmkit)
options:
  state:
    description:
      - V(present) creates or updates the mapping, V(absent) deletes it.
      - With V(absent), only O(uuid), O(function_name) and the source options are used to find the mapping.
        With O(uuid) and a function or source too, the mapping must belong to that function and read that
        source, or the task fails and nothing is deleted.
    type: str
    choices: [present, absent]
    default: present
  uuid:
    description:
      - The UUID of the mapping to manage, as Terraform's import takes it.
      - Without it, the mapping is found by O(function_name) and the source.
      - A mapping cannot be created with a chosen UUID; with O(state=present) the mapping must exist.
    type: str
  function_name:
    description:
      - The Lambda function, as a name, C(name:qualifier), a partial ARN (C(123456789012:function:name)) or an ARN.
      - The qualifier (alias, version or C($LATEST)) is part of the mapping's identity.
      - Required unless O(uuid) is given. With O(uuid), a different function updates the mapping to it.
    type: str
  event_source_arn:
    description:
      - ARN of the SQS queue, Kinesis stream, DynamoDB stream, MSK cluster, Amazon MQ broker or DocumentDB cluster.
      - A Kinesis stream consumer (C(stream/NAME/consumer/CONSUMER:CREATED)) and, for cross-account MSK, a managed
        VPC connection (C(vpc-connection/OWNER/CLUSTER/ID)) are sources too; each is its own source for the
        mapping's identity.
      - The kind of source, and so which options apply, comes from the ARN's service
        (C(sqs), C(kinesis), C(dynamodb), C(kafka), C(mq), C(rds)).
      - Mutually exclusive with O(self_managed_event_source). Can only be set at creation.
    type: str
  batch_size:
    description:
      - The largest number of records sent to the function in one batch, 1 to 10000 (at most 10 for FIFO queues).
      - For SQS, a value above 10 needs O(maximum_batching_window_in_seconds) of at least 1.
      - AWS defaults to 10 for SQS and 100 for the other sources.
    type: int
  bisect_batch_on_function_error:
    description:
      - Whether to split a failed batch in two and retry. Kinesis, DynamoDB, MSK and self-managed Kafka.
      - V(true) on MSK and self-managed Kafka needs O(provisioned_poller_config).
      - AWS defaults to V(false) for Kinesis and DynamoDB. A Kafka mapping whose answer leaves it out counts as
        holding V(false).
    type: bool
  destination_config:
    description:
      - Where records that failed go. Kinesis, DynamoDB, MSK and self-managed Kafka.
      - An empty dictionary removes the destination.
    type: dict
    suboptions:
      on_failure:
        description: The destination for failed records.
        type: dict
        suboptions:
          destination_arn:
            description:
              - ARN of an SQS queue, SNS topic or S3 bucket; for MSK and self-managed Kafka also C(kafka://TOPIC).
              - A C(kafka://) destination needs O(provisioned_poller_config) and must not be the source topic.
              - An empty string removes the destination.
            type: str
            aliases: [destination]
  document_db_event_source_config:
    description:
      - DocumentDB change stream settings.
      - Required, with C(database_name), to create a mapping for a DocumentDB source.
    type: dict
    suboptions:
      database_name:
        description:
          - The database to read from. Required to create a mapping for a DocumentDB source.
          - Can only be set at creation.
        type: str
      collection_name:
        description:
          - The collection to read from; all collections when not set.
          - Can only be set at creation.
        type: str
      full_document:
        description: What DocumentDB sends for updates. AWS defaults to V(Default).
        type: str
        choices: [UpdateLookup, Default]
  enabled:
    description:
      - Whether the mapping polls its source. Compared with the mapping's state (C(Enabled) or C(Enabling) is enabled).
      - AWS creates mappings enabled when this is not set.
    type: bool
  filter_criteria:
    description:
      - Event filtering. Not for DocumentDB.
      - An empty dictionary, or an empty O(filter_criteria.filter) list, removes every filter.
    type: dict
    suboptions:
      filter:
        description:
          - The filters; an event that matches any of them is processed. Compared as a set.
        type: list
        elements: dict
        aliases: [filters]
        suboptions:
          pattern:
            description:
              - The filter pattern, as a JSON string or as a mapping, at most 4096 characters.
              - Patterns are compared as parsed JSON, so key order and spacing do not matter.
            type: raw
  function_response_types:
    description:
      - V(ReportBatchItemFailures) to let the function report the failed items of a batch. An empty list removes it.
      - SQS, Kinesis, DynamoDB, MSK and self-managed Kafka; on MSK and self-managed Kafka it needs
        O(provisioned_poller_config).
    type: list
    elements: str
    choices: [ReportBatchItemFailures]
  kms_key_arn:
    description:
      - ARN of the KMS key that encrypts the filter criteria. An empty string removes it. Not for DocumentDB.
    type: str
  maximum_batching_window_in_seconds:
    description:
      - How long to gather records before invoking the function, 0 to 300 seconds.
      - Not for FIFO queues, nor for self-managed Kafka in V(Queue) mode.
      - AWS defaults to 0 for SQS, Kinesis and DynamoDB.
      - MSK, self-managed Kafka, Amazon MQ and DocumentDB default to 500 ms, which AWS leaves out of its answers and
        whole seconds cannot state. Such a mapping counts as holding V(0) ("no longer than the default"), so V(0) is
        never a change there; to go below the default, create the mapping with V(0).
    type: int
  maximum_record_age_in_seconds:
    description:
      - Records older than this are discarded. -1 (forever) or 60 to 604800.
      - Kinesis, DynamoDB, MSK and self-managed Kafka. AWS defaults to -1 for Kinesis and DynamoDB.
      - Other than -1 on MSK and self-managed Kafka, it needs O(provisioned_poller_config).
      - A Kafka mapping whose answer leaves it out counts as holding -1.
    type: int
  maximum_retry_attempts:
    description:
      - How often a failed batch is retried, -1 to 10000; -1 retries until the record expires.
      - Kinesis, DynamoDB, MSK and self-managed Kafka. AWS defaults to -1 for Kinesis and DynamoDB.
      - Other than -1 on MSK and self-managed Kafka, it needs O(provisioned_poller_config).
      - A Kafka mapping whose answer leaves it out counts as holding -1.
      - With an on-failure destination, AWS applies -1 as at most 10 retries; a mapping that reports 10 then counts
        as holding -1.
    type: int
  metrics_config:
    description:
      - Which CloudWatch metrics the mapping publishes. An empty dictionary removes them.
      - AWS documents the metrics for SQS, Kinesis, DynamoDB, MSK and self-managed Kafka; for Amazon MQ and
        DocumentDB they are not verified. The module reads the mapping back after a write and fails if AWS does not
        hold them.
    type: dict
    suboptions:
      metrics:
        description:
          - The metrics. V(ErrorCount) and V(KafkaMetrics) are for MSK and self-managed Kafka only.
        type: list
        elements: str
        choices: [EventCount, ErrorCount, KafkaMetrics]
  parallelization_factor:
    description:
      - How many batches of one shard are processed at once, 1 to 10. Kinesis and DynamoDB.
      - AWS defaults to 1.
    type: int
  provisioned_poller_config:
    description:
      - Provisioned mode pollers. SQS, MSK and self-managed Kafka. An empty dictionary removes them.
      - For SQS, provisioned mode and O(scaling_config.maximum_concurrency) are mutually exclusive; to move a
        mapping from one to the other, clear the other in the same task (O(scaling_config={}) or
        O(provisioned_poller_config={})).
    type: dict
    suboptions:
      maximum_pollers:
        description:
          - The most pollers, not less than O(provisioned_poller_config.minimum_pollers).
          - 2 to 10000 for SQS, 1 to 2000 for MSK and self-managed Kafka.
        type: int
      minimum_pollers:
        description:
          - The fewest pollers. 2 to 200 for SQS, 1 to 200 for MSK and self-managed Kafka.
        type: int
      poller_group_name:
        description:
          - The poller group to share pollers in. MSK and self-managed Kafka only. An empty string leaves the group.
        type: str
  queues:
    description:
      - The Amazon MQ queue to read, as a list of exactly one name. Can only be set at creation.
      - Part of the mapping's identity.
    type: list
    elements: str
  scaling_config:
    description:
      - SQS scaling. An empty dictionary removes it.
      - Mutually exclusive with O(provisioned_poller_config).
    type: dict
    suboptions:
      maximum_concurrency:
        description: The most concurrent function instances the queue invokes, 2 to 1000 (the API's range).
        type: int
  self_managed_event_source:
    description:
      - The self-managed Kafka cluster. Mutually exclusive with O(event_source_arn). Can only be set at creation.
    type: dict
    suboptions:
      endpoints:
        description: The cluster's endpoints.
        type: dict
        required: true
        suboptions:
          KAFKA_BOOTSTRAP_SERVERS:
            description:
              - The bootstrap servers, as a comma-separated string or a list. Compared as a set.
            type: raw
  self_managed_kafka_event_source_config:
    description: Self-managed Kafka settings.
    type: dict
    suboptions:
      consumer_group_id: &consumer_group_id
        description:
          - The consumer group, 1 to 200 characters. Can only be set at creation.
          - When not set, AWS uses the mapping's UUID; that generated value is never reported as a change.
        type: str
      schema_registry_config: &schema_registry_config
        description: The schema registry that decodes records.
        type: dict
        suboptions:
          schema_registry_uri:
            description: The registry's URI (a Glue registry ARN or a Confluent registry URL).
            type: str
          event_record_format:
            description: How records are passed to the function.
            type: str
            choices: [JSON, SOURCE]
          access_config:
            description: How to authenticate with the registry. Compared as a set.
            type: list
            elements: dict
            suboptions:
              type:
                description: The kind of credential.
                type: str
                required: true
                choices: [BASIC_AUTH, CLIENT_CERTIFICATE_TLS_AUTH, SERVER_ROOT_CA_CERTIFICATE, OAUTHBEARER_AUTH]
              uri:
                description:
                  - The ARN of the secret.
                  - V(OAUTHBEARER_AUTH) (the secret with the OAuth 2.0 credentials for a Confluent registry) needs
                    botocore 1.43.110 or later.
                type: str
                required: true
          schema_validation_config:
            description: Which parts of the record to validate. Compared as a set.
            type: list
            elements: dict
            suboptions:
              attribute:
                description: The part of the record.
                type: str
                required: true
                choices: [KEY, VALUE]
      consumption_mode:
        description:
          - How Lambda consumes the topic. V(Stream) uses a consumer group and keeps the order of records within a
            partition; V(Queue) uses a Kafka share group (Apache Kafka 4.2 or later with share groups enabled), whose
            consumers process records of one partition concurrently, without order.
          - AWS uses V(Stream) when this is not set; a mapping whose answer leaves the mode out is compared as V(Stream).
          - Can only be set at creation. A replacement (O(allow_replacement)) or a restore re-creates a V(Queue)
            mapping in V(Queue) mode.
          - V(Queue) takes no O(starting_position), O(starting_position_timestamp) or
            O(maximum_batching_window_in_seconds), and a create in V(Queue) mode needs no O(starting_position).
          - Self-managed Kafka only. Needs botocore 1.43.123 or later.
        type: str
        choices: [Stream, Queue]
  amazon_managed_kafka_event_source_config:
    description: Amazon MSK settings.
    type: dict
    suboptions:
      consumer_group_id: *consumer_group_id
      schema_registry_config: *schema_registry_config
  source_access_configuration:
    description:
      - How the mapping reaches and authenticates with the source. MSK, self-managed Kafka, Amazon MQ and DocumentDB.
      - Compared as a set. An empty list removes every entry.
      - Required to create a mapping for a self-managed Kafka source.
      - To create a mapping for an Amazon MQ or DocumentDB source, it must hold a C(BASIC_AUTH) entry (the secret
        with the credentials).
      - "Self-managed Kafka only, each needing botocore 1.43.110 or later: V(OAUTHBEARER_AUTH) (the secret with the
        OAuth 2.0 credentials for SASL/OAUTHBEARER); V(OAUTHBEARER_SCOPE), V(OAUTHBEARER_AUDIENCE),
        V(OAUTHBEARER_LOGICAL_CLUSTER) and V(OAUTHBEARER_IDENTITY_POOL) (a value, not a secret: the scope, the
        audience, a Confluent Cloud logical cluster or identity pool), which need an V(OAUTHBEARER_AUTH) entry (the
        audience: or an V(IAM_OAUTHBEARER_AUTH) one); V(IAM_AUTH) (IAM authentication signed by the function's
        execution role, no URI); V(IAM_OAUTHBEARER_AUTH) (an AWS web identity token over SASL/OAUTHBEARER, no URI),
        which needs an V(OAUTHBEARER_AUDIENCE) entry and takes no other OAUTHBEARER entry."
      - A RabbitMQ C(VIRTUAL_HOST) entry can only be set at creation, and AWS does not take it in an update. When
        other entries change (a rotated C(BASIC_AUTH) secret), the update is sent without it, and the module then
        checks that the mapping still holds it, failing loudly if it does not.
    type: list
    elements: dict
    aliases: [source_access_configurations]
    suboptions:
      type:
        description: The kind of entry.
        type: str
        required: true
        choices:
          - BASIC_AUTH
          - VPC_SUBNET
          - VPC_SECURITY_GROUP
          - SASL_SCRAM_512_AUTH
          - SASL_SCRAM_256_AUTH
          - VIRTUAL_HOST
          - CLIENT_CERTIFICATE_TLS_AUTH
          - SERVER_ROOT_CA_CERTIFICATE
          - OAUTHBEARER_AUTH
          - OAUTHBEARER_SCOPE
          - OAUTHBEARER_AUDIENCE
          - OAUTHBEARER_LOGICAL_CLUSTER
          - OAUTHBEARER_IDENTITY_POOL
          - IAM_AUTH
          - IAM_OAUTHBEARER_AUTH
      uri:
        description:
          - The value, for example a secret ARN, C(subnet:subnet-0123) or C(security_group:sg-0123).
          - Required for every type but V(IAM_AUTH) and V(IAM_OAUTHBEARER_AUTH), which take none.
        type: str
  starting_position:
    description:
      - Where to start reading. Required to create a mapping for Kinesis, DynamoDB, MSK and self-managed Kafka;
        a task that changes an existing mapping does not need it. Not for SQS or Amazon MQ.
      - V(AT_TIMESTAMP) needs O(starting_position_timestamp) and is not supported by DynamoDB.
      - Can only be set at creation.
    type: str
    choices: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]
  starting_position_timestamp:
    description:
      - With O(starting_position=AT_TIMESTAMP), the time to start reading from, as an RFC 3339 date-time with an
        offset (C(2024-01-31T12:00:00Z), C(2024-01-31T14:00:00+02:00)). Compared as an instant. Must not be in the
        future. Can only be set at creation. Not for SQS or Amazon MQ.
      - Compared at the precision the installed botocore sends it, which the result reports too. botocore 1.43.11
        and older send whole seconds (a fraction is dropped); later releases send the microseconds. A held value
        equal to the one sent cut to milliseconds or whole seconds is the same instant.
    type: str
  tags:
    description:
      - Tags of the mapping. Set at creation, then changed with the tagging API.
      - When not set, tags are neither read nor changed.
      - Keys starting with C(aws:) are reserved.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Whether to remove tags that O(tags) does not list. Tags whose key starts with C(aws:) are never removed.
    type: bool
    default: true
  topics:
    description:
      - The Kafka topic, as a list of exactly one name. MSK and self-managed Kafka. Can only be set at creation.
      - Part of the mapping's identity.
    type: list
    elements: str
  tumbling_window_in_seconds:
    description:
      - The tumbling window of stream analytics, 0 to 900 seconds. Kinesis and DynamoDB.
      - AWS defaults to 0.
    type: int
  logging_config:
    description: Logging of the mapping's own activity. MSK and self-managed Kafka.
    type: dict
    suboptions:
      system_log_level:
        description: The least severe level logged.
        type: str
        choices: [DEBUG, INFO, WARN]
  allow_replacement:
    description:
      - Whether a change to an option that can only be set at creation may delete the mapping and create it again.
      - The old mapping is deleted first and waited for until it is gone, then the new one is created. The new
        mapping keeps the old one's settings and tags, except where the task says otherwise, but starts reading
        from its O(starting_position), so its place in the source is lost.
      - Before anything is deleted, the module checks that no other mapping already has the new function and
        source (and fails naming it), and that the function, with its alias or version, exists.
      - If AWS refuses the new mapping after the old one was deleted, the old mapping is created again from the
        configuration and tags just read, and the task fails with RV(replacement) saying what happened.
    type: bool
    default: false
  wait:
    description:
      - Whether to wait until the mapping settles (C(Enabled) or C(Disabled), or is gone) after a change.
      - A mapping that is busy (C(Creating), C(Updating)) is always waited for before it is changed.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait, at most, for the mapping to settle. At least 1.
    type: int
    default: 600
  role_propagation_timeout:
    description:
      - How many seconds, at most, to retry a create or update that AWS refuses because the function's execution
        role cannot yet reach the source, which happens for some minutes after the role was created or changed.
      - Only the messages AWS gives for that case are retried; every other error fails at once.
      - V(0) does not retry.
    type: int
    default: 120
extends_documentation_fragment:
  - esmkit.aws.connection
  - esmkit.aws.attributes.actiongroups
  - esmkit.aws.attributes.write_module
notes:
  - A mapping of RV(esmkit.aws.lambda_event_source_mapping_info#module:event_source_mappings) is not accepted as this
    module's arguments as it is. Its C(state) is AWS's (C(Enabled), ...), while O(state) is V(present) or V(absent),
    and accepting both would weaken the validation of O(state). Hand a looked-up mapping to
    M(esmkit.aws.lambda_event_source_mapping_set) instead, as a list of one item, which accepts the output-only keys.
  - A re-run that changes nothing costs one request listing the mappings of the function and source (one per page
    of 100), plus one C(ListTags) request when O(tags) is set.
  - In check mode no write request is made. Predicting a new mapping's C(function_arn) costs one C(GetFunction) request;
    when the function does not exist yet (an earlier task of the play creates it), check mode warns and predicts the create.
  - A mapping whose filters are encrypted with O(kms_key_arn) is read once more with C(GetEventSourceMapping),
    since C(ListEventSourceMappings) does not show such filters.
  - A replacement costs one more C(ListEventSourceMappings) (to find another mapping with the new identity) and one
    C(GetFunction) request before the delete.
  - Clearing O(destination_config), O(metrics_config) and O(provisioned_poller_config) uses encodings AWS does not
    document; after every change the module checks that AWS holds what was asked for and fails if it does not.
  - Some options need a newer botocore than the collection as a whole (see the requirements). A task that sets one
    on a host whose botocore is older fails before any request, naming the option and the version it needs.
requirements:
  - botocore >= 1.35.67 to use metrics_config
  - botocore >= 1.35.68 to use provisioned_poller_config
  - botocore >= 1.38.40 to use schema_registry_config (of either Kafka configuration)
  - botocore >= 1.41.2 to use provisioned_poller_config.poller_group_name
  - botocore >= 1.42.37 to use logging_config
  - botocore >= 1.43.110 to use the source access types OAUTHBEARER_AUTH, OAUTHBEARER_SCOPE, OAUTHBEARER_AUDIENCE,
    OAUTHBEARER_LOGICAL_CLUSTER, OAUTHBEARER_IDENTITY_POOL, IAM_AUTH and IAM_OAUTHBEARER_AUTH, and a schema
    registry's OAUTHBEARER_AUTH
  - botocore >= 1.43.123 to use self_managed_kafka_event_source_config.consumption_mode
seealso:
  - module: esmkit.aws.lambda_event_source_mapping_info
    description: Look mappings up, in the same shape as this module returns them.
  - ref: ansible_collections.esmkit.aws.docsite.taking_over
    description: Taking over existing mappings with the info and set modules.
  - name: Terraform aws_lambda_event_source_mapping
    description: The resource whose options this module mirrors.
    link: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_event_source_mapping
  - name: CreateEventSourceMapping API
    description: The AWS API reference.
    link: https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
"""

EXAMPLES = r"""
- name: Read an SQS queue, 10 messages at a time, at most 100 functions at once
  esmkit.aws.lambda_event_source_mapping:
    function_name: order-processor
    event_source_arn: arn:aws:sqs:us-east-1:123456789012:orders
    batch_size: 10
    scaling_config:
      maximum_concurrency: 100

- name: Only pass on readings between 0 and 100 from New York
  esmkit.aws.lambda_event_source_mapping:
    function_name: order-processor
    event_source_arn: arn:aws:sqs:us-east-1:123456789012:readings
    filter_criteria:
      filter:
        - pattern:
            body:
              Temperature: [{numeric: [">", 0, "<=", 100]}]
              Location: [New York]

- name: Read a Kinesis stream with a dead-letter queue
  esmkit.aws.lambda_event_source_mapping:
    function_name: arn:aws:lambda:us-east-1:123456789012:function:stream-reader
    event_source_arn: arn:aws:kinesis:us-east-1:123456789012:stream/clicks
    starting_position: LATEST
    batch_size: 100
    maximum_batching_window_in_seconds: 5
    parallelization_factor: 2
    destination_config:
      on_failure:
        destination_arn: arn:aws:sqs:us-east-1:123456789012:clicks-dlq

- name: Read a DynamoDB stream through the live alias, tagged
  esmkit.aws.lambda_event_source_mapping:
    function_name: stream-reader:live
    event_source_arn: arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000
    starting_position: LATEST
    tags:
      Name: dynamodb-stream-mapping
      Cost Center: Orders

- name: Read a self-managed Kafka topic
  esmkit.aws.lambda_event_source_mapping:
    function_name: kafka-reader
    topics: [orders]
    starting_position: TRIM_HORIZON
    self_managed_event_source:
      endpoints:
        KAFKA_BOOTSTRAP_SERVERS: kafka1.example.com:9092,kafka2.example.com:9092
    self_managed_kafka_event_source_config:
      consumer_group_id: lambda-consumer-group
    source_access_configuration:
      - type: VPC_SUBNET
        uri: subnet:subnet-0123456789abcdef0
      - type: VPC_SECURITY_GROUP
        uri: security_group:sg-0123456789abcdef0
    provisioned_poller_config:
      maximum_pollers: 100
      minimum_pollers: 10

- name: Remove the filters and the scaling limit of an existing mapping
  esmkit.aws.lambda_event_source_mapping:
    uuid: 14e0db71-5d35-4eb5-b481-8945cf9d10c2
    filter_criteria: {}
    scaling_config: {}

- name: Move a stream mapping to TRIM_HORIZON, which means creating it again
  esmkit.aws.lambda_event_source_mapping:
    function_name: stream-reader
    event_source_arn: arn:aws:kinesis:us-east-1:123456789012:stream/clicks
    starting_position: TRIM_HORIZON
    allow_replacement: true

- name: Delete a mapping
  esmkit.aws.lambda_event_source_mapping:
    function_name: order-processor
    event_source_arn: arn:aws:sqs:us-east-1:123456789012:orders
    state: absent
"""

RETURN = r"""
event_source_mapping:
  description:
    - The mapping after the task; in check mode, the mapping the task would leave.
    - Keys are the option names, for every option AWS reports, plus the output-only keys below. Empty values
      (no filters, no destination, no response types) are left out, so "none" has one form.
    - An empty dictionary when the mapping does not exist, or after it was deleted.
    - On a failure after a change was made, the mapping as it was when the failure came.
    - M(esmkit.aws.lambda_event_source_mapping_info) returns its items in exactly this shape.
  returned: always
  type: dict
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
        when the run read the mapping's tags: the task sets O(tags), the task replaced the mapping, or a replacement
        failed
      type: dict
      sample: {"Name": "orders", "Cost Center": "Orders"}
diff:
  description: The mapping before and after the task, in the shape of RV(event_source_mapping).
  returned: in diff mode
  type: dict
  contains:
    before:
      description: The mapping before the task; C({}) before a create.
      type: dict
      returned: in diff mode
    after:
      description: The mapping after the task; C({}) after a delete.
      type: dict
      returned: in diff mode
option:
  description:
    - The option a refused task is about, as a path such as C(batch_size) or C(source_access_configuration[0].type).
  returned: when the task was refused before any request to AWS
  type: str
  sample: maximum_batching_window_in_seconds
replacement:
  description:
    - What became of the old mapping when a replacement (O(allow_replacement=true)) failed after the old mapping
      was deleted. RV(error) holds the error of the create that failed.
  returned: when a replacement failed after deleting the old mapping
  type: dict
  contains:
    old_uuid:
      description: The UUID of the old mapping, which was deleted.
      returned: when a replacement failed after deleting the old mapping
      type: str
      sample: 14e0db71-5d35-4eb5-b481-8945cf9d10c2
    restored:
      description: Whether the old mapping was created again from its configuration and tags.
      returned: when a replacement failed after deleting the old mapping
      type: bool
      sample: true
    new_uuid:
      description: The UUID of the old mapping created again (a created mapping gets a new UUID); null when it could not be.
      returned: when a replacement failed after deleting the old mapping
      type: str
      sample: 5f1d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f
    old_configuration:
      description:
        - The old mapping as options of this module (O(function_name), every option it held, and O(tags)), as
          read before the replacement.
        - Everything needed to create it again by hand when RV(replacement.restored) is false.
      returned: when a replacement failed after deleting the old mapping
      type: dict
error:
  description: The AWS error behind a failure.
  returned: on failure, when AWS returned an error
  type: dict
  contains:
    code:
      description: The AWS error code, or C(Timeout) when the mapping did not settle within O(wait_timeout).
      type: str
      returned: on failure, when AWS returned an error
      sample: ResourceConflictException
    message:
      description: The AWS error message.
      type: str
      returned: on failure, when AWS returned an error
      sample: "The resource you requested does not exist."
"""

from ansible_collections.esmkit.aws.plugins.module_utils._esm import sdk
from ansible_collections.esmkit.aws.plugins.module_utils._esm.connection import connection_argument_spec
from ansible_collections.esmkit.aws.plugins.module_utils._esm.module import lambda_api, run_module
from ansible_collections.esmkit.aws.plugins.module_utils._esm.options import CONTROL_OPTIONS, mapping_argument_spec
from ansible_collections.esmkit.aws.plugins.module_utils._esm.runner import run


def argument_spec():
    spec = mapping_argument_spec()
    spec.update(CONTROL_OPTIONS)
    spec.update(connection_argument_spec())
    return spec


def produce(module, botocore_version):
    """Make the mapping what the task says (run_module does the rest)."""
    params = module.params
    sdk.check(params, botocore_version)
    sdk.at_sent_precision(params)
    timeout = params["role_propagation_timeout"]
    return run(
        params,
        lambda desired: lambda_api(params, wait_timeout=desired.wait_timeout, role_propagation_timeout=timeout),
        check_mode=module.check_mode,
    )


def main():
    run_module(argument_spec(), produce, mutually_exclusive=[["event_source_arn", "self_managed_event_source"]])


if __name__ == "__main__":
    main()
