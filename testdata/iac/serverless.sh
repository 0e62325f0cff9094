#!/usr/bin/env bash
# Fixture: serverless application frameworks removing what they deployed. Never run this file.
set -euo pipefail

# ruleid: serverless-app-remove
npx serverless remove --stage production --aws-profile prod
# ruleid: serverless-app-remove
sls remove -s "$STAGE"
# ruleid: serverless-app-remove
sam delete --stack-name orders-api --region eu-west-1 --no-prompts
# ruleid: serverless-app-remove
amplify delete --force
# ruleid: serverless-app-remove
npx sst remove --stage production
# ruleid: serverless-app-remove
azd down -e prod --force --purge

# Not reported
# ok: serverless-app-remove
npx serverless deploy --stage production
# ok: serverless-app-remove
sls logs -f api -s dev
# ok: serverless-app-remove
sam build && sam deploy --no-confirm-changeset
# ok: serverless-app-remove
amplify push --yes
# ok: serverless-app-remove
npx sst deploy --stage production
# ok: serverless-app-remove
azd provision -e prod
