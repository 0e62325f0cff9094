#!/bin/sh
# Fixture: catalog §2.1 rows added by the audit. Never executed.

# ruleid: rm-recursive-parent
rm -rf ..
# ruleid: rm-recursive-parent
rm -rf ../shared-config
# ok: rm-recursive-parent
rm -rf ./build
# ok: rm-recursive-parent
cd .. && ls

# after `cd ..` this is the parent of the directory the script started in
# ruleid: rm-recursive-cwd, rm-recursive-parent
rm -rf .
# ruleid: rm-recursive-cwd
cd "$BUILD_DIR"; rm -rf *
# ruleid: rm-recursive-cwd
rm -r -- ./.*
# ok: rm-recursive-cwd
rm -rf ./build dist
# ok: rm-recursive-cwd
rm -f *.o *
# ok: rm-recursive-cwd
rm -rf '*.tmp'

# ruleid: sfdisk-write-partition-table
sfdisk /dev/sdb < layout.sfdisk
# ok: sfdisk-write-partition-table
sfdisk --dump /dev/sdb > backup.sfdisk

# ruleid: fdisk-edit-partition-table
printf 'o\nn\np\n1\n\n\nw\n' | fdisk /dev/sdb
# ok: fdisk-edit-partition-table
fdisk -l /dev/sdb

# ruleid: cmd-format-drive
format D: /q /y
# ok: cmd-format-drive
clang-format -i src/main.c

# ruleid: cp-dev-null-truncate
cp /dev/null production.sqlite3
# ruleid: cp-dev-null-truncate
cp /dev/null /var/log/app.log
# ok: cp-dev-null-truncate
cp .env.example .env
