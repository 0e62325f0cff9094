#!/usr/bin/env bash
# Fixture: Proxmox VE destroying guests with their disks, freeing volumes, deleting snapshots. Never run this file.
set -euo pipefail

# ruleid: proxmox-destroy
qm destroy 100
# ruleid: proxmox-destroy
qm destroy 100 --purge 1 --destroy-unreferenced-disks 1
# ruleid: proxmox-destroy
pct destroy 101 --force 1
# ruleid: proxmox-destroy
pvesm free local-lvm:vm-100-disk-0
# ruleid: proxmox-destroy
pvesh delete /nodes/pve1/qemu/100
# ruleid: proxmox-destroy
pvesh delete /nodes/pve1/storage/local-lvm/content/local-lvm:vm-100-disk-1
# ok: proxmox-destroy
qm list
# ok: proxmox-destroy
qm config 100
# ok: proxmox-destroy
qm stop 100
# ok: proxmox-destroy
vzdump 100 --storage backups --mode snapshot
# ok: proxmox-destroy
pvesh get /nodes/pve1/qemu
# ok: proxmox-destroy
pvesm list local-lvm

# ruleid: vm-snapshot-delete
qm delsnapshot 100 pre-upgrade
# ruleid: vm-snapshot-delete
pct delsnapshot 101 nightly --force 1
# ruleid: vm-snapshot-delete
pvesh delete /nodes/pve1/qemu/100/snapshot/pre-upgrade
# ok: proxmox-destroy
# ok: vm-snapshot-delete
pvesh delete /nodes/pve1/qemu/100/firewall/rules/0
# ok: vm-snapshot-delete
qm snapshot 100 pre-upgrade
# ok: vm-snapshot-delete
qm listsnapshot 100
# ruleid: vm-snapshot-revert
qm rollback 100 pre-upgrade
# ruleid: vm-snapshot-revert
pct rollback 101 nightly
