#!/usr/bin/env bash
# Fixture: relative deletes are judged from the directory earlier cd/pushd moved to. Never run
# this file.

# a cd in a subshell, a substitution or a function body moves nothing here
(cd / && ls)
root=$(cd / && pwd)
goto_root() { cd /; }
# ok: rm-recursive-absolute
rm -rf build

cd ..
# ruleid: rm-recursive-parent
rm -rf build
# ruleid: rm-recursive-cwd, rm-recursive-parent
rm -rf .

cd /
# ruleid: rm-recursive-absolute
rm -rf build
# ruleid: rm-recursive-cwd, rm-recursive-root
rm -rf *
# ruleid: rm-recursive-root, find-delete
find . -delete

pushd /etc
# ruleid: rm-recursive-system
rm -rf nginx
popd

{ cd /srv; }
# ruleid: rm-recursive-absolute
rm -rf data

cd "$WORKDIR"
# somewhere not known: judged as written
# ok: rm-recursive-absolute
rm -rf data

cd /tmp/work
# ok: rm-recursive-absolute
rm -rf cache
