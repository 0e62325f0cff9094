#!/usr/bin/env bash
# Fixture: container commands that delete volumes and their data. Never run this file.
set -euo pipefail
docker build -t registry.example.com/app:latest .
docker push registry.example.com/app:latest
docker compose up -d
docker volume ls

# Volumes
# ruleid: docker-volume-rm
docker volume rm pgdata
# ruleid: docker-volume-rm
docker --context prod volume rm app_uploads redis_data
# ruleid: docker-volume-rm
podman volume rm -f mysql_data
# ruleid: docker-volume-rm
nerdctl volume remove minio_data
# ok: docker-volume-rm
docker volume inspect pgdata
# ok: docker-volume-rm
docker volume create pgdata

# Prunes
# ruleid: docker-volume-prune
docker volume prune -a -f
# ruleid: docker-volume-prune
podman volume prune --force
# ok: docker-volume-prune
docker image prune -f
# ok: docker-volume-prune
docker builder prune -af
# ruleid: docker-system-prune-volumes
docker system prune -a --volumes -f
# ruleid: docker-system-prune-volumes
sudo docker system prune --volumes --filter until=24h
# ok: docker-system-prune-volumes
docker system prune -a -f
# ok: docker-system-prune-volumes
docker container prune -f

# Compose
# ruleid: docker-compose-down-volumes
docker compose down -v
# ruleid: docker-compose-down-volumes
docker compose -f docker-compose.ci.yml -p app down --volumes --remove-orphans
# ruleid: docker-compose-down-volumes
docker-compose -f docker-compose.yml down -v --rmi all
# ruleid: docker-compose-down-volumes
docker compose --project-name app down -v -t 5
# ok: docker-compose-down-volumes
docker compose down
# ok: docker-compose-down-volumes
docker-compose down --remove-orphans --rmi local
# ok: docker-compose-down-volumes
docker compose run --rm -v "$PWD/seed:/seed" app migrate down

# Containers with their anonymous volumes
# ruleid: docker-rm-volumes
docker rm -fv postgres-test
# ruleid: docker-rm-volumes
podman container rm --volumes db
# ok: docker-rm-volumes
docker rm -f web
# ok: docker-rm-volumes
docker run --rm -v pgdata:/var/lib/postgresql/data postgres:16 pg_dumpall
# ok: docker-rm-volumes
docker exec -i pg psql -U postgres -c 'select 1'

# Podman store reset
# ruleid: podman-system-reset
podman system reset --force
# ok: podman-system-reset
podman system df
