#!/bin/bash
# Fixture: checks that cannot stop the destructive step. Never run this file.
./scripts/assert-staging.sh || true
# ruleid: aws-rds-delete-db-instance, env-ambient-target, env-masked-check
aws rds delete-db-instance --db-instance-identifier app-db --skip-final-snapshot
kubectl config use-context preview
# ruleid: kubectl-delete-namespace, env-ambient-target, env-masked-check
kubectl delete namespace preview-123
