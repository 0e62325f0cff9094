#!/usr/bin/env bash
# Fixture: known guard evasions — prefixes and wrappers around a destructive command. Never run
# this file.

# ----- prefixes and wrappers ---------------------------------------------------------------------
# ruleid: rm-recursive-root
FOO=1 rm -rf /
# ruleid: rm-recursive-root
A=1 B="two words" rm -rf /
# ruleid: rm-recursive-root
env rm -rf /
# ruleid: rm-recursive-root
env -i PATH=/bin rm -rf /
# ruleid: rm-recursive-root
env -u HOME rm -rf /
# ruleid: rm-recursive-root
env -S "rm -rf /"
# ruleid: rm-recursive-root
sudo -u root -E rm -rf /
# ruleid: rm-recursive-root
sudo --preserve-env -- rm -rf /
# ruleid: rm-recursive-root
doas -u root rm -rf /
# ruleid: rm-recursive-root
command rm -rf /
# ruleid: rm-recursive-root
builtin command rm -rf /
# ruleid: rm-recursive-root
exec rm -rf /
# ruleid: rm-recursive-root
nohup rm -rf / &
# ruleid: rm-recursive-root
nice -n 19 rm -rf /
# ruleid: rm-recursive-root
time rm -rf /
# ruleid: rm-recursive-root
timeout 10 rm -rf /
# ruleid: rm-recursive-root
timeout -s KILL 1m rm -rf /
# ruleid: rm-recursive-root
stdbuf -oL rm -rf /
# ruleid: rm-recursive-root
noglob rm -rf /
# ruleid: rm-recursive-root
watch -n 1 rm -rf /
# ruleid: rm-recursive-root
setsid rm -rf /
# ruleid: rm-recursive-root
flock /tmp/lock rm -rf /
# ruleid: rm-recursive-root
script -q -c 'rm -rf /' /dev/null
# ruleid: rm-recursive-root
su -c 'rm -rf /' root
# ruleid: rm-recursive-root
busybox rm -rf /
# ruleid: rm-recursive-root
ionice -c3 chrt -i 0 rm -rf /
# ruleid: rm-recursive-root
xargs rm -rf < /dev/null /
# ruleid: rm-recursive-root
echo / | xargs -I{} rm -rf {} /
# ruleid: rm-recursive-root
parallel rm -rf ::: /
# ruleid: find-delete, rm-recursive-root
find / -delete
# ruleid: rm-recursive-root
find /tmp -maxdepth 0 -exec rm -rf / \;
# ruleid: rm-recursive-root
find /tmp -maxdepth 0 -execdir rm -rf / +
# ruleid: rm-recursive-root
ssh prod-1 "rm -rf /"
# ruleid: rm-recursive-root
docker exec -it app sh -c "rm -rf /"
# ruleid: rm-recursive-root
kubectl exec deploy/api -- sh -c 'rm -rf /'
# Wrappers that run their arguments as a command
# ruleid: rm-recursive-root
strace -f rm -rf /
# ruleid: rm-recursive-root
unshare -r rm -rf /
# ruleid: rm-recursive-root
chronic rm -rf /
# ruleid: rm-recursive-root
eatmydata rm -rf /
# ruleid: rm-recursive-root
fakeroot rm -rf /
# ruleid: rm-recursive-root
proxychains4 -q rm -rf /
# ruleid: rm-recursive-root
firejail --quiet rm -rf /
# ruleid: rm-recursive-root
systemd-run --user --wait rm -rf /
# ruleid: rm-recursive-root
nsenter -t 1 -m -- rm -rf /
# ruleid: rm-recursive-root
gosu root rm -rf /
# ruleid: rm-recursive-root
aws-vault exec prod -- rm -rf /
# ruleid: rm-recursive-root
op run --env-file=.env -- rm -rf /
# ruleid: rm-recursive-root
doppler run -- rm -rf /
# Any unknown program given a destructive command line: it may run it
# ruleid: dynamic-wrapper
with-retries 3 rm -rf /
# ruleid: dynamic-wrapper
my-tool --quiet -- rm -rf /
# ruleid: dynamic-wrapper
run-as-deploy git reset --hard origin/main

# ----- git aliases -------------------------------------------------------------------------------
# ruleid: rm-recursive-root
git -c alias.cleanup='!rm -rf /' cleanup
# ruleid: git-reset-hard
git -c alias.sync='reset --hard' sync origin/main
# ruleid: rm-recursive-root
git config --global alias.nuke '!rm -rf /'
# ruleid: git-reset-hard
git config alias.undo 'reset --hard'

# Not evasions
# ok: dynamic-wrapper
which rm
# ok: dynamic-wrapper
apt-get install -y git
# ok: dynamic-wrapper
man rm
# ok: rm-recursive-root
git -c alias.st=status st
