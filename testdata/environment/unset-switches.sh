#!/usr/bin/env bash
# Fixture: only an HTTP client's -u/-a/-b/-H take a credential or a header; other programs'
# are switches, and the word after them is still the target. Never run this file.

# ruleid: env-unset-variable
# ruleid: rsync-delete
rsync -a "$SYNC_SRC/" /srv/data/ --delete

# ok: env-unset-variable
# ruleid: http-delete-control-plane
curl -X DELETE -u "$DO_TOKEN:" https://api.digitalocean.com/v2/droplets/123456
