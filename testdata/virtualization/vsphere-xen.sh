#!/usr/bin/env bash
# Fixture: VMware vSphere (govc) and XenServer/XCP-ng (xe) deleting VMs, disks and storage. Never run this file.
set -euo pipefail

# ruleid: govc-destroy
govc vm.destroy db-01
# ruleid: govc-destroy
govc vm.destroy -vm.ipath /dc1/vm/prod/db-01
# ruleid: govc-destroy
govc datastore.rm -ds=datastore1 db-01
# ruleid: govc-destroy
govc disk.rm -ds datastore1 5f6c1e0f-2b4a-4c3d-9e8f-0a1b2c3d4e5f
# ruleid: govc-destroy
govc object.destroy /dc1/host/old-cluster
# ok: govc-destroy
govc vm.info db-01
# ok: govc-destroy
govc datastore.ls -ds=datastore1
# ok: govc-destroy
govc vm.power -off db-01
# ruleid: vm-snapshot-delete
govc snapshot.remove -vm db-01 '*'
# ruleid: vm-snapshot-delete
govc snapshot.remove -vm db-01 -r pre-upgrade
# ok: vm-snapshot-delete
govc snapshot.tree -vm db-01
# ruleid: vm-snapshot-revert
govc snapshot.revert -vm db-01 clean

# ruleid: xe-uninstall
xe vm-uninstall vm=web-01 force=true
# ruleid: xe-uninstall
xe vdi-destroy uuid=3f2a5c1e-0b9d-4e7f-8a6b-5c4d3e2f1a0b
# ruleid: xe-uninstall
xe -s xen1.example.com sr-destroy uuid=0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5
# ruleid: vm-undefine
xe vm-destroy uuid=5d6c1f0e-2a3b-4c5d-8e9f-001122334455
# ok: xe-uninstall, vm-undefine
xe vm-list
# ok: xe-uninstall
xe vm-shutdown vm=web-01
# ok: xe-uninstall
xe vdi-forget uuid=3f2a5c1e-0b9d-4e7f-8a6b-5c4d3e2f1a0b
# ruleid: vm-snapshot-delete
xe snapshot-uninstall snapshot-uuid=1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d force=true
# ruleid: vm-snapshot-revert
xe snapshot-revert snapshot-uuid=1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
