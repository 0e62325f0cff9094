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
