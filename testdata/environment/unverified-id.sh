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

# IDs in the URL path of a DELETE
# ruleid: http-delete-request, env-unverified-id
curl -X DELETE https://api.example.com/v1/volumes/vol_8f3a2b1c9d0e7f6a
# ruleid: http-delete-request, env-unverified-id
xh DELETE "https://api.example.com/v1/volumes/3f1c2a9e-4b7d-4e21-9f0a-2b6c8d1e5f77?force=true"
# ruleid: http-delete-request, env-unverified-id
gh api -X DELETE /orgs/acme/hooks/3f1c2a9e-4b7d-4e21-9f0a-2b6c8d1e5f77
# looked up first: GET the same resource
# ok: env-unverified-id
curl -fsS https://api.example.com/v1/volumes/vol_1a2b3c4d5e6f7a8b
# ok: env-unverified-id
# ruleid: http-delete-request
curl -X DELETE https://api.example.com/v1/volumes/vol_1a2b3c4d5e6f7a8b
# names, numbers and words in a path are not opaque IDs
# ok: env-unverified-id
# ruleid: http-delete-request
curl -X DELETE https://api.example.com/v1/projects/acme-web/domains/42

# an earlier command that changes the volume does not look it up; one that shows it does
fly volumes extend vol_5a6b7c8d9e0f --size 20 -a acme-api
# ruleid: fly-volumes-destroy, env-unverified-id
fly volumes destroy vol_5a6b7c8d9e0f --yes -a acme-api
curl -fsS -X PATCH https://api.example.com/v1/volumes/vol_2b3c4d5e6f7a8b9c -d '{"size": 20}'
# ruleid: http-delete-request, env-unverified-id
curl -X DELETE https://api.example.com/v1/volumes/vol_2b3c4d5e6f7a8b9c
