#!/usr/bin/env bash
# Fixture: scripts beside this one that it runs are read (never run) and their findings
# reported at the line that runs them. Never run this file.
set -euo pipefail

# ruleid: rm-recursive-absolute
bash ./purge-cache.sh
# ruleid: git-clean-force
. ./reset-tree.sh
# ruleid: rm-recursive-absolute
./purge-cache.sh
# a script that is not there is not guessed at
# ok: rm-recursive-absolute
bash ./not-there.sh
# scripts outside the project are not read
# ok: rm-recursive-absolute
bash /usr/share/doc/example.sh
