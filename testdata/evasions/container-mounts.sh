#!/usr/bin/env bash
# Fixture: a container given a host directory, told to delete in it. Never run this file.
set -euo pipefail

# ruleid: rm-recursive-absolute
docker run --rm -v /srv:/srv alpine rm -rf /srv/data
# ruleid: rm-recursive-root
docker run --rm -v /:/host --name cleaner alpine:3.20 rm -rf /host/
# ruleid: rm-recursive-absolute
podman run --rm --mount type=bind,source=/var/lib/postgresql,target=/pg -e X=1 busybox rm -rf /pg/16/main
# ruleid: find-delete
docker run -it --rm -v/srv/backups:/backups:rw debian:12 find /backups -mtime +1 -exec rm -rf {} +

# Not reported: what a container deletes in its own file system goes with it
# ok: rm-recursive-absolute
docker run --rm alpine rm -rf /var/cache/apk
# ok: rm-recursive-absolute
docker run --rm -v /srv/app:/app node:22 rm -rf /tmp/build
# ok: rm-recursive-absolute
docker run --rm -v "$PWD":/src -w /src golang:1.23 go build ./...
