#!/bin/sh
# Fixture: catalog §2.2 rows added by the audit. Never executed.

git clone --mirror git@github.com:acme/api.git
# ruleid: bfg-rewrite-history
bfg --delete-files id_rsa api.git
# ruleid: bfg-rewrite-history
java -jar tools/bfg-1.14.0.jar --strip-blobs-bigger-than 50M api.git
# ok: bfg-rewrite-history
bfg --version
# ok: bfg-rewrite-history
java -jar build/libs/app.jar --port 8080
