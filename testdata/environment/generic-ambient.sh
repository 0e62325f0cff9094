#!/usr/bin/env bash
# Fixture: CLIs with no target declaration, scoped on one call and not on another. Never run
# this file.
set -euo pipefail

# the plan scopes artisan with `--env` here …
php artisan migrate --env=testing
# … so a destructive call without it acts on the default environment
# ruleid: artisan-migrate-fresh, env-ambient-target
php artisan migrate:fresh --force
# pinned on the command
# ok: env-ambient-target
# ruleid: artisan-migrate-fresh
php artisan migrate:fresh --force --env=testing
# pinned by an environment variable on the command
# ok: env-ambient-target
# ruleid: artisan-migrate-fresh
APP_ENV=testing php artisan migrate:fresh --force

# `--cluster` on one couchbase-cli call, none on the other
couchbase-cli bucket-list --cluster couchbase://cb.internal -u admin -p "$CB_PASSWORD"
# ruleid: couchbase-bucket-delete-or-flush, env-ambient-target
couchbase-cli bucket-delete -u admin -p "$CB_PASSWORD" --bucket sessions

# an unknown CLI graded by the verb lexicon, scoped with `--project` on another call
acmectl --project acme volume list
# ruleid: destructive-verb, env-ambient-target
acmectl volume delete vol-data --yes
# ok: env-ambient-target
# ruleid: destructive-verb
acmectl --project acme volume delete vol-other --yes
# ok: env-ambient-target
# ruleid: destructive-verb
acmectl volume delete vol-cache --yes --projectId 7
# a program never seen scoped is not reported
# ok: env-ambient-target
# ruleid: kubeadm-reset
kubeadm reset -f
# `--env KEY=VALUE` sets a variable, it does not scope docker
docker run --env FOO=1 alpine true
# ok: env-ambient-target
# ruleid: docker-volume-prune
docker volume prune -f
