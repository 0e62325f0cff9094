#!/usr/bin/env bash
# Fixture: GraphQL mutations sent over HTTP. Never run this file.
# ruleid: railway-volume-delete
curl -s https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -d '{"query":"mutation { volumeDelete(volumeId: \"3f2b8c1e-9a4d-4c6e-8f1a-2b7d9e0c4a51\") }"}'
# ruleid: railway-environment-delete
curl -s https://backboard.railway.app/graphql/v2 --json '{"query":"mutation { \u0065nvironmentDelete(id: \"e-1\") }"}'
# ruleid: railway-volume-delete
curl -s https://backboard.railway.com/graphql/v2 --data-raw '{"query":"mutation D($v: String!) { volumeDelete(volumeId: $v) }","variables":{"v":"vol-1"}}'
# ruleid: graphql-destructive-mutation
gh api graphql -f query='mutation($id: ID!) { deleteRef(input: {refId: $id}) { clientMutationId } }' -f id="$REF_ID"
# ruleid: railway-project-delete
railway api 'mutation { projectDelete(id: "p-1") }'
# ruleid: railway-service-delete
http POST https://backboard.railway.com/graphql/v2 query='mutation { serviceDelete(id: "s-1") }'
curl -s https://backboard.railway.com/graphql/v2 --data @- <<'JSON'
{"query": "mutation {
  volumeDelete(volumeId: \"v-2\") }"}
JSON

# Not reported
# ok: graphql-destructive-mutation
gh api graphql -f query='query { viewer { login } }'
# ok: graphql-destructive-mutation
curl -s https://backboard.railway.com/graphql/v2 -d '{"query":"query { me { id } }"}'
# ok: graphql-destructive-mutation
curl -X POST https://api.example.com/v1/deployments -d '{"ref":"main"}'
# ok: graphql-destructive-mutation
curl -X POST https://api.example.com/v1/form -d 'name=delete&value=1'
