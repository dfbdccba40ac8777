# RabbitMQ with pika's callback API: the delivered body is unpickled inside the registered callback.
import pickle

import pika


def on_message(channel, method, properties, body):  # source
    job = pickle.loads(body)  # sink: severity=critical
    print("processing", job["id"])
    channel.basic_ack(delivery_tag=method.delivery_tag)


def main():
    connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
    channel = connection.channel()
    channel.queue_declare(queue="render-jobs", durable=True)
    channel.basic_qos(prefetch_count=1)
    channel.basic_consume(queue="render-jobs", on_message_callback=on_message)
    channel.start_consuming()


if __name__ == "__main__":
    main()
# expect-flow: 7-8
