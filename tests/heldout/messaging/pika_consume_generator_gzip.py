# RabbitMQ with pika's generator API; bodies are gzip-compressed pickles.
import gzip
import pickle

import pika


def drain(queue_name: str = "reports"):
    connection = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@rabbitmq:5672/%2F"))
    channel = connection.channel()
    results = []
    for method, properties, body in channel.consume(queue_name, inactivity_timeout=5):  # source
        if method is None:
            break
        report = pickle.loads(gzip.decompress(body))  # sink: severity=critical
        results.append(report)
        channel.basic_ack(method.delivery_tag)
    channel.cancel()
    connection.close()
    return results
# expect-flow: 12-15
