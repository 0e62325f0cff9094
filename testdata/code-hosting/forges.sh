#!/usr/bin/env bash
# Fixture: code-hosting CLIs that delete repositories, releases, variables and issues. Never run this file.
set -euo pipefail

# ruleid: glab-repo-delete
glab repo delete acme/legacy-api -y
# ok: glab-repo-delete
glab repo archive acme/legacy-api
# ruleid: glab-release-delete
glab release delete v2.3.0 --with-tag --yes -R acme/web
# ruleid: glab-variable-delete
glab variable delete DEPLOY_TOKEN --scope production
# ok: glab-variable-delete
glab variable get DEPLOY_TOKEN

# ruleid: glab-issue-or-mr-delete
glab issue delete 1337 -R acme/web
# ok: glab-issue-or-mr-delete
glab issue close 1337 -R acme/web

# ruleid: tea-release-delete
tea releases delete --confirm --delete-tag v0.9.0
# ok: tea-release-delete
tea releases list
# ruleid: hub-delete
hub delete -y acme/old-service

# ruleid: gh-issue-delete
gh issue delete 4242 --yes
# ok: gh-issue-delete
gh issue close 4242 --comment "duplicate"
# ruleid: gh-cache-or-run-delete
gh cache delete --all -R acme/web
# ok: gh-cache-or-run-delete
gh run list --workflow ci.yml
