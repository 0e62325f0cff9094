#!/usr/bin/env bash
# Fixture: key-value and time-series stores that delete key ranges, buckets or state. Never run this file.
set -euo pipefail

# ruleid: etcdctl-del-range
ETCDCTL_API=3 etcdctl --endpoints "$ETCD" del "" --prefix
# ruleid: etcdctl-del-range
etcdctl del /registry/secrets/default --prefix
# ok: etcdctl-del-range
etcdctl get /registry/secrets/default --prefix --keys-only
# ruleid: etcdctl-del
etcdctl del app/feature-flag

# ruleid: consul-kv-delete-recurse
consul kv delete -recurse
# ruleid: consul-kv-delete-recurse
consul kv delete -http-addr=https://consul.internal:8501 -recurse config/
# ok: consul-kv-delete-recurse
consul kv get -recurse config/
# ruleid: consul-kv-delete
consul kv delete config/app/flag
# ruleid: consul-snapshot-restore
consul snapshot restore /backups/consul.snap

# ruleid: influx-delete
influx delete --bucket telemetry --start 1970-01-01T00:00:00Z --stop "$(date -u +%FT%TZ)"
# ruleid: influx-delete
influx bucket delete --name telemetry --org acme
# ok: influx-delete
influx bucket list --org acme

# ruleid: couchbase-bucket-delete-or-flush
couchbase-cli bucket-flush -c couchbase://db1 -u Administrator -p "$CB_PASSWORD" --bucket sessions --force
# ok: couchbase-bucket-delete-or-flush
couchbase-cli bucket-list -c couchbase://db1 -u Administrator -p "$CB_PASSWORD"

# ruleid: redis-cli-flush
valkey-cli -h cache.internal FLUSHALL
# ok: redis-cli-flush
keydb-cli -h cache.internal INFO keyspace
