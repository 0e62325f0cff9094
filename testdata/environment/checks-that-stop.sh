#!/bin/bash
# Fixture: checks that do stop the destructive step. Never run this file.
./scripts/assert-staging.sh || exit 1
# ok: env-masked-check
# ruleid: aws-rds-delete-db-instance, env-ambient-target
aws rds delete-db-instance --db-instance-identifier app-db --skip-final-snapshot
kubectl config use-context preview || exit 1
# ok: env-masked-check, env-ambient-target
# ruleid: kubectl-delete-namespace
kubectl delete namespace preview-123
