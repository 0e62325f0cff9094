#!/usr/bin/env bash
# Fixture: the unified openstack client deleting servers, volumes, stacks, projects and stored data. Never run this file.
set -euo pipefail

# ruleid: openstack-server-delete
openstack server delete web-1
# ruleid: openstack-server-delete
openstack --os-cloud prod server delete --wait 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b
# ruleid: openstack-server-delete
openstack server delete --force --all-projects db-1
# ok: openstack-server-delete
openstack server list --long
# ok: openstack-server-delete
openstack server show web-1 -f json
# ok: openstack-server-delete
openstack server stop web-1
# ok: openstack-server-delete
openstack server image create web-1 --name web-1-pre-delete

# ruleid: openstack-volume-delete
openstack volume delete pgdata
# ruleid: openstack-volume-delete
openstack volume delete --purge 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e
# ruleid: openstack-volume-delete
openstack volume backup delete nightly-2024-05-01
# ok: openstack-volume-delete
openstack volume show pgdata
# ok: openstack-volume-delete
openstack volume backup create --name pgdata-pre-upgrade pgdata
# ruleid: openstack-snapshot-delete
openstack volume snapshot delete pgdata-before-upgrade
# ruleid: openstack-snapshot-delete
openstack share snapshot delete --force nfs-snap-1
# ok: openstack-snapshot-delete, openstack-volume-delete
openstack volume snapshot list
# ruleid: openstack-image-delete
openstack image delete web-1-pre-upgrade
# ok: openstack-image-delete
openstack image list --private

# ruleid: openstack-stack-delete
openstack stack delete prod-db --yes
# ruleid: openstack-stack-delete
openstack --os-cloud=prod stack delete -y --wait web
# ok: openstack-stack-delete
openstack stack resource list prod-db

# ruleid: openstack-project-delete
openstack project delete staging
# ruleid: openstack-project-delete
openstack project purge --project ci-42
# ruleid: openstack-project-delete
openstack project cleanup --project ci-42 --auto-approve
# ok: openstack-project-delete
openstack project purge --dry-run --project ci-42
# ok: openstack-project-delete
openstack project list

# ruleid: openstack-container-delete
openstack container delete --recursive backups
# ruleid: openstack-container-delete
openstack container delete empty-bucket
# ok: openstack-container-delete
openstack container list
# ruleid: openstack-object-delete
openstack object delete backups db/2024-05-01.dump
# ok: openstack-object-delete
openstack object save backups db/2024-05-01.dump

# ruleid: openstack-share-delete
openstack share delete nfs-home
# ok: openstack-share-delete
openstack share show nfs-home
# ruleid: openstack-database-delete
openstack database instance delete pg-prod
# ruleid: openstack-database-delete
openstack database db delete pg-prod orders
# ok: openstack-database-delete
openstack database instance list
