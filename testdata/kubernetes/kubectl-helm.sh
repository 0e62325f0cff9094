#!/usr/bin/env bash
# Fixture: destructive kubectl and helm commands. Never run this file.
set -euo pipefail
kubectl config current-context
kubectl get pods -A

# Namespaces
# ruleid: kubectl-delete-namespace
kubectl delete namespace billing
# ruleid: kubectl-delete-namespace
kubectl --context staging -n default delete ns review-apps --wait=false
# ruleid: kubectl-delete-namespace
oc delete project billing
# ruleid: kubectl-delete-namespace
kubectl -v=6 delete namespaces/billing
# ruleid: kubectl-delete-namespace
sudo kubectl --kubeconfig /etc/kube/admin.conf delete ns "$NS"
# ok: kubectl-delete-namespace
kubectl delete namespace billing --dry-run=server
# ok: kubectl-delete-namespace
kubectl get ns billing -o yaml
# ok: kubectl-delete-namespace
kubectl label namespace billing team=payments

# Persistent volumes
# ruleid: kubectl-delete-pvc
kubectl -n data delete pvc data-postgres-0
# ruleid: kubectl-delete-pvc
kubectl delete pvc --all --namespace data
# ruleid: kubectl-delete-pvc
kubectl delete pv pvc-0b1c2d3e --wait
# ruleid: kubectl-delete-pvc
kubectl delete sts/db persistentvolumeclaim/data-db-0
# ok: kubectl-delete-pvc
kubectl get pvc -n data
# ok: kubectl-delete-pvc
kubectl delete pvc data-postgres-0 --dry-run=client

# CRDs
# ruleid: kubectl-delete-crd
kubectl delete crd clusters.postgresql.cnpg.io
# ok: kubectl-delete-crd
kubectl get crd clusters.postgresql.cnpg.io

# Whole resource types
# ruleid: kubectl-delete-all
kubectl delete all --all -n preview-42
# ruleid: kubectl-delete-all
kubectl delete deployments --all-namespaces --all
# ruleid: kubectl-delete-all
kubectl delete pods --all --force -n ci
# ok: kubectl-delete-all
kubectl delete all -l app=preview-42 --dry-run=server
# ok: kubectl-delete-all
kubectl get all -A
# ok: kubectl-delete-all, kubectl-delete-force
kubectl delete pods --field-selector=status.phase==Succeeded --all-namespaces

# Manifests
# ruleid: kubectl-delete-manifests
kubectl delete -f k8s/
# ruleid: kubectl-delete-manifests
kubectl --context prod delete -R -f manifests/
# ruleid: kubectl-delete-manifests
kubectl delete -k overlays/review
# ok: kubectl-delete-manifests
kubectl apply -f k8s/
# ok: kubectl-delete-manifests
kubectl delete -f k8s/ --dry-run=server

# Force deletes and node drains
# ruleid: kubectl-delete-force
kubectl delete pod postgres-0 --force --grace-period=0 -n data
# ok: kubectl-delete-force
kubectl delete pod api-7d9f8b6c5d-abcde -n web
# ruleid: kubectl-drain-delete-emptydir
kubectl drain node-7 --ignore-daemonsets --delete-emptydir-data
# ok: kubectl-drain-delete-emptydir
kubectl drain node-7 --ignore-daemonsets --timeout 120s

# Recreate and prune
# ruleid: kubectl-replace-force
kubectl replace --force -f deploy.yaml
# ok: kubectl-replace-force
kubectl replace -f deploy.yaml
# ruleid: kubectl-apply-prune
kubectl apply -f k8s/ --prune -l app=api
# ok: kubectl-apply-prune
kubectl apply -f k8s/ --prune -l app=api --dry-run=server

# Scale to zero (info)
# ruleid: kubectl-scale-to-zero
kubectl scale deployment/api --replicas=0 -n web
# ok: kubectl-scale-to-zero
kubectl scale deployment/api --replicas 3 -n web

# Routine operations stay silent
# ok: kubectl-delete-all, kubectl-delete-force, kubectl-delete-namespace
kubectl rollout restart deployment/api -n web
# ok: kubectl-delete-all
kubectl --context staging get pods -n web
# ok: kubectl-delete-pvc
kubectl exec deploy/api -- ls /data

# Helm
# ruleid: helm-uninstall
helm uninstall postgres -n data
# ruleid: helm-uninstall
helm --kube-context prod -n web delete api
# ruleid: helm-uninstall
helm del --purge redis
# ok: helm-uninstall
helm uninstall postgres -n data --dry-run
# ok: helm-uninstall
helm upgrade --install api ./chart -n web -f values.yaml
# ok: helm-uninstall
helm list -n data
