#!/usr/bin/env bash
# Fixture: SDK calls in code run by an interpreter, rebuilt as command lines for the verb
# lexicon. Never run this file.

# ----- calls whose name carries a destructive verb ----------------------------------------------
# ruleid: destructive-verb
python3 -c 'import boto3; boto3.client("s3").delete_bucket(Bucket="prod-data")'
# ruleid: destructive-verb
python3 -c 'import boto3; boto3.client("rds").delete_db_instance(DBInstanceIdentifier="prod", SkipFinalSnapshot=True)'
# ruleid: destructive-verb
python3 -c 'import boto3; boto3.client("ec2").terminate_instances(InstanceIds=["i-0abc"])'
# ruleid: destructive-verb
python3 -c 'from google.cloud import storage; storage.Client().bucket("prod-data").delete(force=True)'
# ruleid: destructive-verb
python3 -c 'from google.cloud import bigquery; bigquery.Client().delete_dataset(ds, delete_contents=True)'
# ruleid: destructive-verb
node -e 'db.getSiblingDB("logs").dropDatabase()'
# ruleid: destructive-verb
python3 -c 'import redis; redis.Redis().flushall()'
# ruleid: destructive-verb
ruby -e 'User.destroy_all'
python3 - <<'EOF'
import boto3
params = {"Bucket": "prod-backups", "Force": True}
s3 = boto3.client("s3")
# ruleid: destructive-verb
s3.delete_bucket(**params)
EOF

# ----- everyday calls: no destructive verb, or one on something that holds no data --------------
# ok: destructive-verb
python3 -c 'import boto3; print(boto3.client("s3").list_buckets())'
# ok: destructive-verb
python3 -c 'import sys; print("done"); sys.stdout.flush()'
# ok: destructive-verb
python3 -c 'import pandas as pd; df = pd.read_csv("x.csv").drop(columns=["tmp"]); print(df)'
# ok: destructive-verb
node -e 'const h = new Headers(); h.delete("x-debug"); const m = new Map(); m.delete("a")'
# ok: destructive-verb
python3 -c 'import queue; q = queue.Queue(); print(q.empty())'
