#!/usr/bin/env bash
# Fixture: recursive deletes. Never run this file.

# ruleid: rm-recursive-root
rm -rf /
# ruleid: rm-recursive-root
sudo rm -rf --no-preserve-root /
# ruleid: rm-recursive-root
rm -r -f -- /*
# ruleid: rm-recursive-home
rm -rf ~
# ruleid: rm-recursive-home
rm -rf "$HOME"
# ruleid: rm-recursive-home
rm -rf /home/deploy
# ruleid: rm-recursive-system
rm -rf /etc
# ruleid: rm-recursive-system
env LC_ALL=C rm -fr /usr/lib
# ruleid: rm-recursive-absolute
rm -rf /srv/data
# ruleid: rm-recursive-absolute
nohup rm -rf /srv/old-data &
# ruleid: rm-recursive-absolute
timeout 60 rm --recursive --force /var/lib/mysql

# Spellings of the command word
# ruleid: rm-recursive-absolute
\rm -rf /var/lib/postgresql
# ruleid: rm-recursive-absolute
/bin/rm -r -f /var/lib/redis
# ruleid: rm-recursive-system
'rm' -rf /opt
# ruleid: rm-recursive-system
r"m" -rf /usr
# ruleid: rm-recursive-absolute
$'\x72\x6d' -rf /var/lib/app
# ruleid: rm-recursive-root
{rm,-rf,/}
ls /tmp
# ruleid: rm-recursive-absolute
\rm -rf /srv/after-a-command

# Constant propagation and function calls
D=/srv/www
# ruleid: rm-recursive-absolute
rm -rf "$D"
X=rm
# ruleid: rm-recursive-absolute
$X -rf /var/www/html
wipe() { rm -rf "$@"; }
# ruleid: rm-recursive-absolute
wipe /var/lib/elasticsearch

# A variable that may be empty in front of a path
# ruleid: rm-recursive-variable-root
rm -rf "$CACHE_ROOT/"*

# Not reported
# ok: rm-recursive-absolute
rm -rf ./build
# ok: rm-recursive-absolute
rm -rf node_modules/.cache
# ok: rm-recursive-root
rm -f /
# ok: rm-recursive-absolute
rm -f /var/run/app.pid
tmp=$(mktemp -d)
# ok: rm-recursive-absolute
rm -rf "$tmp"
# ok: rm-recursive-absolute
rm -rf /tmp/build-cache
# ok: rm-recursive-absolute
rm -rf /var/lib/apt/lists/*
# ok: rm-recursive-variable-root
rm -rf "${CACHE_ROOT:?}/"*
# ok: rm-recursive-home
rm -rf ~/.cache/pip
