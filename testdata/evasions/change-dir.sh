#!/usr/bin/env bash
# Fixture: the Makefile, package.json or script a command runs is looked up where the earlier
# `cd`s moved to. (Each case leaves the directory it moved to, so that it also stands alone.)
# Never run this file.

# ruleid: rm-recursive-root
cd multi-step && make nuke; cd ..
cd multi-step
# ruleid: rm-recursive-root
npm run clean; cd ..
cd ./no-such-dir/../multi-step/
# ruleid: git-reset-hard
npm test; cd ..
cd /nowhere-known
# the directory does not hold a Makefile: nothing to follow
# ok: rm-recursive-root
make nuke
cd "$SOMEWHERE"
# where `$SOMEWHERE` is, is not known: no Makefile of another directory is taken for its one
# ok: rm-recursive-root
make nuke
