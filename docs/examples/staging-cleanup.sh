#!/usr/bin/env bash
# The incident behind preflight, as the agent's cleanup script for the staging environment.
# Never run it: `preflight check docs/examples/staging-cleanup.sh` reads it without running it.
set -euo pipefail

# free the disk the staging database used
curl -sS https://backboard.railway.app/graphql/v2 \
  -H "Authorization: Bearer $RAILWAY_API_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"query":"mutation { volumeDelete(volumeId: \"3f6c2a1e-9b7d-4e2f-8a51-c0d4e7b9a612\") }"}'
