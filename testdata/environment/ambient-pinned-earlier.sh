#!/usr/bin/env bash
# Fixture: targets pinned earlier in the script. Never run this file.
set -euo pipefail
export KUBECONFIG="$HOME/.kube/preview.yaml"
export AWS_PROFILE=preview
terraform workspace select preview-42
# ok: env-ambient-target
# ruleid: kubectl-delete-namespace
kubectl delete namespace preview-42
# ok: env-ambient-target
# ruleid: aws-s3-rm-recursive
aws s3 rm s3://preview-42-assets --recursive
# ok: env-ambient-target
# ruleid: terraform-destroy
terraform destroy -auto-approve -var-file=preview.tfvars
