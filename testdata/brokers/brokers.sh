#!/usr/bin/env bash
# Fixture: message brokers and streams that delete topics, queues, streams or messages. Never run this file.
set -euo pipefail

# ruleid: kafka-topics-delete
kafka-topics --bootstrap-server "$KAFKA" --delete --topic 'orders.*'
# ruleid: kafka-topics-delete
kafka-topics.sh --bootstrap-server localhost:9092 --command-config admin.properties --delete --topic payments
# ok: kafka-topics-delete
kafka-topics --bootstrap-server "$KAFKA" --describe --topic orders
# ruleid: kafka-delete-records
kafka-delete-records.sh --bootstrap-server localhost:9092 --offset-json-file ./truncate.json
# ruleid: kafka-consumer-groups-reset-or-delete
kafka-consumer-groups --bootstrap-server "$KAFKA" --group billing --reset-offsets --to-latest --topic orders --execute
# ok: kafka-consumer-groups-reset-or-delete
kafka-consumer-groups --bootstrap-server "$KAFKA" --group billing --reset-offsets --to-latest --topic orders
# ruleid: rpk-topic-delete
rpk topic delete -r 'test-.*'
# ok: rpk-topic-delete
rpk topic list

# ruleid: rabbitmqctl-delete-queue-or-vhost
rabbitmqctl purge_queue -p / orders
# ruleid: rabbitmqctl-delete-queue-or-vhost
rabbitmqctl --node rabbit@mq1 delete_vhost /staging
# ok: rabbitmqctl-delete-queue-or-vhost
rabbitmqctl list_queues name messages consumers
# ruleid: rabbitmqctl-reset
rabbitmqctl force_reset
# ruleid: rabbitmqadmin-delete-or-purge
rabbitmqadmin --host mq.internal --vhost /prod delete queue name=orders
# ok: rabbitmqadmin-delete-or-purge
rabbitmqadmin list queues name messages

# ruleid: nats-stream-rm-or-purge
nats --server nats://nats.internal:4222 stream purge ORDERS --subject 'orders.eu.>' -f
# ruleid: nats-stream-rm-or-purge
nats kv del CONFIG --force
# ok: nats-stream-rm-or-purge
nats stream info ORDERS

# ruleid: pulsar-admin-delete
pulsar-admin tenants delete acme
# ok: pulsar-admin-delete
pulsar-admin topics stats persistent://public/default/orders
