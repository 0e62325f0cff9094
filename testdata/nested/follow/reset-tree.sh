# Fixture: sourced by release.sh; it sources itself, which must not loop. Never run this file.
# ruleid: git-clean-force
git clean -fdx
# ruleid: git-clean-force
. ./reset-tree.sh
