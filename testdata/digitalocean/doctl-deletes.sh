#!/usr/bin/env bash
# Fixture: doctl deletes and their safe variants. Never run this file.
set -euo pipefail
CLUSTER_ID=f81d4fae-7dec-11d0-a765-00a0c91e6bf6

# ok: doctl-droplet-delete
doctl auth switch --context acme-staging
# ok: doctl-droplet-delete
doctl account get --format Email --no-header
# ok: doctl-droplet-delete
doctl compute droplet list --tag-name staging --format ID,Name
# ruleid: doctl-droplet-delete
doctl compute droplet delete 386734086 --force
# ruleid: doctl-droplet-delete
doctl --context acme-prod compute droplet rm web-1 web-2 -f
# ruleid: doctl-droplet-delete
doctl compute droplet delete --tag-name staging --force
# ok: doctl-droplet-delete
doctl compute droplet-action snapshot 386734086 --snapshot-name pre-delete --wait

# ok: doctl-databases-delete
doctl databases backups "$CLUSTER_ID"
# ruleid: doctl-databases-delete
doctl databases delete "$CLUSTER_ID" --force
# ruleid: doctl-databases-delete
doctl -t "$DO_TOKEN" db rm "$CLUSTER_ID"
# ruleid: doctl-databases-db-delete
doctl databases db delete "$CLUSTER_ID" orders -f
# ok: doctl-databases-delete, doctl-databases-db-delete
doctl databases user delete "$CLUSTER_ID" reporting
# ok: doctl-databases-delete
doctl databases fork restored-orders --restore-from-cluster-id "$CLUSTER_ID" --restore-from-timestamp 2024-01-01T00:00:00Z

# ruleid: doctl-volume-delete
doctl compute volume delete 506f78a4-e098-11e5-ad9f-000f53306ae1 --force
# ok: doctl-volume-delete
doctl compute volume snapshot 506f78a4-e098-11e5-ad9f-000f53306ae1 --snapshot-name pre-delete
# ruleid: doctl-snapshot-delete
doctl compute snapshot delete 386734086 -f
# ok: doctl-snapshot-delete
doctl compute snapshot list --resource volume

# ruleid: doctl-kubernetes-cluster-delete
doctl kubernetes cluster delete acme-prod-k8s --dangerous --force
# ruleid: doctl-kubernetes-cluster-delete
doctl k8s cluster rm acme-staging-k8s
# ruleid: doctl-kubernetes-cluster-delete
doctl kubernetes cluster delete-selective acme-prod-k8s --volumes pvc-data-1 --force
# ok: doctl-kubernetes-cluster-delete
doctl kubernetes cluster kubeconfig save acme-prod-k8s
# ok: doctl-kubernetes-cluster-delete
doctl kubernetes cluster node-pool delete acme-prod-k8s pool-old --force
