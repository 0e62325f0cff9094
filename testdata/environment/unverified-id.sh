#!/usr/bin/env bash
# Fixture: opaque IDs destroyed with and without a lookup. Never run this file.
set -euo pipefail
# ruleid: fly-volumes-destroy, env-unverified-id
fly volumes destroy vol_4y5m1n0p2q3r --yes -a acme-api
# ruleid: http-delete-request, env-unverified-id
curl -fsS -X DELETE "https://api.example.com/v1/projects/${PROJECT_ID:?}"

fly volumes show vol_9z8y7x6w5v4u -a acme-api
# ok: env-unverified-id
# ruleid: fly-volumes-destroy
fly volumes destroy vol_9z8y7x6w5v4u --yes -a acme-api
# ok: env-unverified-id
# ruleid: fly-apps-destroy
fly apps destroy acme-staging --yes
