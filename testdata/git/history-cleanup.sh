#!/usr/bin/env bash
# Fixture: history purges, mirror pushes and local ref/worktree deletes. Never run this file.
set -euo pipefail

# ruleid: git-filter-branch
git filter-branch --index-filter 'git rm --cached --ignore-unmatch secrets.env' HEAD
# ruleid: git-filter-branch
git filter-branch -f --tree-filter 'rm -f id_rsa' -- --all
# ruleid: git-filter-repo
git filter-repo --path secrets.env --invert-paths
# ruleid: git-filter-repo
git filter-repo --force --replace-text expressions.txt
# ruleid: git-filter-repo
git-filter-repo --strip-blobs-bigger-than 10M --force
# ruleid: git-reflog-expire-now
git reflog expire --expire=now --all
# ruleid: git-reflog-expire-now
git reflog expire --expire-unreachable now --all
# ruleid: git-gc-prune-now
git gc --prune=now --aggressive
# ruleid: git-gc-prune-now
git prune --expire now
# ruleid: git-push-mirror
git push --mirror git@github.com:acme/app.git
# ruleid: git-push-mirror
git push --prune origin 'refs/heads/*:refs/heads/*'
# ruleid: git-branch-force-delete
git branch -D feature/spike
# ruleid: git-branch-force-delete
git branch --delete --force old-experiment
# ruleid: git-stash-drop
git stash drop stash@{1}
# ruleid: git-tag-delete
git tag -d v1.2.0
# ruleid: git-update-ref-delete
git update-ref -d refs/heads/release
# ruleid: git-worktree-remove-force
git worktree remove --force ../feature-x
# ruleid: git-submodule-deinit-force
git submodule deinit --all -f

# Not reported
# ok: git-filter-repo
git filter-repo --analyze
# ok: git-reflog-expire-now
git reflog expire --expire=90.days.ago --all
# ok: git-reflog-expire-now
git reflog show main
# ok: git-gc-prune-now
git gc
# ok: git-gc-prune-now
git prune --dry-run
# ok: git-gc-prune-now
git remote prune origin
# ok: git-push-mirror
git push --mirror --dry-run backup
# ok: git-push-mirror
git fetch --prune origin
# ok: git-branch-force-delete
git branch -d merged-feature
# ok: git-branch-force-delete
git branch -m old-name new-name
# ok: git-stash-drop
git stash pop
# ok: git-tag-delete
git tag -a v1.3.0 -m "release 1.3.0"
# ok: git-update-ref-delete
git update-ref refs/heads/release HEAD
# ok: git-worktree-remove-force
git worktree remove ../feature-x
# ok: git-submodule-deinit-force
git submodule deinit vendor/lib
git stash list
git tag -l
