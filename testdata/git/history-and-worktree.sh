#!/usr/bin/env bash
# Fixture: git history rewrites and lost work. Never run this file.
set -euo pipefail
git fetch origin
git status --short
# ruleid: git-push-force
git push --force origin main
# ruleid: git-push-force
git -c core.pager=cat push -f origin feature
# ruleid: git-push-force
git push origin +release
# ruleid: git-push-force
git push origin feature --force
# ruleid: git-push-delete
git push origin --delete release/1.4
# ruleid: git-push-delete
git push origin :old-feature
# ruleid: git-reset-hard
git reset --hard HEAD~3
# ruleid: git-reset-hard
"git">/dev/null reset --hard
# ruleid: git-reset-hard
git -C vendor/lib reset --hard origin/main
# ruleid: git-clean-force
git clean -fdx
# ruleid: git-discard-changes
git checkout -- .
# ruleid: git-discard-changes
git checkout -f main
# ruleid: git-discard-changes
git restore .
# ruleid: git-stash-clear
git stash clear

# Not reported
# ok: git-push-force
git push --force-with-lease origin feature/lockfile
# ok: git-push-force
git push origin HEAD
# ok: git-discard-changes
git checkout main
# ok: git-discard-changes
git checkout -b fix/thing
# ok: git-discard-changes
git restore --staged README.md
# ok: git-clean-force
git clean -n
# ok: git-reset-hard
git reset --soft HEAD~1
git commit -m "git reset --hard is not run here"
git stash push -m wip
git branch -d merged-feature
