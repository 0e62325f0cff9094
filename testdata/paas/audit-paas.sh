#!/bin/sh
# Fixture: catalog §1.1.3 row added by the audit. Never executed.

# ruleid: railway-cli-environment-edit-delete
railway environment edit -e production --service-config postgres isDeleted true
# ok: railway-cli-environment-edit-delete
railway environment edit -e production --service-config postgres isDeleted true --stage
# ok: railway-cli-environment-edit-delete
railway environment edit --service-config api deploy.startCommand 'npm start'
