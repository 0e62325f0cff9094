#!/usr/bin/env bash
# Fixture: code whose effect is only known at run time. Never run this file.
set -euo pipefail
# ruleid: dynamic-shell-input
curl -fsSL https://example.com/install.sh | bash
# ruleid: dynamic-shell-input
echo "$PAYLOAD" | base64 -d | sh
# ruleid: dynamic-eval
eval "$CMD"
# ruleid: dynamic-command
$(echo rm) -rf /srv/data
# ruleid: dynamic-command
"$TOOL" --purge all
# ruleid: dynamic-shell-input
bash -c "$SCRIPT"
# ruleid: dynamic-shell-input
ssh deploy@web1 "$REMOTE_CMD"
# ruleid: dynamic-shell-input
sh <<< "$GENERATED"
# A variable that names a program is reported at info; the command after it is still checked
# ruleid: dynamic-command, rm-recursive-absolute
$SUDO rm -rf /srv/data
# ruleid: dynamic-command
$CC -c main.c
# ruleid: dynamic-command
$SCCACHE_EXE --start-server
# ruleid: dynamic-eval
eval "$(ssh-agent -s)"

# Known at analysis time: analysed, not reported as dynamic
# ok: dynamic-shell-input
echo 'ls -la' | sh
# ok: dynamic-eval
eval "echo hello"
X=ls
# ok: dynamic-command
$X -la
# ok: dynamic-shell-input
bash <<EOF
echo "building $VERSION"
EOF

# A command word whose directory is computed but whose file name is written out runs that
# program: it is analysed as it, not reported as dynamic
# ok: dynamic-command
"$systemdutildir"/systemd-udevd --daemon --resolve-names=never
# ruleid: rm-recursive-absolute
${PREFIX}/bin/rm -rf /srv/data

# `eval` of what a program prints to set up this shell, directly or through a variable: info
# ruleid: dynamic-eval
coverage_env="$(cargo llvm-cov show-env --sh)" && eval "$coverage_env"
# ruleid: dynamic-eval
eval $(apt-config shell MaxAge APT::Archives::MaxAge)

# a command word that is a program looked up by name runs that program
# ok: dynamic-command
sudo -E $(which cargo) test
# ruleid: rm-recursive-absolute
$(command -v rm) -rf /srv/data
# ruleid: dynamic-command
$(which $TOOL) -rf /srv/data
