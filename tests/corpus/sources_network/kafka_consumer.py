import pickle

from kafka import KafkaConsumer

consumer = KafkaConsumer("orders", bootstrap_servers=["kafka:9092"], group_id="billing")

for record in consumer:  # source
    order = pickle.loads(record.value)  # sink: severity=critical
    print(order["id"], order["total"])
# expect-flow: 7-8
