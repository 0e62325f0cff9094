#!/usr/bin/env bash
# Fixture: a backslash-newline inside a word is removed before bash splits words. Never run this
# file.
# ruleid: git-reset-hard
git re\
set --hard
# ruleid: git-clean-force
git cl\
ean -f\
d
# ok: git-reset-hard
git reset \
  --soft HEAD~1
