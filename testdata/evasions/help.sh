#!/usr/bin/env bash
# Fixture: destructive command lines that only ask for their usage. Never run this file.
set -euo pipefail

# ok: kubectl-delete-namespace
kubectl delete namespace --help
# ok: terraform-destroy
terraform destroy -help
# ok: hcloud-delete
hcloud server delete --help
# ok: git-push-force
git push --force --help
# ok: rm-recursive-absolute
rm -rf /srv/data --help

# after `--`, `--help` is an operand, not a request for usage
# ruleid: kubectl-delete-namespace
kubectl delete namespace payments -- --help
# a shell runs its code whatever its flags say
# ruleid: rm-recursive-absolute
bash -c 'rm -rf /srv/data' --help
