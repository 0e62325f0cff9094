#!/usr/bin/env bash
# Fixture: object-storage clients and sync tools that delete buckets, prefixes or destination files. Never run this file.
set -euo pipefail

# ruleid: rclone-purge
rclone purge "remote:acme-uploads/tmp"
# ok: rclone-purge
rclone purge --dry-run remote:acme-uploads/tmp
# ruleid: rclone-delete
rclone --config ./rclone.conf delete --min-age 30d s3:acme-logs
# ruleid: rclone-sync
rclone sync "$SRC" s3:acme-site --delete-excluded
# ok: rclone-sync
rclone sync ./dist s3:acme-site --backup-dir s3:acme-site-archive
# ok: rclone-sync
rclone copy ./dist s3:acme-site

# ruleid: s3cmd-rb-recursive
s3cmd -c ~/.s3cfg-prod rb --recursive --force s3://acme-uploads
# ruleid: s3cmd-del-recursive
s3cmd del -r s3://acme-uploads/cache/
# ruleid: s3cmd-sync-delete-removed
s3cmd sync --delete-removed /dev/null s3://acme-uploads
# ok: s3cmd-sync-delete-removed
s3cmd sync ./public/ s3://acme-site/

# ruleid: mc-rb-force
mc rb --force --dangerous myminio
# ruleid: mc-rm-recursive
mc rm --recursive --force --versions myminio/mydata
# ok: mc-rm-recursive
mc rm myminio/mydata/object.txt
# ruleid: mc-mirror-remove
mc mirror --overwrite --remove ./site myminio/www
# ok: mc-mirror-remove
mc mirror ./site myminio/www

# ruleid: azcopy-remove-recursive
azcopy rm "https://acct.blob.core.windows.net/data/logs?$SAS" --recursive=true
# ok: azcopy-remove-recursive
azcopy rm "https://acct.blob.core.windows.net/data/logs" --recursive=false
# ruleid: azcopy-sync-delete-destination
azcopy sync ./site "https://acct.blob.core.windows.net/\$web" --delete-destination=true
# ok: azcopy-sync-delete-destination
azcopy sync ./site "https://acct.blob.core.windows.net/\$web" --delete-destination=prompt

# ruleid: b2-rm-recursive
b2 rm --recursive --versions b2://acme-backups/2023/
# ruleid: b2-bucket-delete
b2 bucket delete acme-old
# ruleid: b2-sync-delete
b2 sync --delete ./backups b2://acme-backups/host1
# ok: b2-sync-delete
b2 sync --keep-days 30 ./backups b2://acme-backups/host1

# ruleid: s5cmd-rm-wildcard
s5cmd rm "s3://acme-logs/2023/*"
# ok: s5cmd-rm-wildcard
s5cmd ls "s3://acme-logs/2023/*"
