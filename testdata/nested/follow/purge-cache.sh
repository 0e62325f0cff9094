#!/bin/sh
# Fixture: run by release.sh. Never run this file.
set -eu
# ruleid: rm-recursive-absolute
rm -rf /srv/app/releases
