#!/usr/bin/env bash
# Fixture: Azure storage, databases, caches and disks deleted. Never run this file.
set -euo pipefail

# ruleid: az-data-store-delete
az storage container delete --name backups --account-name prodsa --subscription prod
# ruleid: az-data-store-delete
az storage blob delete-batch --source uploads --account-name prodsa --pattern "2024/*" --subscription prod
# ruleid: az-data-store-delete
az postgres flexible-server delete --resource-group prod --name pg-main --yes --subscription prod
# ruleid: az-data-store-delete
az redis delete -g prod -n sessions --yes --subscription prod
# ruleid: az-data-store-delete
az disk delete -g prod -n data-disk-01 --yes --subscription prod

# Not reported
# ok: az-data-store-delete
az storage container list --account-name prodsa --subscription prod
# ok: az-data-store-delete
az postgres flexible-server backup create -g prod -n pg-main --backup-name pre-upgrade --subscription prod
# ok: az-data-store-delete
az snapshot create -g prod -n data-disk-01-snap --source data-disk-01 --subscription prod
