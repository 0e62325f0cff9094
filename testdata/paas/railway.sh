#!/usr/bin/env bash
# Fixture: Railway CLI deletes. Never run this file.
set -euo pipefail

# reads and links stay silent
# ok: railway-cli-volume-delete
railway status
# ok: railway-cli-service-delete
railway logs --service api
# ok: railway-cli-environment-delete
railway environment link production
# ok: railway-cli-environment-delete
railway environment staging
# ok: railway-cli-volume-delete
railway volume list --json
# ok: railway-cli-volume-delete
railway volume detach --volume data --yes
# ok: railway-cli-project-delete
railway list

# ruleid: railway-cli-volume-delete
railway volume delete --volume pg-data --yes
# ruleid: railway-cli-volume-delete
railway volume -e staging rm -v 3f2b8c1e-9a4d-4c6e-8f1a-2b7d9e0c4a51 -y
# ruleid: railway-cli-volume-delete
RAILWAY_TOKEN="$STAGING_TOKEN" railway volume remove --volume data --yes
# ruleid: railway-cli-volume-delete
railway volume --project acme --environment staging delete --volume pg-data --yes --json

# ruleid: railway-cli-environment-delete
railway environment delete pr-42 --yes
# ruleid: railway-cli-environment-delete
railway env rm production -y

# ruleid: railway-cli-service-delete
railway service delete --service api --environment production --yes --json
# ruleid: railway-cli-service-delete
railway functions delete --function cron-cleanup --yes
# ok: railway-cli-service-delete
railway service list --json

# ruleid: railway-cli-project-delete
railway delete --project acme-prod --yes
# ruleid: railway-cli-project-delete
railway project rm -p acme-staging
# ok: railway-cli-project-delete
railway project list --json

# ruleid: railway-cli-down
railway down --service api --environment production --yes
# ok: railway-cli-down
railway redeploy --service api --yes

# ruleid: railway-cli-variable-delete
railway variable delete FEATURE_FLAG_X
# ruleid: railway-cli-variable-delete
railway vars rm DATABASE_URL -s api -e production
# ok: railway-cli-variable-delete
railway variable set FEATURE_FLAG_X=1 --skip-deploys
# ok: railway-cli-variable-delete
railway variables --set KEY=value

# ruleid: railway-cli-bucket-delete
railway bucket delete --bucket uploads --yes
# ok: railway-cli-bucket-delete
railway bucket credentials --bucket uploads

# ruleid: railway-cli-domain-delete
railway domain delete api.example.com --yes
# ruleid: railway-cli-domain-delete
railway tcp-proxy delete 9f1e --yes
# ok: railway-cli-domain-delete
railway domain api.example.com --port 8080

# ruleid: railway-cli-backup-delete
railway postgres pitr backup delete bkp_01 bkp_02 --service postgres --yes
# ok: railway-cli-backup-delete
railway postgres pitr backup lock bkp_01
# ruleid: railway-cli-backups-disable
railway postgres pitr disable --service postgres --yes
# ruleid: railway-cli-backups-disable
railway postgres pitr schedule set --none
# ok: railway-cli-backups-disable
railway postgres pitr schedule set --daily --weekly
# ruleid: railway-cli-backup-restore
railway postgres pitr backup restore bkp_01 --yes
# ok: railway-cli-backup-restore
railway postgres pitr restore --service postgres --at 2h

# ruleid: railway-cli-volume-files-delete
railway volume files delete pgdata --volume postgres-volume --yes
# ok: railway-cli-volume-files-delete
railway volume download pgdata/postgresql.conf ./postgresql.conf --volume postgres-volume

# raw GraphQL is the lead's GraphQL rules' job, not a text match here
# ok: railway-cli-volume-delete
railway api 'query { me { name } }'
