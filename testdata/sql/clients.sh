#!/bin/bash
# Fixture: SQL reaching database clients. Never run this file.
# ruleid: sql-drop-database
mysql -h db.internal -u root -e "DROP DATABASE shop;"
# ruleid: sql-delete-without-where
psql -h db.internal -d app -c "DELETE FROM orders;"
# ruleid: sql-truncate
psql -h db.internal -d app --command='TRUNCATE TABLE audit_log;'
# ruleid: sql-drop-schema
psql "$DATABASE_URL" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'
# ruleid: sql-update-without-where
sqlite3 app.db "UPDATE users SET admin = 1"
# ruleid: sql-drop-table
clickhouse-client --query "DROP TABLE events ON CLUSTER main"
# ruleid: sql-alter-table-drop
cqlsh -e "ALTER TABLE shop.users DROP email"
# ruleid: sql-drop-database
cqlsh -e "DROP KEYSPACE IF EXISTS shop"
# ruleid: sql-drop-database
snowsql -c prod -q "DROP DATABASE analytics"
# ruleid: sql-drop-table
snow sql -q "DROP TABLE analytics.public.events"
# ruleid: sql-drop-schema
bq query --nouse_legacy_sql 'DROP SCHEMA analytics CASCADE'
# ruleid: sql-truncate
sqlcmd -S db.internal -d shop -Q "TRUNCATE TABLE dbo.orders"
# ruleid: sql-drop-table
trino --server https://trino.internal --execute "DROP TABLE hive.web.page_views"
# ruleid: sql-drop-database
beeline -u jdbc:hive2://hive.internal:10000 -e "DROP DATABASE sales CASCADE"
# ruleid: sql-drop-table
spark-sql --master yarn -e "DROP TABLE events"
# ruleid: sql-delete-without-where
impala-shell -i impala.internal -q "DELETE FROM kudu_events"
# ruleid: sql-drop-schema
vsql -h vertica.internal -U dbadmin -c "DROP SCHEMA staging CASCADE"
# ruleid: sql-drop-table
usql postgres://db.internal/app -c "DROP TABLE accounts"
# ruleid: sql-truncate
mycli -h db.internal -u root -e "TRUNCATE TABLE sessions"
# ruleid: sql-drop-table
dolt sql -q "DROP TABLE customers"
# ruleid: sql-delete-without-where
turso db shell prod-db "DELETE FROM users"
psql "$DATABASE_URL" <<'SQL'
BEGIN;
-- ruleid: sql-drop-table
DROP TABLE accounts;
COMMIT;
SQL
# ruleid: sql-truncate
echo "TRUNCATE cache_entries;" | psql -h db.internal app
TABLE=sessions
psql -h db.internal app <<SQL
-- ruleid: sql-delete-without-where
DELETE FROM $TABLE;
SQL

# Not reported
# ok: sql-delete-without-where
psql -h db.internal -d app -c "DELETE FROM sessions WHERE expires_at < now();"
# ok: sql-drop-table
mysql -h db.internal -u report -e "SHOW TABLES;"
# ok: sql-drop-table
psql -h db.internal -c "BEGIN; DROP TABLE accounts; ROLLBACK;"
# ok: sql-drop-database
psql -h db.internal -c "SELECT 'DROP DATABASE shop' AS reminder;"
# ok: sql-drop-table
snowsql -c prod -q "SELECT COUNT(*) FROM analytics.public.events"
# ok: sql-drop-schema
bq query --nouse_legacy_sql 'SELECT * FROM analytics.events LIMIT 10'
# ok: sql-drop-table
trino --execute "SHOW TABLES FROM hive.web"
# ok: sql-drop-database
cqlsh -e "DESCRIBE KEYSPACES"
# ok: sql-delete-without-where
turso db shell prod-db "SELECT count(*) FROM users"
