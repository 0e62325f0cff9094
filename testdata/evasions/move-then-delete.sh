#!/usr/bin/env bash
# Fixture: data moved into a temporary directory, then deleted there. Never run this file.
set -euo pipefail

mv /srv/data /tmp/trash
# ruleid: rm-recursive-absolute
rm -rf /tmp/trash

mkdir -p /var/tmp/old
mv /var/lib/postgresql/16/main /var/tmp/old/
# ruleid: rm-recursive-absolute
rm -rf /var/tmp/old/main

mv /home/alice/projects /tmp/p
# ruleid: rm-recursive-absolute
rm -rf /tmp/p/

# Not reported: what is deleted came from a temporary directory, or was never moved
mv /tmp/build-output /tmp/old-build
# ok: rm-recursive-absolute
rm -rf /tmp/old-build
mv /srv/data/releases/v1 /srv/data/archive/v1
# ok: rm-recursive-absolute
rm -rf /tmp/scratch
