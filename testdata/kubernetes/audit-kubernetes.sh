#!/bin/sh
# Fixture: catalog §2.7 row added by the audit. Never executed.

# ruleid: kubectl-delete-broad-selector
kubectl delete pods -l 'env!=prod' -n ci
# ruleid: kubectl-delete-broad-selector
kubectl --context prod delete deploy --selector '!keep' --all-namespaces
# ok: kubectl-delete-broad-selector
kubectl delete deploy -l app=api -n prod
# ok: kubectl-delete-broad-selector
kubectl get pods -l 'env!=prod' -A
