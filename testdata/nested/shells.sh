#!/usr/bin/env bash
# Fixture: commands nested in other commands. Never run this file.

# ruleid: rm-recursive-absolute
bash -c 'rm -rf /var/www/html'
# ruleid: rm-recursive-absolute
bash -e -lc "set -x; rm -rf /srv/cache"
# ruleid: dropdb-database
sh -c "dropdb app"
# ruleid: sql-drop-database
docker exec -i pg psql -U postgres -c "DROP DATABASE app;"
# ruleid: rm-recursive-absolute
kubectl exec -it deploy/api -c app -- sh -c 'rm -rf /data/*'
# ruleid: rm-recursive-absolute
ssh -p 2222 deploy@web1 'rm -rf /srv/app/releases'
# ruleid: rm-recursive-home
su -c 'rm -rf /home/deploy' root
# ruleid: rm-recursive-absolute
echo 'rm -rf /var/lib/postgresql' | bash
# ruleid: rm-recursive-home
eval "rm -rf /home/builder"
# ruleid: rm-recursive-absolute
printf 'rm -rf %s\n' /srv/data | sh
# ruleid: rm-recursive-absolute
echo cm0gLXJmIC9zcnYvZGF0YQo= | base64 -d | sh
# ruleid: rm-recursive-absolute
find /srv/jobs -name '*.lock' -exec sh -c 'rm -rf /srv/cache/build' \;
# ruleid: rm-recursive-absolute
xargs -a hosts.txt sh -c 'rm -rf /srv/old'
# ruleid: rm-recursive-absolute
sudo -u app bash -c "nohup rm -rf /srv/uploads &"
bash <<'EOF'
# ruleid: rm-recursive-absolute
rm -rf /srv/from-heredoc
EOF
cat <<'EOF' | sh
# ruleid: rm-recursive-absolute
rm -rf /srv/from-cat
EOF
# ruleid: rm-recursive-absolute
bash <<< 'rm -rf /srv/from-herestring'
# ruleid: git-reset-hard
flock /tmp/deploy.lock -c 'git reset --hard origin/main'

# Data, not commands: these only mention destructive commands
# ok: rm-recursive-root
grep -rn "rm -rf /" docs/ || true
# ok: rm-recursive-root
git commit -m "stop running rm -rf / in setup.sh"
# ok: sql-drop-database
echo "never run DROP DATABASE against production"
cat <<'EOF' > NOTES.md
# ok: kubectl-delete-namespace
kubectl delete namespace payments
EOF
# ok: terraform-destroy
gh issue create --title "cleanup" --body "terraform destroy is disabled here"
# ok: terraform-destroy
printf '%s\n' "terraform destroy is disabled here"
# ok: rm-recursive-root
bash -n -c 'true'
