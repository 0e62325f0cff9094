#!/usr/bin/env bash
# Fixture: ORM and migration tasks that drop, clean or recreate a schema. Never run this file.
set -euo pipefail

# ruleid: flyway-clean
flyway -url="jdbc:postgresql://db.internal/app" -cleanDisabled=false clean
# ok: flyway-clean
flyway -url="jdbc:postgresql://db.internal/app" migrate
# ruleid: liquibase-drop-all
liquibase --defaults-file=prod.properties dropAll --force
# ok: liquibase-drop-all
liquibase --defaults-file=prod.properties status

# ruleid: mix-ecto-drop
MIX_ENV=prod mix ecto.drop --force-drop
# ruleid: mix-ecto-drop
mix ecto.rollback --all
# ok: mix-ecto-drop
mix ecto.rollback --step 1
# ruleid: rust-orm-database-reset
diesel database reset --database-url "postgres://localhost/app_dev"
# ruleid: rust-orm-database-reset
sea-orm-cli migrate fresh
# ok: rust-orm-database-reset
sea-orm-cli migrate up

# ruleid: node-orm-schema-drop
typeorm schema:drop -d ./dist/data-source.js
# ok: node-orm-schema-drop
mikro-orm schema:drop --dump
# ruleid: doctrine-drop
php bin/console doctrine:database:drop --force --env=prod
# ok: doctrine-drop
php bin/console doctrine:database:drop --env=prod
# ruleid: dotnet-ef-database-drop
dotnet ef database drop -f --project src/Api
# ok: dotnet-ef-database-drop
dotnet ef database update --project src/Api

# ruleid: sqitch-revert
sqitch revert db:pg://app@db.internal/app -y
# ok: sqitch-revert
sqitch status db:pg://app@db.internal/app
# ruleid: goose-reset
goose -dir db/migrations postgres "$DATABASE_URL" reset
# ok: goose-reset
goose -dir db/migrations postgres "$DATABASE_URL" down
# ruleid: golang-migrate-drop
migrate -path db/migrations -database "$DATABASE_URL" drop -f
# ok: golang-migrate-drop
migrate -path db/migrations -database "$DATABASE_URL" down 1
# ruleid: dbmate-drop
dbmate --url "postgres://localhost/app_test?sslmode=disable" drop
# ok: dbmate-drop
dbmate --url "postgres://localhost/app_test?sslmode=disable" up
# ruleid: atlas-schema-clean
atlas schema clean --env prod --auto-approve
# ok: atlas-schema-clean
atlas schema inspect --env prod
