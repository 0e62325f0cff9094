#!/usr/bin/env bash
# Staging maintenance: clear the staging cache tables.
# Fixture: a plan about one environment touching another. Never run this file.
set -euo pipefail
export APP_ENV=staging
# ruleid: sql-truncate, env-ambient-target, env-mismatch
psql "$PROD_DATABASE_URL" -c 'TRUNCATE cache_entries;'
# ok: env-mismatch
# ruleid: kubectl-delete-namespace
kubectl --context staging-eu delete namespace cache-warmers
