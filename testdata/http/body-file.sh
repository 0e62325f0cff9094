#!/usr/bin/env bash
# Fixture: a GraphQL body kept in a file beside the script (read, never run). Never run this file.
set -euo pipefail
# ruleid: railway-volume-delete
curl -s https://backboard.railway.com/graphql/v2 -H "Project-Access-Token: $RAILWAY_TOKEN" --data-binary @payloads/delete-volume.json
# ok: railway-volume-delete
curl -s https://backboard.railway.com/graphql/v2 -d @payloads/missing.json
