#!/bin/sh
# Fixture: a command that tears down what an earlier command of the same script made destroys
# nothing that existed before the script ran: its findings stay, at `info` (tests/cli.rs,
# `teardown_of_what_the_script_made_is_info`, checks the severities). Never run this file.

sqlx db setup --source=tests/migrations
sqlx mig info --source=tests/migrations
# ruleid: destructive-verb
sqlx db drop -y

createdb ci_scratch
# ruleid: dropdb-database
dropdb ci_scratch

docker volume create pgdata-test
# ruleid: docker-volume-rm
docker volume rm pgdata-test

aws s3 mb s3://ci-artifacts-1234
# ruleid: aws-s3-rb-force
aws s3 rb s3://ci-artifacts-1234 --force

git clone https://github.com/rust-lang/crates.io-index.git rewound
cd rewound
# ruleid: git-reset-hard
git reset --hard 46a429eac9f

# not what the script made: graded as usual
# ruleid: dropdb-database
dropdb orders
# ruleid: docker-volume-rm
docker volume rm pgdata-prod
# ruleid: destructive-verb
acmectl volume delete vol-data --yes
