# confluent-kafka consumer loop: the record value of each polled message is unpickled.
import pickle

from confluent_kafka import Consumer, KafkaError

conf = {"bootstrap.servers": "kafka:9092", "group.id": "feature-materializer", "auto.offset.reset": "earliest"}


def materialize_forever(topic: str = "feature-updates"):
    consumer = Consumer(conf)
    consumer.subscribe([topic])
    try:
        while True:
            msg = consumer.poll(1.0)  # source
            if msg is None:
                continue
            if msg.error() and msg.error().code() != KafkaError._PARTITION_EOF:
                raise RuntimeError(msg.error())
            update = pickle.loads(msg.value())  # sink: severity=critical threat_model=network
            print("materialized", update["feature"], update["version"])
    finally:
        consumer.close()
# expect-flow: 14-19
