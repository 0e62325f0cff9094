#!/usr/bin/env bash
# Fixture: destructive commands whose target comes from ambient state. Never run this file.
set -euo pipefail
# ruleid: kubectl-delete-namespace, env-ambient-target
kubectl delete namespace payments
# ruleid: kubectl-delete-pvc, env-ambient-target
kubectl --namespace data delete pvc --all
# ruleid: helm-uninstall, env-ambient-target
helm uninstall postgres -n data
# ruleid: aws-s3-rm-recursive, env-ambient-target
aws --region eu-west-1 s3 rm s3://acme-archive --recursive
# ruleid: terraform-destroy, env-ambient-target
terraform destroy -auto-approve
psql "$DATABASE_URL" <<'SQL'
-- ruleid: sql-drop-table, env-ambient-target
DROP TABLE accounts;
SQL
# ruleid: sql-truncate, env-ambient-target
psql -c 'TRUNCATE audit_log;'
# ruleid: rm-recursive-absolute, env-ambient-target
kubectl exec deploy/api -- sh -c 'rm -rf /data/uploads'

# Pinned on the command itself
# ok: env-ambient-target
# ruleid: kubectl-delete-namespace
kubectl --context kind-dev delete namespace review-apps
# ok: env-ambient-target
# ruleid: aws-s3-rm-recursive
aws --profile sandbox s3 rm s3://sandbox-scratch/tmp/ --recursive
# ok: env-ambient-target
# ruleid: aws-s3-rm-recursive
AWS_PROFILE=sandbox aws s3 rm s3://sandbox-scratch/old/ --recursive
# ok: env-ambient-target
# ruleid: sql-drop-table
psql -h db.internal -d app -c 'DROP TABLE old_sessions;'
# ok: env-ambient-target
# ruleid: sql-drop-table
psql postgres://db.internal/app -c 'DROP TABLE old_events;'
# ok: env-ambient-target
# ruleid: sql-drop-database
docker exec -i pg psql -U postgres -c 'DROP DATABASE scratch;'
