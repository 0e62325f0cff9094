#!/usr/bin/env bash
# Fixture: libvirt (virsh) deleting domains with their disks, volumes, pools and snapshots. Never run this file.
set -euo pipefail

# ruleid: virsh-undefine-storage
virsh undefine prod-db --remove-all-storage
# ruleid: virsh-undefine-storage
virsh -c qemu+ssh://root@kvm1.example.com/system undefine web-1 --nvram --remove-all-storage --wipe-storage
# ruleid: virsh-undefine-storage
virsh undefine --domain web-2 --storage vda,/var/lib/libvirt/images/web-2-data.qcow2
# ruleid: vm-undefine
virsh undefine web-3
# ruleid: vm-undefine
virsh --connect qemu:///system undefine web-3 --nvram --snapshots-metadata
# ok: vm-undefine, virsh-undefine-storage
virsh dumpxml web-3
# ok: virsh-undefine-storage
virsh domblklist prod-db

# ruleid: virsh-vol-delete
virsh vol-delete web-1.qcow2 --pool default
# ruleid: virsh-vol-delete
virsh vol-delete --pool ceph-rbd pgdata --delete-snapshots
# ruleid: virsh-vol-delete
virsh vol-wipe --pool vg0 pgdata --algorithm zero
# ruleid: virsh-vol-delete
virsh pool-delete images
# ruleid: virsh-vol-delete
virsh pool-build data --overwrite
# ok: virsh-vol-delete
virsh pool-build data --no-overwrite
# ok: virsh-vol-delete
virsh vol-list --pool default --details
# ok: virsh-vol-delete
virsh vol-download --pool default web-1.qcow2 /backup/web-1.qcow2

# a forced power-off deletes nothing: info, not the lexicon's warning
# ruleid: virsh-destroy
virsh destroy web-1
# ruleid: virsh-destroy
virsh pool-destroy images
# ok: virsh-destroy
virsh shutdown web-1
# ok: virsh-destroy
virsh start web-1

# ruleid: vm-snapshot-delete
virsh snapshot-delete prod-db pre-upgrade
# ruleid: vm-snapshot-delete
virsh snapshot-delete prod-db --current --children
# metadata only: the snapshot's data stays (info)
# ruleid: vm-snapshot-delete
virsh snapshot-delete prod-db pre-upgrade --metadata
# ok: vm-snapshot-delete
virsh snapshot-list prod-db
# ok: vm-snapshot-delete
virsh snapshot-create-as prod-db pre-upgrade
# ruleid: vm-snapshot-revert
virsh snapshot-revert prod-db pre-upgrade
# ok: vm-snapshot-revert
virsh snapshot-info prod-db --current

# read-only commands stay quiet
# ok: vm-undefine
virsh list --all
# ok: virsh-destroy
virsh dominfo web-1
# ok: virsh-vol-delete
virsh pool-list --all
