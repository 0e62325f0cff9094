#!/usr/bin/env bash
# Fixture: Google Cloud deletes and their safe variants. Never run this file.
set -euo pipefail
PROJECT=acme-staging-4711

# ok: gcloud-projects-delete, gcloud-delete
gcloud config set project "$PROJECT"
# ok: gcloud-projects-delete, gcloud-delete
gcloud config get-value project
# ok: gcloud-projects-delete
gcloud projects describe "$PROJECT" --format='value(lifecycleState)'
# ruleid: gcloud-projects-delete
gcloud projects delete "$PROJECT" --quiet
# ok: gcloud-projects-delete
gcloud projects undelete "$PROJECT"

# ok: gcloud-sql-instances-delete
gcloud sql export sql orders-db gs://acme-exports/orders.sql.gz --database=orders
# ruleid: gcloud-sql-instances-delete
gcloud --project acme-prod sql instances delete orders-db
# ruleid: gcloud-sql-instances-delete
gcloud beta sql instances delete orders-replica -q
# ruleid: gcloud-sql-instances-delete-final-backup
gcloud sql instances delete orders-db --enable-final-backup --final-backup-retention-days 60
# ok: gcloud-sql-instances-delete, gcloud-delete
gcloud sql instances patch orders-db --deletion-protection

# ruleid: gcloud-compute-instances-delete
gcloud compute instances delete web-1 web-2 --zone us-central1-a --delete-disks=all --quiet
# ruleid: gcloud-compute-instances-delete
gcloud compute --project=acme-prod instances delete bastion --zone=europe-west1-b
# ok: gcloud-compute-instances-delete
gcloud compute instances stop web-1 --zone us-central1-a
# ruleid: gcloud-compute-disks-delete
gcloud compute disks delete pg-data --zone us-central1-a
# ok: gcloud-compute-disks-delete
gcloud compute disks snapshot pg-data --zone us-central1-a --snapshot-names pg-data-pre-delete
# ruleid: gcloud-compute-snapshots-delete
gcloud compute snapshots delete pg-data-2023-12-31 --quiet
# ruleid: gcloud-container-clusters-delete
gcloud container clusters delete shop-gke --region us-central1 --quiet
# ok: gcloud-container-clusters-delete
gcloud container clusters get-credentials shop-gke --region us-central1

# ruleid: gcloud-delete
gcloud run services delete checkout --region us-central1 --quiet
# ruleid: gcloud-data-store-delete
gcloud alpha firestore databases delete --database=orders
# ruleid: gcloud-delete
CLOUDSDK_CORE_DISABLE_PROMPTS=1 gcloud pubsub subscriptions delete orders-sub
# ok: gcloud-delete
gcloud run services describe checkout --region us-central1
# ok: gcloud-delete
gcloud functions list --regions us-central1

# ruleid: gcloud-storage-rm-recursive
gcloud storage rm -r "gs://acme-uploads-$PROJECT"
# ruleid: gcloud-storage-rm-recursive
gcloud storage rm --all-versions 'gs://acme-uploads/cache/**'
# ok: gcloud-storage-rm-recursive
gcloud storage rm gs://acme-uploads/cache/index.json
# ok: gcloud-storage-rm-recursive
gcloud storage ls --recursive gs://acme-uploads
# ruleid: gcloud-storage-buckets-delete
gcloud storage buckets delete gs://acme-empty-bucket
# ruleid: gcloud-storage-rsync-delete
gcloud storage rsync ./site gs://acme-www --recursive --delete-unmatched-destination-objects
# ok: gcloud-storage-rsync-delete
gcloud storage rsync ./site gs://acme-www --recursive --delete-unmatched-destination-objects --dry-run

# ruleid: gsutil-rm-recursive
gsutil -m rm -r gs://acme-old-logs
# ruleid: gsutil-rm-recursive
gsutil -o "GSUtil:parallel_process_count=4" rm -a 'gs://acme-old-logs/**'
# ruleid: gsutil-rm-recursive
gsutil rm 'gs://acme-old-logs/tmp/*'
# ok: gsutil-rm-recursive
gsutil rm gs://acme-old-logs/2020-01-01.log
# ok: gsutil-rm-recursive
gsutil -m cp -r ./build gs://acme-www
# ruleid: gsutil-rb
gsutil rb gs://acme-old-logs
# ok: gsutil-rb
gsutil mb -l us-central1 gs://acme-new-logs
# ruleid: gsutil-rsync-delete
gsutil -m rsync -d -r ./site gs://acme-www
# ruleid: gsutil-rsync-delete
gsutil -u acme-billing rsync -rd gs://acme-backups/latest /srv/restore
# ok: gsutil-rsync-delete
gsutil -m rsync -n -d -r ./site gs://acme-www
# ok: gsutil-rsync-delete
gsutil -m rsync -r ./site gs://acme-www
