#!/usr/bin/env bash
# Fixture: database client CLIs that drop or empty data. Never run this file.
set -euo pipefail

# ruleid: dropdb-database
dropdb --if-exists app_production
# ruleid: dropdb-database
dropdb app
# ruleid: dropdb-database
sudo -u postgres dropdb -h db.internal -p 5432 --force analytics
# ruleid: mysqladmin-drop
mysqladmin -h db.internal -u root -f drop shop
# ruleid: mysqladmin-drop
mariadb-admin --user=root drop legacy
# ruleid: redis-cli-flush
redis-cli -h cache.internal FLUSHALL
# ruleid: redis-cli-flush
redis-cli -n 0 flushall async
# ruleid: redis-cli-flush
redis-cli --tls -h redis.internal -p 6380 -a "$REDIS_PASSWORD" --user app FlushDB
# ruleid: redis-cli-flush
redis-cli -u "redis://:secret@cache.internal:6379/2" flushdb
# ruleid: mongosh-drop-database
mongosh "mongodb://db.internal/app" --eval 'db.dropDatabase()'
# ruleid: mongosh-drop-database
mongo --host db.internal --port 27017 -u admin -p "$PW" app --eval "db.getSiblingDB('logs').dropDatabase()"
# ruleid: mongosh-drop-collection
mongosh app --quiet --eval 'db.sessions.drop()'
# ruleid: mongosh-delete-all-documents
mongosh "$MONGODB_URI" --eval 'db.users.deleteMany({})'
# ruleid: mongosh-delete-all-documents
mongo app --eval 'db.events.remove( {} )'
# ruleid: pg-restore-clean
pg_restore --clean --if-exists -h db.internal -d app backup.dump
# ruleid: pg-restore-clean
pg_restore -c -j 4 -d "$DATABASE_URL" nightly.dump
# ruleid: mongorestore-drop
mongorestore --drop --uri "mongodb://db.internal/app" dump/

# Not reported
# ok: dropdb-database
createdb app
# ok: dropdb-database
dropdb --help
# ok: mysqladmin-drop
mysqladmin -h db.internal -u root create shop
# ok: mysqladmin-drop
mysqladmin -h db.internal status
# ok: redis-cli-flush
redis-cli -h cache.internal INFO memory
# ok: redis-cli-flush
redis-cli -n 3 DEL flushall
# ok: redis-cli-flush
redis-cli -h cache.internal --scan --pattern 'session:*'
# ok: mongosh-drop-database
mongosh app --eval 'db.stats()'
# ok: mongosh-drop-collection
mongosh app --eval 'db.sessions.dropIndexes()'
# ok: mongosh-delete-all-documents
mongosh app --eval 'db.users.deleteMany({banned: true})'
# ok: mongosh-delete-all-documents
mongosh app --eval 'db.users.find({}).limit(5)'
# ok: pg-restore-clean
pg_restore --clean -f restore.sql backup.dump
# ok: pg-restore-clean
pg_restore -d app_restore backup.dump
# ok: mongorestore-drop
mongorestore --drop --dryRun dump/
# ok: mongorestore-drop
mongorestore --nsFrom 'app.*' --nsTo 'app_restore.*' dump/
pg_dump "$DATABASE_URL" > backup.sql
psql -h db.internal -d app -c "SELECT count(*) FROM users;"
mysql -h db.internal -u report -e "SHOW TABLES;"
sqlite3 app.db ".tables"
clickhouse-client --host ch.internal --query "SELECT 1"
cqlsh cassandra.internal -e "DESCRIBE KEYSPACES"
