#!/usr/bin/env bash
# Fixture: smaller and regional clouds deleting servers, volumes, databases and buckets. Never run this file.
set -euo pipefail

# ruleid: hcloud-delete
hcloud --context production server delete db-1
# ruleid: hcloud-delete
hcloud volume delete --selector env=staging
# ok: hcloud-delete
hcloud server list -o columns=id,name,status
# ruleid: linode-cli-delete
linode-cli linodes delete 123456
# ok: linode-cli-delete
linode-cli linodes snapshot 123456 --label pre-upgrade
# ruleid: vultr-cli-delete
vultr-cli instance delete 6f0b1e3c-2d4a-4b5e-8f9a-0c1d2e3f4a5b
# ruleid: scw-delete
scw instance server delete 11111111-1111-1111-1111-111111111111 with-volumes=all with-ip=true
# ok: scw-delete
scw instance server list zone=fr-par-1
# ruleid: exo-delete
exo compute instance delete -f web-1
# ruleid: upctl-delete
upctl server delete web-1 --delete-storages
# ok: upctl-delete
upctl server stop web-1
# ruleid: civo-remove
civo kubernetes remove prod --yes
# ruleid: oci-terminate-or-delete
oci compute instance terminate --instance-id "$INSTANCE" --preserve-boot-volume false --force
# ok: oci-terminate-or-delete
oci compute instance action --action STOP --instance-id "$INSTANCE"
