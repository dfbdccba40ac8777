# Kafka consumer parsing YAML documents with the C safe loader (and safe_load_all for multi-doc).
import yaml
from kafka import KafkaConsumer

consumer = KafkaConsumer("deploy-manifests", bootstrap_servers="kafka:9092", group_id="deployer")

for record in consumer:
    manifest = yaml.load(record.value, Loader=yaml.CSafeLoader)  # ok -- safe loader
    extras = list(yaml.safe_load_all(record.headers[0][1] if record.headers else b""))  # ok
    print(manifest.get("name"), len(extras))
