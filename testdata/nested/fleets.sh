#!/usr/bin/env bash
# Fixture: commands run on fleets of machines and on cloud VMs, read where they run. Never run this file.
set -euo pipefail

# ruleid: rm-recursive-absolute
salt '*' cmd.run 'rm -rf /var/lib/app'
# ruleid: rm-recursive-absolute
salt -G 'role:db' cmd.shell "systemctl stop postgresql && rm -rf /var/lib/postgresql"
# ruleid: rm-recursive-absolute
salt-call cmd.run 'rm -rf /srv/data'
# ruleid: rm-recursive-absolute
pssh -h hosts.txt -i "sudo rm -rf /var/lib/app"
# ruleid: rm-recursive-absolute
pdsh -w node[01-10] rm -rf /scratch/jobs
# ruleid: rm-recursive-absolute
clush -w @compute "rm -rf /var/lib/app"
# ruleid: rm-recursive-absolute
gcloud compute ssh prod-vm --zone europe-west1-b --command "sudo rm -rf /srv/data"
# ruleid: rm-recursive-absolute
az vm run-command invoke -g prod -n vm1 --command-id RunShellScript --scripts "rm -rf /datadrive/app"
# ruleid: rm-recursive-absolute
vagrant ssh -c "sudo rm -rf /vagrant_data/db"
# ruleid: rm-recursive-absolute
multipass exec prod-vm -- sudo rm -rf /srv/data
# ruleid: rm-recursive-absolute
lxc exec web1 -- rm -rf /var/www/uploads

# Not reported
# ok: rm-recursive-absolute
salt '*' cmd.run 'df -h /var/lib/app'
# ok: rm-recursive-absolute
pssh -h hosts.txt -i "uptime"
# ok: rm-recursive-absolute
gcloud compute ssh prod-vm --command "ls -la /srv/data"
# ok: rm-recursive-absolute
lxc exec web1 -- ls /var/www/uploads
