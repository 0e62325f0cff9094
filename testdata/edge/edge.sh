#!/usr/bin/env bash
# Fixture: edge and serverless platforms deleting databases, KV namespaces, buckets and functions. Never run this file.
set -euo pipefail

# ruleid: wrangler-d1-delete
wrangler d1 delete prod-db --skip-confirmation
# ok: wrangler-d1-delete
wrangler d1 export prod-db --remote --output backup.sql
# ruleid: sql-drop-table
wrangler d1 execute prod-db --remote --command "DROP TABLE sessions"
# ruleid: wrangler-kv-delete
wrangler kv namespace delete --binding SESSIONS --env production
# ok: wrangler-kv-delete
wrangler kv key list --binding SESSIONS --env production
# ruleid: wrangler-r2-delete
wrangler r2 bucket delete user-uploads
# ruleid: wrangler-delete-worker
wrangler delete --name api --env production
# ok: wrangler-delete-worker
wrangler deploy --env production

# ruleid: firebase-firestore-delete
firebase firestore:delete --all-collections --project acme-prod --force
# ok: firebase-firestore-delete
firebase firestore:delete /users/alice
# ruleid: firebase-database-remove
firebase database:remove / --project acme-prod
# ruleid: firebase-functions-delete-or-hosting-disable
firebase functions:delete processOrder --force
# ok: firebase-functions-delete-or-hosting-disable
firebase functions:list

# ruleid: turso-destroy
turso db destroy analytics --yes
# ok: turso-destroy
turso db shell analytics .dump
# ruleid: supabase-storage-functions-branches-delete
supabase storage rm -r ss:///avatars --experimental
# ok: supabase-storage-functions-branches-delete
supabase functions list
