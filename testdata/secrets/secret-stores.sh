#!/usr/bin/env bash
# Fixture: secret stores and password managers that destroy secrets. Never run this file.
set -euo pipefail

# ruleid: vault-kv-destroy
VAULT_ADDR=https://vault.internal:8200 vault kv destroy -mount=secret -versions=1,2,3 app/db
# ruleid: vault-kv-destroy
vault kv metadata delete -mount secret app/db
# ok: vault-kv-destroy
vault kv metadata get -mount=secret app/db
# ruleid: vault-kv-delete
vault kv delete -mount=secret app/db
# ruleid: vault-secrets-disable
vault secrets disable -address=https://vault.internal:8200 pki_int/
# ruleid: vault-secrets-disable
vault auth disable userpass
# ok: vault-secrets-disable
vault secrets list -detailed
# ruleid: vault-lease-revoke-prefix
vault lease revoke -force -prefix database/creds/
# ok: vault-lease-revoke-prefix
vault lease revoke database/creds/app/8b3c

# ruleid: op-item-delete
op item delete "Stripe live key" --vault Payments
# ok: op-item-delete
op item delete "Stripe live key" --vault Payments --archive
# ruleid: op-vault-delete
op vault delete Payments
# ruleid: bw-delete
bw delete item 99ee88d2-6046-4ea7-92c2-acac464b1412 --permanent
# ok: bw-delete
bw list items --search github
# ruleid: pass-rm-recursive
pass rm --recursive --force work
# ok: pass-rm-recursive
pass show work/aws/root

# ruleid: doppler-delete
doppler environments delete stg --project backend --yes
# ok: doppler-delete
doppler secrets --project backend --config prd
# ruleid: infisical-secrets-delete
infisical secrets delete DATABASE_URL --env=production
# ruleid: gh-secret-delete
gh secret delete AWS_SECRET_ACCESS_KEY --org acme
# ok: gh-secret-delete
gh secret list --env production
