#!/usr/bin/env bash
# Fixture: framework and migration-tool tasks that drop or reset a database. Never run this file.
set -euo pipefail

# ruleid: prisma-migrate-reset
npx prisma migrate reset --force
# ruleid: prisma-migrate-reset
pnpm exec prisma migrate reset --skip-seed
# ruleid: prisma-migrate-reset, prisma-ai-consent-override
PRISMA_USER_CONSENT_FOR_DANGEROUS_AI_ACTION=yes npx prisma migrate reset -f
# ruleid: prisma-db-push-force-reset
npx prisma db push --force-reset
# ruleid: prisma-db-push-accept-data-loss
npx prisma db push --accept-data-loss --skip-generate
# ruleid: rails-db-destroy, rails-disable-environment-check
bin/rails db:drop DISABLE_DATABASE_ENVIRONMENT_CHECK=1
# ruleid: rails-db-destroy, rails-disable-environment-check
DISABLE_DATABASE_ENVIRONMENT_CHECK=1 RAILS_ENV=production bundle exec rake db:schema:load
# ruleid: rails-db-destroy
bin/rails db:reset
# ruleid: rails-db-destroy
./bin/rails db:migrate:reset
# ruleid: rails-db-destroy
rails db:drop db:create db:migrate
# ruleid: rails-db-destroy
bundle exec rails db:seed:replant RAILS_ENV=production
# ruleid: rails-db-destroy
bin/rails db:truncate_all
# ruleid: rails-db-destroy
rake db:purge:all
# ruleid: django-flush
python manage.py flush --noinput
# ruleid: django-flush
./manage.py flush --database=analytics
# ruleid: django-flush
python3 -m django flush --no-input --settings=proj.settings.prod
# ruleid: django-flush
django-admin flush --noinput
# ruleid: django-migrate-zero
python manage.py migrate billing zero
# ruleid: django-reset-db
python3 manage.py reset_db --noinput
# ruleid: artisan-migrate-fresh
php artisan migrate:fresh --seed --force
# ruleid: artisan-migrate-fresh
php artisan db:wipe
# ruleid: artisan-migrate-fresh
./vendor/bin/sail artisan migrate:refresh
# ruleid: artisan-migrate-fresh
php -d memory_limit=-1 artisan migrate:reset --force
# ruleid: supabase-db-reset-remote
supabase db reset --linked
# ruleid: supabase-db-reset-remote
npx supabase db reset --db-url "postgresql://postgres:pw@db.example.supabase.co:5432/postgres" --yes
# ruleid: supabase-db-reset-local
supabase db reset
# ruleid: heroku-pg-reset
heroku pg:reset DATABASE_URL --app acme-staging --confirm acme-staging
# ruleid: drizzle-kit-push-force
npx drizzle-kit push --force
# ruleid: alembic-downgrade-base
alembic -c alembic.ini downgrade base
# ruleid: knex-migrate-rollback-all
npx knex migrate:rollback --all --env production
# ruleid: sequelize-db-drop
npx sequelize-cli db:drop --env production
# ruleid: sequelize-db-drop
npx sequelize db:migrate:undo:all

# Not reported
# ok: prisma-migrate-reset
npx prisma migrate deploy
# ok: prisma-migrate-reset
npx prisma migrate status
# ok: prisma-db-push-force-reset, prisma-db-push-accept-data-loss
npx prisma db push
# ok: prisma-ai-consent-override
DATABASE_URL=postgresql://localhost/dev npx prisma migrate dev --name init
# ok: rails-db-destroy
bin/rails db:migrate
# ok: rails-db-destroy
bin/rails db:create db:schema:dump
# ok: rails-db-destroy
bundle exec rake db:migrate:status
# ok: django-flush
python manage.py sqlflush
# ok: django-migrate-zero
python manage.py migrate billing 0007
# ok: django-reset-db
python manage.py showmigrations
# ok: artisan-migrate-fresh
php artisan migrate --force
# ok: artisan-migrate-fresh
php artisan migrate:reset --pretend
# ok: artisan-migrate-fresh
php artisan migrate:rollback --step=1
# ok: supabase-db-reset-remote
supabase db push --linked --dry-run
# ok: supabase-db-reset-local
supabase start
# ok: heroku-pg-reset
heroku pg:backups:capture --app acme-staging
# ok: drizzle-kit-push-force
npx drizzle-kit push
# ok: alembic-downgrade-base
alembic downgrade -1
# ok: alembic-downgrade-base
alembic downgrade base --sql
# ok: knex-migrate-rollback-all
npx knex migrate:rollback
# ok: sequelize-db-drop
npx sequelize-cli db:migrate:undo
