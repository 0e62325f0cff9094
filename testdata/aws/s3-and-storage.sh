#!/usr/bin/env bash
# Fixture: AWS S3 deletes and their safe variants. Never run this file.
set -euo pipefail
BUCKET=acme-media

# ok: aws-s3-rm-recursive
aws s3 ls "s3://$BUCKET/" --recursive --summarize
# ok: aws-s3-rm-recursive
aws s3 cp ./dist "s3://$BUCKET/static/" --recursive
# ok: aws-s3-rm-recursive
aws s3 rm "s3://$BUCKET/cache/" --recursive --dryrun
# ok: aws-s3-rm-recursive
aws s3 rm s3://acme-media/tmp/one-file.json
# ok: aws-s3-rm-recursive
aws s3 mv s3://acme-media/incoming/ s3://acme-media/archive/ --recursive

# ruleid: aws-s3-rm-recursive
aws s3 rm s3://acme-media/uploads/2023/ --recursive
# ruleid: aws-s3-rm-recursive
aws --profile media --region eu-central-1 s3 rm --recursive s3://acme-media
# ruleid: aws-s3-rm-recursive
aws s3 rm "s3://${BUCKET}/${PREFIX}" --recursive --exclude "*" --include "*.tmp"
# ruleid: aws-s3-rm-recursive
AWS_PROFILE=prod aws s3 rm s3://acme-prod-exports --recursive --quiet
# ruleid: aws-s3-rm-recursive
sudo -E aws --output json s3 rm --recursive s3://acme-media/thumbs/

# ruleid: aws-s3-rb-force
aws s3 rb s3://acme-old-media --force
# ruleid: aws-s3-rb-force
aws --endpoint-url https://s3.eu-central-1.amazonaws.com s3 rb --force "s3://$BUCKET"

# ruleid: aws-s3-delete-bucket
aws s3 rb s3://acme-empty-staging
# ruleid: aws-s3-delete-bucket
aws s3api delete-bucket --bucket acme-empty-staging --region us-west-2
# ok: aws-s3-delete-bucket
aws s3api delete-bucket-policy --bucket acme-empty-staging
# ok: aws-s3-delete-bucket
aws s3 mb s3://acme-new-bucket

# ruleid: aws-s3-sync-delete
aws s3 sync ./public "s3://$BUCKET/site" --delete --cache-control max-age=60
# ruleid: aws-s3-sync-delete
aws s3 sync s3://acme-media/config/ /etc/acme/ --delete
# ok: aws-s3-sync-delete
aws s3 sync ./public "s3://$BUCKET/site" --delete --dryrun
# ok: aws-s3-sync-delete
aws s3 sync ./public "s3://$BUCKET/site" --exact-timestamps

# ruleid: aws-s3api-delete-objects
aws s3api delete-objects --bucket acme-media --delete file://versions.json
# ruleid: aws-s3api-delete-objects
aws s3api delete-objects --bucket acme-locked --delete file://versions.json --bypass-governance-retention
# ok: aws-s3api-delete-objects
aws s3api list-object-versions --bucket acme-media --prefix uploads/

# ruleid: aws-s3-lifecycle-expiration
aws s3api put-bucket-lifecycle-configuration --bucket acme-media --lifecycle-configuration '{"Rules":[{"ID":"purge","Status":"Enabled","Filter":{"Prefix":""},"NoncurrentVersionExpiration":{"NoncurrentDays":1}}]}'
# ok: aws-s3-lifecycle-expiration
aws s3api get-bucket-lifecycle-configuration --bucket acme-media

# ruleid: aws-efs-delete-file-system
aws efs delete-file-system --file-system-id fs-0a1b2c3d4e5f60718
# ok: aws-efs-delete-file-system
aws efs describe-file-systems --file-system-id fs-0a1b2c3d4e5f60718

# ruleid: aws-backup-delete-recovery-point
aws backup delete-recovery-point --backup-vault-name prod-vault --recovery-point-arn "$RP_ARN"
# ruleid: aws-backup-delete-vault
aws backup delete-backup-vault-lock-configuration --backup-vault-name prod-vault
# ok: aws-backup-delete-recovery-point, aws-backup-delete-vault
aws backup list-recovery-points-by-backup-vault --backup-vault-name prod-vault
