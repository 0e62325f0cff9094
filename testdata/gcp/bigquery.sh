#!/usr/bin/env bash
# Fixture: BigQuery tables and datasets deleted with bq. Never run this file.
set -euo pipefail

# ruleid: bq-rm
bq rm -f -t acme-prod:analytics.page_views
# ruleid: bq-rm
bq rm -r -f -d analytics_staging
# ruleid: bq-rm
bq --project_id=acme-prod rm -f --model analytics.churn_model

# Not reported
# ok: bq-rm
bq ls --max_results=100 analytics
# ok: bq-rm
bq show --format=prettyjson acme-prod:analytics.page_views
# ok: bq-rm
bq cp acme-prod:analytics.page_views acme-prod:analytics.page_views_backup
