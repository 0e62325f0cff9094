#!/usr/bin/env bash
# Fixture: shell semantics a delete goes through before it is judged (paths normalized, the
# working directory moved by cd, xargs/parallel arguments, find's whole tree). Never run this file.

# --- xargs and parallel: arguments read at run time ---
# ruleid: dynamic-arguments
find . -name '*.log' | xargs rm -rf
# ruleid: dynamic-arguments
xargs -a list.txt rm -rf
# ruleid: dynamic-arguments
xargs rm -rf < list.txt
# ruleid: dynamic-arguments
cat dirs.txt | parallel rm -rf {}
# ruleid: dynamic-arguments
parallel -j4 rm -rf :::: dirs.txt
# ruleid: rm-recursive-root
parallel rm -rf ::: /
# input known before the run: judged as the command it makes
# ruleid: rm-recursive-absolute
echo /srv/data | xargs rm -rf
# ruleid: rm-recursive-system
echo nginx | xargs -I{} rm -rf /etc/{}
# ok: dynamic-arguments
echo build | xargs -I % rm -rf ./%
# no input line: nothing runs
# ok: dynamic-arguments
printf '' | xargs -I{} rm -rf {}
# ok: dynamic-arguments
ls | xargs -n1 echo
# ok: dynamic-arguments
find . -name '*.gz' -print0 | xargs -0 gzip -d
# ok: dynamic-arguments
parallel -j4 gzip ::: a.log b.log

# --- find deletes the whole tree from its start point ---
# ruleid: rm-recursive-cwd
find . -delete
# ruleid: rm-recursive-cwd
find . -exec rm -rf {} +
# ruleid: rm-recursive-cwd
busybox find . -delete
# ruleid: rm-recursive-cwd
find -mindepth 1 -delete
# ruleid: rm-recursive-parent
find .. -delete
# ruleid: find-delete, rm-recursive-root
find / -delete
# ruleid: find-delete, rm-recursive-home
find ~ -type f -delete
# ok: rm-recursive-cwd
find . -name '*.pyc' -delete
# ok: rm-recursive-cwd
find . -type d -empty -delete
# ok: rm-recursive-cwd
find . -exec chmod 644 {} +
# ok: rm-recursive-cwd
find build -delete

# --- paths are normalized before they are judged ---
# ruleid: rm-recursive-system
rm -rf /tmp/../etc
# ruleid: rm-recursive-root
rm -rf /tmp/../../
# ruleid: rm-recursive-root
rm -rf //
# ruleid: rm-recursive-absolute
rm -rf /var/cache/../lib/mysql
# ruleid: rm-recursive-absolute, env-unset-variable
rm -rf $TMPDIR/../x
# ruleid: rm-recursive-absolute
rm -rf ~deploy/app
# ruleid: rm-recursive-home
rm -rf ~deploy
# ruleid: rm-recursive-home, rm-recursive-system
rm -rf ~/..
# ok: rm-recursive-absolute
rm -rf /tmp/build/../cache
# ruleid: rm-recursive-cwd
rm -rf build/..
# ok: rm-recursive-cwd
rm -rf build/../dist
# ok: rm-recursive-absolute
rm -rf "$TMPDIR/a/../b"

# --- a variable reassigned by the command's own prefix is not the usual location ---
# ruleid: rm-recursive-absolute, env-unset-variable
TMPDIR=/ rm -rf $TMPDIR/x
# ruleid: rm-recursive-absolute
HOME= rm -rf $HOME/x
# ruleid: rm-recursive-root, rm-recursive-home
env HOME=/ rm -rf "$HOME"
# ok: rm-recursive-absolute
TMPDIR=/tmp/work rm -rf "$TMPDIR/x"

# --- caches under the home directory are scratch ---
# ok: rm-recursive-absolute
rm -rf ~/.cache/pip
# ok: rm-recursive-absolute
rm -rf "$HOME/.npm/_cacache"
# ok: rm-recursive-absolute
rm -rf ~/.cargo/registry/cache
# ok: rm-recursive-absolute
rm -rf ~/.gradle/caches
# ok: rm-recursive-absolute
rm -rf ~/Library/Caches/com.example.app
# ok: rm-recursive-absolute
rm -rf /root/.cache/go-build
# ruleid: rm-recursive-absolute
rm -rf ~/.cargo
# ruleid: rm-recursive-absolute
rm -rf ~/.cache/../projects
