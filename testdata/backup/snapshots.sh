#!/usr/bin/env bash
# Fixture: backup and snapshot tools that delete snapshots, archives or repositories. Never run this file.
set -euo pipefail

# ruleid: restic-forget-prune
restic -r "s3:s3.amazonaws.com/acme-backups" forget --keep-daily 7 --keep-weekly 4 --prune
# ruleid: restic-forget-prune
restic forget --keep-last 1 --prune
# ok: restic-forget-prune
restic forget --keep-daily 7 --prune --dry-run
# ruleid: restic-forget
restic forget 40dc1520 79766175
# ruleid: restic-prune
restic --repo /srv/restic-repo prune
# ok: restic-prune
restic snapshots --json

# ruleid: borg-delete
borg delete /srv/borg::web-2024-01-01
# ruleid: borg-delete
BORG_DELETE_I_KNOW_WHAT_I_AM_DOING=YES borg delete --force ssh://backup@host/./repo
# ok: borg-delete
borg delete --dry-run --list --glob-archives 'web-*' /srv/borg
# ok: borg-delete
borg list /srv/borg
# ruleid: borg-prune
borg prune --keep-daily 7 --keep-weekly 4 /srv/borg
# ok: borg-prune
borg prune -n --list --keep-daily 7 /srv/borg

# ruleid: kopia-snapshot-delete
kopia snapshot delete --all-snapshots-for-source /home/me --delete
# ok: kopia-snapshot-delete
kopia snapshot delete k1ea3c1c2e2f3
# ruleid: kopia-maintenance-full-unsafe
kopia maintenance run --full --safety none

# ruleid: velero-backup-delete
velero backup delete --all --confirm
# ruleid: velero-backup-delete
velero --kubecontext prod delete backup nightly-20240101
# ok: velero-backup-delete
velero backup get
# ruleid: velero-schedule-or-location-delete
velero schedule delete nightly --confirm
# ok: velero-schedule-or-location-delete
velero schedule pause nightly

# ruleid: pgbackrest-stanza-delete-or-expire
pgbackrest --stanza=main --repo1-retention-full=1 expire
# ok: pgbackrest-stanza-delete-or-expire
pgbackrest --stanza=main info
# ruleid: barman-delete
barman delete pg-main oldest
# ruleid: wal-g-delete-confirm
wal-g delete everything FORCE --confirm
# ok: wal-g-delete-confirm
wal-g delete retain FULL 3
# ruleid: duplicity-remove-force
duplicity remove-all-but-n-full 2 --force "s3://acme-backups/$(hostname)"
# ok: duplicity-remove-force
duplicity collection-status "s3://acme-backups/$(hostname)"
# ruleid: tarsnap-delete
tarsnap --keyfile /root/tarsnap.key -d -f host1-2024-01-01
# ok: tarsnap-delete
tarsnap --list-archives
