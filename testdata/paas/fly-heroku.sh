#!/bin/bash
# Fixture: Fly.io and Heroku deletes. Never run this file.

# ruleid: fly-apps-destroy
fly apps destroy acme-staging --yes
# ruleid: fly-apps-destroy
flyctl destroy acme-prod -y
# ruleid: fly-apps-destroy
fly list apps -q | xargs -I % fly apps destroy % -y
# ok: fly-apps-destroy
fly apps list
# ok: fly-apps-destroy
fly deploy -a acme-api --strategy rolling

# ruleid: fly-volumes-destroy
fly volumes destroy vol_4y5m1n0p2q3r --yes
# ruleid: fly-volumes-destroy
flyctl vol delete vol_abc -a acme-db
# ok: fly-volumes-destroy
fly volumes snapshots create vol_4y5m1n0p2q3r
# ok: fly-volumes-destroy
fly volumes list -a acme-db

# ruleid: fly-machine-destroy
fly machine destroy 148ed726c94889 --force -a acme-api
# ruleid: fly-machine-destroy
fly m rm --image registry.fly.io/acme:deployment-01 -a acme-api
# ok: fly-machine-destroy
fly machine stop 148ed726c94889

# ruleid: fly-database-destroy
fly mysql destroy acme-mysql --yes
# ruleid: fly-database-destroy
fly redis destroy acme-cache -y
# ruleid: fly-database-destroy
fly ext tigris destroy acme-uploads
# ok: fly-database-destroy
fly redis status acme-cache

# ruleid: fly-volume-snapshots-disabled
fly volumes create pgdata --scheduled-snapshots=false --region iad --size 10 -a acme-db
# ok: fly-volume-snapshots-disabled
fly volumes create pgdata --region iad --size 10 -a acme-db

# (heroku pg:reset is covered by the databases pack)
# ok: heroku-pg-backups-delete
heroku pg:backups:capture --app acme-api
# ok: heroku-apps-destroy
heroku ps:scale web=2 --app acme-api
# ruleid: heroku-apps-destroy
heroku apps:destroy --app acme-staging --confirm acme-staging
# ruleid: heroku-apps-destroy
heroku destroy acme-old
# ok: heroku-apps-destroy
heroku apps:info -a acme-api
# ruleid: heroku-addons-destroy
heroku addons:destroy heroku-postgresql -a acme-api --confirm acme-api
# ruleid: heroku-addons-destroy
heroku addons:destroy papertrail -a acme-api
# ok: heroku-addons-destroy
heroku addons:create heroku-redis:mini -a acme-api
# ruleid: heroku-pg-backups-delete
heroku pg:backups:delete b101 --app acme-api --confirm acme-api
# ruleid: heroku-pg-backups-unschedule
heroku pg:backups:unschedule DATABASE_URL --app acme-api
# ok: heroku-pg-backups-unschedule
heroku pg:backups:schedule DATABASE_URL --at '02:00 America/New_York' --app acme-api
