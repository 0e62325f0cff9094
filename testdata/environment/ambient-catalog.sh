#!/usr/bin/env bash
# Fixture: CLIs of the documentation catalog whose target comes from ambient state (a linked
# project, an active context or profile, an address in the environment) unless pinned. Never run this file.
set -euo pipefail

# ruleid: env-ambient-target, wrangler-d1-delete
wrangler d1 delete app-db --skip-confirmation
# ok: env-ambient-target
# ruleid: wrangler-d1-delete
wrangler d1 delete app-db --skip-confirmation --config wrangler.staging.toml --env staging

# ruleid: env-ambient-target, argocd-app-delete
argocd app delete payments --yes
# ok: env-ambient-target
# ruleid: argocd-app-delete
argocd --argocd-context staging app delete payments --yes

# ruleid: env-ambient-target, vault-secrets-disable
vault secrets disable pki_int/
# ok: env-ambient-target
# ruleid: vault-secrets-disable
VAULT_ADDR=https://vault.staging.internal:8200 vault secrets disable pki_int/

# ruleid: env-ambient-target, hcloud-delete
hcloud server delete web-1
# ok: env-ambient-target
# ruleid: hcloud-delete
hcloud --context staging server delete web-1

# ruleid: env-ambient-target, restic-forget-prune
restic forget --keep-last 3 --prune
# ok: env-ambient-target
# ruleid: restic-forget-prune
restic --repo /srv/restic-staging forget --keep-last 3 --prune

# ruleid: env-ambient-target, doppler-delete
doppler secrets delete LEGACY_TOKEN --yes
# ok: env-ambient-target
# ruleid: doppler-delete
doppler secrets delete LEGACY_TOKEN --project backend --config stg --yes

nats context select staging
# ok: env-ambient-target
# ruleid: nats-stream-rm-or-purge
nats stream purge ORDERS --force

firebase use staging
# ok: env-ambient-target
# ruleid: firebase-database-remove
firebase database:remove /sessions --force

# ruleid: env-ambient-target, dbmate-drop
dbmate drop
# ok: env-ambient-target
# ruleid: dbmate-drop
dbmate --url "postgres://localhost/app_test?sslmode=disable" drop
