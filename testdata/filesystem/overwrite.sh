#!/usr/bin/env bash
# Fixture: database files overwritten in place. Never run this file.
set -euo pipefail

# ruleid: overwrite-data-file
: > /var/lib/app/production.db
# ruleid: overwrite-data-file
cat /dev/null > "$APP_HOME/data/app.sqlite3"
# ruleid: overwrite-data-file
echo "" > /var/lib/redis/dump.rdb
# ruleid: overwrite-data-file
gunzip -c yesterday.db.gz > /var/lib/app/production.db
# ruleid: overwrite-data-file
dd if=/dev/urandom of=/var/lib/app/production.db bs=4k count=16 conv=notrunc
# ruleid: overwrite-data-file
ln -sf /dev/null /var/lib/app/production.db

# Not reported
# ok: overwrite-data-file
sqlite3 /var/lib/app/production.db .dump > /srv/backups/production.sql
# ok: overwrite-data-file
echo "vacuumed at $(date)" >> /var/lib/app/production.db.log
# ok: overwrite-data-file
: > /var/log/app/app.log
# ok: overwrite-data-file
dd if=/dev/zero of=/srv/images/disk.img bs=1M count=64
