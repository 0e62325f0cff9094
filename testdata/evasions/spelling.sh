#!/usr/bin/env bash
# Fixture: known evasions of command guards (research/agent-guards.md, "Known evasions a serious
# analyzer must catch"): spelling variants and command-word obfuscation. Never run this file.

# ----- spelling variants ------------------------------------------------------------------------
# ruleid: rm-recursive-root
rm    -rf     /
# ruleid: rm-recursive-root
rm -f -r /
# ruleid: rm-recursive-root
rm --recursive --force /
# ruleid: rm-recursive-root
rm -rfv /
# ruleid: rm-recursive-root
rm -r -- /
# ruleid: rm-recursive-root
rm -Rf --no-preserve-root /
# ruleid: git-push-force
git push --force=true origin main
# ruleid: rm-recursive-root
rm \
  -rf \
  /
# ruleid: git-reset-hard
git reset \
  --hard HEAD~3

# ----- command-word obfuscation -----------------------------------------------------------------
# ruleid: rm-recursive-root
/bin/rm -rf /
# ruleid: rm-recursive-root
../../usr/bin/rm -rf /
# ruleid: rm-recursive-root
\rm -rf /
# ruleid: rm-recursive-root
r''m -rf /
# ruleid: rm-recursive-root
"rm" -rf /
# ruleid: rm-recursive-root
'r'm -rf /
# ruleid: rm-recursive-root
r"m" -r"f" "/"
# ruleid: rm-recursive-root
$'\x72\x6d' -rf /
# ruleid: rm-recursive-root
$'\162\155' $'-\x72f' /
# ruleid: rm-recursive-root
rm${IFS}-rf${IFS}/
# ruleid: rm-recursive-root
rm$IFS-rf$IFS/
# ruleid: rm-recursive-root
{rm,-rf,/}
# A globbed command word: which program runs depends on the files there
# ruleid: dynamic-command
/bin/r? -rf /
# ruleid: dynamic-command
/usr/bin/[r]m -rf /
# Look-alike and invisible characters in the command word (a Cyrillic `м`; a zero-width space)
# ruleid: dynamic-command, rm-recursive-root
rм -rf /
# ruleid: dynamic-command, rm-recursive-root
r​m -rf /

# Not evasions: near misses that must stay quiet
# ok: dynamic-command
[ -d /srv ] && echo yes
# ok: dynamic-command
./configure --prefix=/usr
# ok: rm-recursive-root
echo "rm -rf /"
# ok: rm-recursive-root
rm -rf ./build
