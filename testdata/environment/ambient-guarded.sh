#!/bin/bash
# Fixture: targets checked by a guard before the destructive step. Never run this file.
set -euo pipefail
ctx="$(kubectl config current-context)"
if [[ "$ctx" != "kind-dev" ]]; then
  echo "wrong cluster: $ctx" >&2
  exit 1
fi
# ok: env-ambient-target
# ruleid: kubectl-delete-namespace
kubectl delete namespace review-apps
: "${APP_ENV:?APP_ENV must be set}"
[[ "$APP_ENV" == "development" || "$APP_ENV" == "test" ]] || { echo "refusing on $APP_ENV" >&2; exit 1; }
# ok: env-ambient-target
# ruleid: sql-drop-schema
psql "$DATABASE_URL" -c 'DROP SCHEMA public CASCADE;'
