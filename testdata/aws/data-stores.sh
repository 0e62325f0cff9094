#!/usr/bin/env bash
# Fixture: AWS data stores, logs, queues and accounts deleted from the CLI. Never run this file.
set -euo pipefail

# ruleid: aws-data-store-delete
aws --profile prod elasticache delete-replication-group --replication-group-id sessions --no-retain-primary-cluster
# ruleid: aws-data-store-delete
aws redshift delete-cluster --cluster-identifier warehouse --skip-final-cluster-snapshot
# ruleid: aws-data-store-delete
aws opensearch delete-domain --domain-name app-logs
# ruleid: aws-data-store-delete
aws kinesis delete-stream --stream-name clickstream --enforce-consumer-deletion
# ruleid: aws-data-store-delete
aws memorydb delete-cluster --cluster-name sessions
# ruleid: aws-data-store-delete
aws keyspaces delete-keyspace --keyspace-name telemetry
# ruleid: aws-logs-or-queue-delete
aws logs delete-log-group --log-group-name /aws/cloudtrail/org-trail
# ruleid: aws-logs-or-queue-delete
aws sqs purge-queue --queue-url "$ORDERS_QUEUE_URL"
# ruleid: aws-organizations-close-account
aws organizations close-account --account-id 210987654321

# Not reported
# ok: aws-data-store-delete
aws elasticache delete-replication-group --replication-group-id sessions --final-snapshot-identifier sessions-final
# ok: aws-data-store-delete
aws redshift describe-clusters --cluster-identifier warehouse
# ok: aws-data-store-delete
aws kinesis list-streams
# ok: aws-logs-or-queue-delete
aws logs tail /aws/lambda/api --follow
# ok: aws-logs-or-queue-delete
aws sqs receive-message --queue-url "$ORDERS_QUEUE_URL"
# ok: aws-organizations-close-account
aws organizations list-accounts --output table
