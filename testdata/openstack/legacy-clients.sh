#!/usr/bin/env bash
# Fixture: the legacy per-service OpenStack clients deleting servers, volumes, images, stacks and objects. Never run this file.
set -euo pipefail

# ruleid: openstack-server-delete
nova delete web-1
# ruleid: openstack-server-delete
nova force-delete web-2
# ok: openstack-server-delete
nova list

# ruleid: openstack-volume-delete
cinder delete --cascade pgdata
# ruleid: openstack-volume-delete
cinder backup-delete nightly-1
# ruleid: openstack-snapshot-delete
cinder snapshot-delete 5e6f7a8b
# ok: openstack-volume-delete
cinder list

# ruleid: openstack-image-delete
glance image-delete 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d
# ok: openstack-image-delete
glance image-list

# ruleid: openstack-stack-delete
heat stack-delete -y web
# ok: openstack-stack-delete
heat stack-list

# ruleid: swift-delete
swift delete backups
# ruleid: swift-delete
swift delete backups db/2024-05-01.dump
# ruleid: swift-delete
swift --os-auth-url https://keystone.example.com/v3 delete --all
# ok: swift-delete
swift list backups
# ok: swift-delete
swift stat backups

# ruleid: openstack-share-delete
manila delete nfs-home
# ok: openstack-share-delete
manila list
