#!/usr/bin/env bash
# Fixture: Azure CLI deletes and their safe variants. Never run this file.
set -euo pipefail
RG=acme-staging-rg

# ok: az-group-delete
az account set --subscription "Acme Staging"
# ok: az-group-delete
az account show --query name -o tsv
# ok: az-group-delete
az resource list -g "$RG" -o table
# ruleid: az-lock-delete
az lock delete --name do-not-delete --resource-group "$RG"
# ruleid: az-lock-delete
az group lock delete -n protect -g acme-prod-rg
# ok: az-lock-delete
az lock create --name protect --lock-type CanNotDelete --resource-group "$RG"
# ruleid: az-group-delete
az group delete --name "$RG" --yes --no-wait
# ruleid: az-group-delete
az --subscription 0000-1111 group delete -n acme-prod-rg -f Microsoft.Compute/virtualMachines -y
# ok: az-group-delete
az group exists --name "$RG"

# ruleid: az-vm-delete
az vm delete -g "$RG" -n web-1 --yes
# ok: az-vm-delete
az vm deallocate -g "$RG" -n web-1
# ruleid: az-sql-db-delete
az sql db delete -g "$RG" -s acme-sql -n orders --yes
# ok: az-sql-db-delete
az sql db export -g "$RG" -s acme-sql -n orders --storage-key-type StorageAccessKey --storage-key "$KEY" --storage-uri "$URI" -u admin -p "$PW"
# ruleid: az-sql-server-delete
az sql server delete --resource-group "$RG" --name acme-sql --yes
# ok: az-sql-server-delete
az sql server firewall-rule delete -g "$RG" -s acme-sql -n office
# ruleid: az-storage-account-delete
az storage account delete -n acmestagingdata -g "$RG" --yes
# ok: az-storage-account-delete
az storage container list --account-name acmestagingdata -o table
# ruleid: az-cosmosdb-delete
az cosmosdb delete --name acme-cosmos --resource-group "$RG" --yes
# ruleid: az-aks-delete
az aks delete -g "$RG" -n acme-aks --yes --no-wait
# ok: az-aks-delete
az aks get-credentials -g "$RG" -n acme-aks --overwrite-existing

# ruleid: az-keyvault-delete
az keyvault delete --name acme-staging-kv
# ruleid: az-keyvault-purge
az keyvault purge --name acme-staging-kv --location westeurope
# ruleid: az-keyvault-delete
az keyvault secret delete --vault-name acme-staging-kv --name db-password
# ruleid: az-keyvault-purge
az keyvault secret purge --vault-name acme-staging-kv --name db-password
# ok: az-keyvault-delete, az-keyvault-purge
az keyvault secret recover --vault-name acme-staging-kv --name db-password
