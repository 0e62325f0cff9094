#!/bin/sh
# Fixture: SQL sent to databases over HTTP, in JSON bodies, raw bodies, form fields and URL
# query strings; operation names in JSON bodies. Never run this file.

# Cloudflare D1: {"sql": …}
# ruleid: sql-drop-table
curl -X POST "https://api.cloudflare.com/client/v4/accounts/$ACCOUNT/d1/database/$DB/query" -H "Authorization: Bearer $CF_TOKEN" -d '{"sql": "DROP TABLE users", "params": []}'
# Turso / libSQL pipeline: statements nested in requests
# ruleid: sql-drop-table
curl "https://app-db.turso.io/v2/pipeline" -H "Authorization: Bearer $TURSO_TOKEN" -d '{"requests": [{"type": "execute", "stmt": {"sql": "DROP TABLE sessions"}}, {"type": "close"}]}'
# Supabase / PostgREST rpc taking a query
# ruleid: sql-delete-without-where
curl -X POST "https://abcd.supabase.co/rest/v1/rpc/exec_sql" -H "apikey: $KEY" --json '{"query": "DELETE FROM orders"}'
# Databricks SQL statement execution
# ruleid: sql-truncate
curl -X POST https://dbc-1.cloud.databricks.com/api/2.0/sql/statements --data-raw '{"statement": "TRUNCATE TABLE sales", "warehouse_id": "abc"}'
# Neon serverless /sql
# ruleid: sql-drop-table
curl -X POST https://ep-cool-1.us-east-2.aws.neon.tech/sql -d '{"query": "DROP TABLE users", "params": []}'
# a list of statements
# ruleid: sql-drop-table
curl -d '{"statements": ["SELECT 1", "DROP TABLE audit_log"]}' https://db.example.com/v1/sql
# Hasura run_sql
# ruleid: sql-drop-schema
curl -X POST https://hasura.example.com/v2/query -d '{"type": "run_sql", "args": {"sql": "DROP SCHEMA app CASCADE"}}'
# wget with a JSON body
# ruleid: sql-drop-table
wget --method=POST --body-data '{"sql": "DROP TABLE users"}' -O - https://db.example.com/query
# HTTPie request items: a body field and a URL parameter
# ruleid: sql-drop-table
http POST https://db.example.com/query sql='DROP TABLE users'
# ruleid: sql-drop-table
http POST :8123 query=='DROP TABLE events'

# ClickHouse's HTTP interface: SQL in the URL, a form field or the raw body
# ruleid: sql-drop-table
curl 'http://localhost:8123/?query=DROP%20TABLE%20events'
# ruleid: sql-drop-table
curl 'https://ch.example.com:8443/?database=app&query=DROP+TABLE+events'
# ruleid: sql-truncate
curl -G --data-urlencode 'query=TRUNCATE TABLE events' http://localhost:8123/
# ruleid: sql-drop-table
curl -X POST http://localhost:8123/ --data-binary 'DROP TABLE events'
# InfluxDB 1.x: `q` in a form body
# ruleid: sql-drop-database
curl -XPOST 'http://influx.example.com:8086/query' --data-urlencode 'q=DROP DATABASE metrics'
# GraphQL in a GET request's query string
# ruleid: github-delete-issue
curl -G 'https://api.github.com/graphql' --data-urlencode 'query=mutation { deleteIssue(input: {issueId: "I_kwDOAbc123"}) { clientMutationId } }'

# reads stay silent
# ok: sql-drop-table
curl -d '{"query": "SELECT count(*) FROM users"}' https://db.example.com/v1/sql
# ok: sql-drop-table
curl 'http://localhost:8123/?query=SELECT%201'
# ok: sql-drop-table
curl -X POST https://api.example.com/v1/items -d '{"name": "drop table", "query": "red shoes"}'
# ok: sql-drop-table
curl 'https://api.example.com/search?q=drop+table+users'

# An operation named in a JSON body is read by the verb lexicon (src/lexicon.rs)
# ruleid: destructive-verb
curl -X POST https://api.example.com/v1/ops -d '{"action": "destroy_environment", "environment": "staging"}'
# ruleid: destructive-verb
curl -X POST https://rpc.example.com/ --json '{"jsonrpc": "2.0", "method": "deleteBackup", "params": {"backup": "nightly"}, "id": 1}'
# ok: destructive-verb
curl -X POST https://api.example.com/v1/ops -d '{"action": "list_environments"}'
# ok: destructive-verb
curl -X POST https://api.example.com/v1/cdn -d '{"operation": "purge_cache", "zone": "example.com"}'
