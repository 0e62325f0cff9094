#!/usr/bin/env bash
# Fixture: LXD (lxc) and Incus deleting instances, storage, projects and snapshots. Never run this file.
set -euo pipefail

# ruleid: lxd-delete-instance
lxc delete prod-db --force
# ruleid: lxd-delete-instance
incus delete web-1
# ruleid: lxd-delete-instance
lxc rm staging:app
# ruleid: lxd-delete-instance
incus remove -f --project ci ci-runner-7
# ruleid: lxd-delete-instance
lxc delete "$INSTANCE"
# ok: lxd-delete-instance
lxc list
# ok: lxd-delete-instance
lxc stop prod-db
# ok: lxd-delete-instance
lxc export prod-db /backup/prod-db.tar.gz
# ok: lxd-delete-instance
incus info web-1

# a NAME/SNAPSHOT argument deletes one snapshot, not the instance
# ok: lxd-delete-instance
# ruleid: vm-snapshot-delete
lxc delete prod-db/before-upgrade
# ruleid: vm-snapshot-delete
incus snapshot delete web-1 snap0
# ruleid: vm-snapshot-delete
incus storage volume snapshot delete default pgdata snap1
# ok: vm-snapshot-delete
lxc snapshot prod-db before-upgrade
# ok: vm-snapshot-delete
incus snapshot list web-1
# ruleid: vm-snapshot-revert
lxc restore prod-db before-upgrade
# ruleid: vm-snapshot-revert
incus snapshot restore web-1 snap0

# ruleid: lxd-storage-delete
lxc storage volume delete default pgdata
# ruleid: lxd-storage-delete
incus storage volume rm local backups
# ruleid: lxd-storage-delete
lxc storage delete fast-pool
# ruleid: lxd-storage-delete
incus storage bucket delete default assets
# ok: lxd-storage-delete
lxc storage volume list default
# ok: lxd-storage-delete
lxc storage volume export default pgdata /backup/pgdata.tar.gz

# ruleid: lxd-project-delete
lxc project delete staging
# ruleid: lxd-project-delete
incus project delete --force ci
# ok: lxd-project-delete
lxc project list
# ok: lxd-project-delete
lxc project switch default
