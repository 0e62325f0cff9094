#!/bin/sh
# Fixture: command lines of programs no pack knows, read by the verb lexicon (rules/lexicon.toml).
# Never run this file.

# a destructive verb on a data-bearing noun: a warning; with an amplifier, an error
# ruleid: destructive-verb
acmectl volume delete vol-data
# ruleid: destructive-verb
acmectl volume delete vol-data --yes
# ruleid: destructive-verb
linodectl --profile ops databases rm main-pg --force
# ruleid: destructive-verb
scw-like rdb instance terminate pg-main
# ruleid: destructive-verb
tigrisctl DeleteBucket --bucket uploads
# ruleid: destructive-verb
acme-orm schema:drop --force
# ruleid: destructive-verb
./bin/acme-console orm:database:drop
# ruleid: destructive-verb
python3 tools/admin.py drop-tables --all
# ruleid: destructive-verb
meilictl indexes delete products
# ruleid: destructive-verb
typesense-cli collections drop books
# ruleid: destructive-verb, env-ambient-target
tea repos delete acme/website
# ruleid: destructive-verb
netlifyctl blobs delete --store uploads
# ruleid: destructive-verb
invoke db.reset
# ruleid: destructive-verb
acmectl --drop-database
# ruleid: destructive-verb
s4cmd rb s3://acme-archive

# a verb that destroys whatever it touches: a warning on its own
# ruleid: destructive-verb
devboxctl destroy -f
# ruleid: destructive-verb
stackctl nuke
# ruleid: destructive-verb
acmectl --config ops.yml wipe

# a verb that deletes something the lexicon has no noun for: info (reported, not failing)
# ruleid: destructive-verb
acmectl delete thing-1

# verbs on things that hold no data, reads and dry runs: quiet
# ok: destructive-verb
acmectl volume list
# ok: destructive-verb
acmectl show delete-protection
# ok: destructive-verb
acmectl get deletion-policy --volume vol-data
# ok: destructive-verb
acmectl cache purge
# ok: destructive-verb
acmectl image rm web:1.2
# ok: destructive-verb
acmectl volume delete vol-data --dry-run
# ok: destructive-verb
acmectl delete-bucket-policy --bucket uploads
# ok: destructive-verb
acmectl deploy --prune-old
# ok: destructive-verb
echo "delete the database"

# package managers and local build tools
# ok: destructive-verb
npm uninstall left-pad
# ok: destructive-verb
brew remove wget
# ok: destructive-verb
pip uninstall -y requests
# ok: destructive-verb
cargo clean
# ok: destructive-verb
make clean-db

# programs a pack knows are judged by their pack: `git branch -d` of a merged branch, `docker rmi`
# of a local image and `kubectl delete pod` of one pod (its controller recreates it) stay quiet
# ok: destructive-verb
git branch -d feature-x
# ok: destructive-verb
docker rmi web:1.2
# ok: destructive-verb
kubectl delete pod web-7d9f-abcde

# a function of the script is analysed where it is defined, not by its name
drop_db() {
  echo "not really"
}
# ok: destructive-verb
drop_db

# a verb whose own word names something the lexicon does not know acts on that, not on the
# noun before it
# ok: destructive-verb
ovirt-aaa-jdbc-tool user password-reset admin
# ruleid: destructive-verb
acmectl volume force-delete vol-data
# a shell function of bash-completion (a leading underscore), not a program
# ok: destructive-verb
_filedir 'rb'
