#!/usr/bin/env bash
# Fixture: known guard evasions — destructive API calls with the payload or the endpoint hidden.
# Never run this file.
set -euo pipefail

# ----- the GraphQL mutation out of sight ---------------------------------------------------------
# (`--data-binary @-` fed from a heredoc: tests/evasions.rs and testdata/http/graphql-over-http.sh)
BODY='{"query":"mutation { volumeDelete(volumeId: \"vol_8f2a\") }"}'
# ruleid: railway-volume-delete
curl -X POST https://backboard.railway.app/graphql/v2 -d "$BODY"
API=https://backboard.railway.app/graphql/v2
# ruleid: railway-volume-delete
curl -X POST "$API" -H "Authorization: Bearer $TOKEN" -d '{"query":"mutation { volumeDelete(volumeId: \"vol_8f2a\") }"}'
# ruleid: railway-volume-delete
curl "$ENDPOINT" --json '{"query":"mutation { \u0076olumeDelete(volumeId: \"vol_8f2a\") }"}'
# ruleid: railway-volume-delete
curl "$ENDPOINT" -d '{"query":"mutation { keep: volumeDelete(volumeId: \"vol_8f2a\") }"}'
# ruleid: railway-volume-delete
curl "$ENDPOINT" -d '{"query":"mutation A { me { id } } mutation B { volumeDelete(volumeId: \"vol_8f2a\") }","operationName":"B"}'
# ruleid: railway-volume-delete
curl "$ENDPOINT" -d '[{"query":"query { me { id } }"},{"query":"mutation { volumeDelete(volumeId: \"vol_8f2a\") }"}]'
# ruleid: railway-volume-delete
curl "$ENDPOINT" -d '{"query":"mutation { ...F } fragment F on Mutation { volumeDelete(volumeId: \"vol_8f2a\") }"}'
# A persisted query: only the server knows which operation the hash names
# ruleid: dynamic-graphql
curl "$ENDPOINT" -d '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}},"variables":{"id":"vol_8f2a"}}'
# The query sent along with its hash: analysed
# ok: dynamic-graphql
curl "$ENDPOINT" -d '{"query":"query { me { id } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"ecf4edb46db40b51"}}}'
# ruleid: railway-volume-delete
python3 -c 'import requests; requests.post(URL, json={"query": "mutation { volumeDelete(volumeId: \"vol_8f2a\") }"})'

# ----- REST deletes ------------------------------------------------------------------------------
# ruleid: http-delete-request
curl -X DELETE https://api.example.com/v1/projects/p1
# ruleid: http-delete-request
curl -XDELETE https://api.example.com/v1/projects/p1
# ruleid: http-delete-request
curl --request=DELETE https://api.example.com/v1/projects/p1
# ruleid: http-delete-request
curl --request DELETE "$API_URL/v1/projects/p1"
# ruleid: gh-repo-delete
gh repo delete acme/site --yes
# ruleid: http-delete-control-plane
gh api -X DELETE repos/acme/site
