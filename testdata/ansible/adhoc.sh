#!/usr/bin/env bash
# Fixture: ad-hoc Ansible commands and playbook runs. Never run this file.
set -euo pipefail
# the inventory is named: the hosts are pinned
# ruleid: rm-recursive-absolute
# ok: env-ambient-target
ansible all -i inventories/production -m shell -a 'rm -rf /var/lib/app'
# ruleid: dropdb-database
ansible db_servers -a 'dropdb orders'
# the default inventory decides which hosts lose the directory
# ruleid: rm-recursive-absolute, env-ambient-target
ansible webservers -m shell -a 'rm -rf /srv/data'
# `--limit` pins the hosts, not the cluster kubectl talks to there
# ruleid: kubectl-delete-namespace, env-ambient-target
ansible db_servers -l db1.example.com -m shell -a 'kubectl delete namespace payments'
# ok: destructive-verb
ansible all -m ansible.builtin.apt -a 'name=foo state=absent'
ansible all -m ping
ansible-playbook -i inventories/production site.yml
ansible-playbook --limit staging site.yml
