"""Reads pitwall topics with Confluent's own Python AvroConsumer (python3-confluent-kafka) and prints what it decoded.

usage: avro_consumer_read.py BOOTSTRAP REGISTRY_URL TOPIC...
Prints one JSON object: {topic: {"count": n, "rows": [[key, value], ...]}}; rows only for *.laps topics.
Every record must decode: a SerializerError ends the run with exit code 3.
"""
import json
import sys
import time

from confluent_kafka import KafkaError, TopicPartition, OFFSET_BEGINNING
from confluent_kafka.avro import AvroConsumer
from confluent_kafka.avro.serializer import SerializerError


def read(bootstrap, registry, topic):
    consumer = AvroConsumer({
        "bootstrap.servers": bootstrap,
        "group.id": "pitwall-confluent-reader",
        "schema.registry.url": registry,
        "enable.auto.commit": False,
        "enable.partition.eof": True,
        "isolation.level": "read_committed",
    })
    try:
        partitions = consumer.list_topics(topic, timeout=30).topics[topic].partitions
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        at_end, rows, count = set(), [], 0
        deadline = time.time() + 120
        while len(at_end) < len(partitions):
            if time.time() > deadline:
                raise SystemExit("timed out reading " + topic)
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    at_end.add(message.partition())
                    continue
                raise SystemExit("kafka error on %s: %s" % (topic, message.error()))
            count += 1
            if topic.endswith(".laps"):
                rows.append([message.key(), message.value()])
        return {"count": count, "rows": rows}
    finally:
        consumer.close()


def main():
    bootstrap, registry, topics = sys.argv[1], sys.argv[2], sys.argv[3:]
    out = {}
    try:
        for topic in topics:
            out[topic] = read(bootstrap, registry, topic)
    except SerializerError as e:
        print("could not decode: %s" % e, file=sys.stderr)
        sys.exit(3)
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
