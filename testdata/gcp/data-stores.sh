#!/usr/bin/env bash
# Fixture: Google Cloud data stores deleted, and a key version destroyed. Never run this file.
set -euo pipefail

# ruleid: gcloud-data-store-delete
gcloud spanner instances delete prod-spanner --project acme-prod --quiet
# ruleid: gcloud-data-store-delete
gcloud bigtable instances delete metrics --project acme-prod
# ruleid: gcloud-data-store-delete
gcloud firestore databases delete --database=orders --project acme-prod
# ruleid: gcloud-data-store-delete
gcloud kms keys versions destroy 4 --key disk-key --keyring prod --location europe-west1 --project acme-prod
# ruleid: gcloud-data-store-delete
gcloud redis instances delete sessions --region europe-west1 --project acme-prod

# Not reported
# ok: gcloud-data-store-delete
gcloud spanner databases list --instance prod-spanner --project acme-prod
# ok: gcloud-data-store-delete
gcloud kms keys versions disable 4 --key disk-key --keyring prod --location europe-west1 --project acme-prod
# ok: gcloud-data-store-delete
gcloud firestore export gs://acme-backups/firestore --project acme-prod
