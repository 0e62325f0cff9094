#!/bin/bash
# Fixture: a typed confirmation guards the destructive step. Never run this file.
set -eu
read -r -p "Type the namespace to delete: " answer
if [ "$answer" != "payments" ]; then
  exit 1
fi
# ok: env-ambient-target
# ruleid: kubectl-delete-namespace
kubectl delete namespace payments
