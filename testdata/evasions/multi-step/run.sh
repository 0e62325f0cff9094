#!/usr/bin/env bash
# Fixture: known guard evasions — the destructive command is somewhere else: a package.json script,
# a Makefile target, a symlink. package.json and Makefile beside this file are read, never run.
# Never run this file.

# ruleid: rm-recursive-root
npm run clean
# ruleid: rm-recursive-root
npm run-script clean -- --verbose
# ruleid: rm-recursive-root
yarn wipe
# ruleid: rm-recursive-root
pnpm run wipe
# `npm test` runs `pretest` first
# ruleid: git-reset-hard
npm test
# ruleid: rm-recursive-root
make nuke
# ruleid: rm-recursive-root
make -k all
# `reset` depends on `nuke`: make runs it first
# ruleid: rm-recursive-root
make reset
# A symlink into a protected path, then a delete through it
ln -s / root-link
# ruleid: rm-recursive-root
rm -rf root-link/
ln -sfn /etc conf
# ruleid: rm-recursive-system
rm -rf conf/*

# Scripts and targets that do nothing destructive
# ok: rm-recursive-root
npm run build
# ok: rm-recursive-root
make build
# A package.json or Makefile that is not there runs nothing
# ok: rm-recursive-root
npm --prefix ../elsewhere run clean
