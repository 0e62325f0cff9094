#!/bin/bash
# Fixture: HTTP DELETE requests. Never run this file.
set -euo pipefail

# reads and writes that are not DELETEs stay silent
# ok: http-delete-request
curl -fsS https://api.example.com/v1/health
# ok: http-delete-request
curl -X POST https://api.example.com/v1/deployments -d '{"ref":"main"}'
# ok: http-delete-request
curl -sS -H "Authorization: Bearer $TOKEN" https://api.vercel.com/v9/projects/acme-web | jq .id
# ok: http-delete-request
curl -X PATCH -d 'method=DELETE' https://api.example.com/v1/settings
# ok: http-delete-request
wget -qO- https://api.example.com/v1/items
# ok: http-delete-request
http GET https://api.example.com/v1/items/7
# ok: http-delete-request
gh api graphql -f query='query { viewer { login } }'
# ok: http-delete-request
gh api repos/acme/site/branches
# ok: http-delete-request
curl -s -X POST https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer $RAILWAY_API_TOKEN" -d '{"query":"query { me { id } }"}'

# generic DELETEs
# ruleid: http-delete-request
curl -X DELETE "https://api.example.com/v1/projects/$PROJECT_ID"
# ruleid: http-delete-request
curl -sS -H 'Content-Type: application/json' --request DELETE https://api.example.com/v1/users/42
# ruleid: http-delete-request
resp=$(curl -s -w '%{http_code}' -o /dev/null -X DELETE "$API/v1/items/$ID")
# ruleid: http-delete-request
wget --method=DELETE --header "Authorization: Bearer $T" -O - https://api.example.com/v1/items/7
# ruleid: http-delete-request
xh delete api.example.com/v1/items/7 "Authorization:Bearer $T"
# ruleid: http-delete-request
gh api --method DELETE repos/acme/site/git/refs/heads/old-branch
# ruleid: http-delete-request
curl -X DELETE https://api.github.com/repos/acme/site/issues/comments/123

# cloud control planes
# ruleid: http-delete-control-plane
curl -X DELETE -H "Authorization: Bearer $VERCEL_TOKEN" https://api.vercel.com/v9/projects/acme-web
# ruleid: http-delete-control-plane
curl -XDELETE -H "Authorization: token $GH_TOKEN" https://api.github.com/repos/acme/legacy-site
# ruleid: http-delete-control-plane
gh api -X DELETE repos/acme/legacy-site
# ruleid: http-delete-control-plane
gh api -XDELETE repos/acme/site/branches/main/protection
# ruleid: http-delete-control-plane
curl --request=DELETE "https://api.machines.dev/v1/apps/acme/volumes/vol_4y5m1n0p2q3r"
# ruleid: http-delete-control-plane
https DELETE api.netlify.com/api/v1/sites/3a7b2c1d "Authorization:Bearer $NETLIFY_TOKEN"
# ruleid: http-delete-control-plane
curl -X DELETE "https://api.supabase.com/v1/projects/abcdefghijklmnopqrst" -H "Authorization: Bearer $SUPABASE_ACCESS_TOKEN"
# ruleid: http-delete-control-plane
curl -X DELETE https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353
# ruleid: http-delete-control-plane
Invoke-RestMethod -Method Delete -Uri https://management.azure.com/subscriptions/0000/resourcegroups/prod-rg?api-version=2021-04-01

# search clusters: every index
# ruleid: http-delete-search-indices
curl -XDELETE 'http://localhost:9200/_all'
# ruleid: http-delete-search-indices
curl -X DELETE "http://es.internal:9200/logs-2023*"
# one named index is a plain DELETE
# ok: http-delete-search-indices
# ruleid: http-delete-request
curl -X DELETE "http://es.internal:9200/logs-2023.01.01"
# ok: http-delete-search-indices
curl -s 'http://localhost:9200/_cat/indices/logs-*?v'

# local servers
# ruleid: http-delete-localhost
curl -X DELETE http://localhost:8080/api/items/42
# ruleid: http-delete-localhost
http DELETE :3000/todos/1
# ok: http-delete-localhost
curl http://localhost:8080/api/items/42

# GitLab's CLI
# ruleid: http-delete-request
glab api -X DELETE projects/42/repository/branches/old-branch
# ruleid: http-delete-control-plane
glab api --method DELETE projects/acme%2Flegacy-site
# ruleid: http-delete-control-plane
curl --request DELETE --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "https://gitlab.example.com/api/v4/groups/42"
# ok: http-delete-request
glab api projects/42/repository/branches
# ruleid: graphql-destructive-mutation
glab api graphql -f query='mutation { destroyContainerRepository(input: {id: "gid://gitlab/ContainerRepository/1"}) { errors } }'
