#!/usr/bin/env bash
# Fixture: user accounts deleted with their files. Never run this file.
set -euo pipefail

# ruleid: userdel-remove-home
userdel -r deploy
# ruleid: userdel-remove-home
sudo userdel --remove --force "$OLD_USER"
# ruleid: userdel-remove-home
deluser --remove-home alice
# ruleid: userdel-remove-home
deluser --remove-all-files bob

# Not reported
# ok: userdel-remove-home
userdel deploy
# ok: userdel-remove-home
deluser --backup-to /srv/archive --remove-home alice
# ok: userdel-remove-home
usermod -L -e 1 deploy
