#!/usr/bin/env bash
# Fixture: IDs of destructive commands whose rules do not declare where their IDs are (the
# generic fallback). Never run this file.
set -euo pipefail

# a positional that is an opaque ID
# ruleid: supabase-storage-functions-branches-delete, env-unverified-id
supabase branches delete 3f1c2a9e-4b7d-4e21-9f0a-2b6c8d1e5f77 --project-ref abcdefghijklmnop
# ruleid: exo-delete, env-unverified-id
exo compute instance delete 5d2b7c1e-8a4f-4b3d-9e6a-1f0c2d3e4b5a -A sandbox
# an option named like an ID
# ruleid: oci-terminate-or-delete, env-unverified-id
oci bv volume delete --volume-id ocid1.volume.oc1.phx.abyhqljr2x7 --force --profile sandbox
# ruleid: oci-terminate-or-delete, env-unverified-id
oci compute instance terminate --instance-id=ocid1.instance.oc1.phx.anyhqljt9k2 --force --profile sandbox
# a variable the plan never sets, in an option named like an ID (here the only ID: a scope's)
# ruleid: wrangler-kv-delete, env-unverified-id
wrangler kv namespace delete --namespace-id "$KV_NAMESPACE_ID" -c wrangler.toml

# an unknown CLI graded by the verb lexicon
# ruleid: destructive-verb, env-unverified-id
acmectl volume delete vol_4y5m1n0p2q3r --yes
# ruleid: destructive-verb, env-unverified-id
acmectl delete thing --volume-id 3f1c2a9e-4b7d-4e21-9f0a-2b6c8d1e5f78 --yes

# looked up first
supabase branches get 7a1c2a9e-4b7d-4e21-9f0a-2b6c8d1e5f77 --project-ref abcdefghijklmnop
# ok: env-unverified-id
# ruleid: supabase-storage-functions-branches-delete
supabase branches delete 7a1c2a9e-4b7d-4e21-9f0a-2b6c8d1e5f77 --project-ref abcdefghijklmnop

# names are not IDs: a name holding a hash, a word behind a prefix
# ok: env-unverified-id
# ruleid: supabase-storage-functions-branches-delete
supabase branches delete feature-5f7c9d8b6d-login --project-ref abcdefghijklmnop
# ok: env-unverified-id
# ruleid: exo-delete
exo compute instance delete db-primary -A sandbox
# a variable in a positional counts only when it is named like an ID
# ok: env-unverified-id
# ruleid: exo-delete
exo compute instance delete "$INSTANCE_NAME" -A sandbox

# local operations: hex names are commit hashes, container volumes, paths
# ok: env-unverified-id
# ruleid: git-reset-hard
git reset --hard 3f2b8c1e9a4d5c6e7f8a9b0c1d2e3f4a5b6c7d8e
# ok: env-unverified-id
# ruleid: git-branch-force-delete
git branch -D 3f2b8c1e9a4d
# ok: env-unverified-id
# ruleid: docker-volume-rm
docker volume rm 4f2a9c1b3d5e6f708192a3b4c5d6e7f8
