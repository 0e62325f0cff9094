#!/bin/bash
# Fixture: disk wipes and find deletes. Never run this file.
set -e
lsblk
# ruleid: dd-to-block-device
dd if=/dev/zero of=/dev/nvme0n1 bs=1M count=100
# ok: dd-to-block-device
dd if=/dev/zero of=disk.img bs=1M count=10
# ruleid: mkfs-block-device
mkfs.ext4 -F /dev/sdb1
# ruleid: mkfs-block-device
mkfs -t xfs /dev/nvme1n1
# ok: mkfs-block-device
mkfs.ext4 rootfs.img
# ruleid: wipefs-all
wipefs -a /dev/sdc
# ok: wipefs-all
wipefs /dev/sdc
# ruleid: shred-file
shred -u -z secrets.env

# ruleid: find-delete
find /var/backups -type f -name '*.sql.gz' -delete
# ruleid: find-delete
find /var/backups -type f -name '*.sql.gz' -exec rm -f {} +
# ruleid: find-delete
find / -name core -delete
# ruleid: rm-recursive-absolute
ls /srv/releases | xargs -I{} rm -rf /srv/releases/{}
# ok: find-delete
find . -name '*.pyc' -delete
# ok: find-delete
find "$(mktemp -d)" -mindepth 1 -delete
# ok: find-delete
find /var/backups -name '*.gz' -mtime +14 -print
