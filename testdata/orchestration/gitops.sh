#!/usr/bin/env bash
# Fixture: orchestration and GitOps CLIs that delete applications, clusters or volumes. Never run this file.
set -euo pipefail

# ruleid: argocd-app-delete
argocd app delete payments --yes
# ruleid: argocd-app-delete
argocd --server argocd.internal app delete -l env=staging -y
# ok: argocd-app-delete
argocd app diff payments
# ruleid: argocd-cluster-rm
argocd cluster rm https://staging.k8s.internal:6443
# ruleid: flux-delete
flux --context prod delete kustomization infra --silent
# ok: flux-delete
flux suspend kustomization infra

# ruleid: nomad-job-stop-purge
nomad job stop -purge -yes billing
# ok: nomad-job-stop-purge
nomad job status billing
# ruleid: nomad-volume-delete
nomad volume delete -address=https://nomad.internal:4646 pg-data
# ok: nomad-volume-delete
nomad volume deregister pg-data

# ruleid: helmfile-destroy
helmfile --environment production destroy
# ok: helmfile-destroy
helmfile --environment production diff
# ruleid: eksctl-delete-cluster
eksctl delete cluster --name prod --region eu-west-1 --wait
# ruleid: kubeadm-reset
kubeadm reset --force
# ruleid: local-cluster-delete
minikube delete --all --purge
# ok: local-cluster-delete
kind get clusters
# ruleid: docker-stack-rm
docker stack rm payments
# ruleid: skaffold-tilt-delete
tilt down --delete-namespaces
# ok: skaffold-tilt-delete
skaffold build
