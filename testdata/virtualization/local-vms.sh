#!/usr/bin/env bash
# Fixture: Multipass, Vagrant and VirtualBox deleting local VMs, disks and snapshots. Never run this file.
set -euo pipefail

# ruleid: multipass-purge
multipass delete --purge dev-vm
# ruleid: multipass-purge
multipass delete -p --all
# ruleid: multipass-purge
multipass purge
# a plain delete can be recovered until purged: info
# ruleid: multipass-delete
multipass delete dev-vm
# ruleid: multipass-delete
multipass delete dev-vm.snapshot2
# ok: multipass-delete, multipass-purge
multipass recover dev-vm
# ok: multipass-delete, multipass-purge
multipass list
# ruleid: vm-snapshot-revert
multipass restore --destructive dev-vm.snapshot1
# ok: vm-snapshot-revert
multipass snapshot dev-vm

# ruleid: vagrant-destroy
vagrant destroy
# ruleid: vagrant-destroy
vagrant destroy -f db
# ok: vagrant-destroy
vagrant halt
# ok: vagrant-destroy
vagrant status
# ok: vagrant-destroy
vagrant box remove ubuntu/jammy64
# ruleid: vm-snapshot-delete
vagrant snapshot delete default clean
# ruleid: vm-snapshot-revert
vagrant snapshot pop
# ok: vm-snapshot-revert, vm-snapshot-delete
vagrant snapshot push

# ruleid: vboxmanage-delete
VBoxManage unregistervm build-vm --delete
# ruleid: vboxmanage-delete
vboxmanage unregistervm 6d3e674d-7626-4142-969f-8017b679fbd0 --delete-all
# ruleid: vboxmanage-delete
VBoxManage closemedium disk /srv/vbox/data.vdi --delete
# without --delete the VM is only forgotten, its files stay
# ok: vboxmanage-delete
VBoxManage unregistervm build-vm
# ok: vboxmanage-delete
VBoxManage list vms
# ruleid: vm-snapshot-delete
VBoxManage snapshot "$VM" delete base
# ruleid: vm-snapshot-revert
VBoxManage snapshot build-vm restore base
# ok: vm-snapshot-delete, vm-snapshot-revert
VBoxManage snapshot build-vm take base
