#!/bin/sh
# Fixture: catalog §2.11 row added by the audit. Never executed.

# ruleid: http-destructive-json-body
curl -sS -X PATCH "https://api.example.com/v1/environments/$ENV_ID" -H 'Content-Type: application/json' -d '{"volumes": {"v1": {"isDeleted": true}}}'
# ruleid: http-destructive-json-body
curl -X POST https://api.example.com/v1/deployments --json '{"force":true,"service":"api"}'
# ok: http-destructive-json-body
curl -X PATCH https://api.example.com/v1/items/1 -d '{"isDeleted": false}'
# ok: http-destructive-json-body
curl -X POST https://api.example.com/v1/items -d '{"name": "widget"}'
