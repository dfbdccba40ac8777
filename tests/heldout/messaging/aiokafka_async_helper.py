# aiokafka consumer: each record's value goes through an awaited helper method that uses dill.
import asyncio

import dill
from aiokafka import AIOKafkaConsumer


class UdfRegistry:
    def __init__(self):
        self.functions = {}

    async def apply_update(self, key: bytes, blob: bytes):
        fn = dill.loads(blob)  # sink: severity=critical
        self.functions[key.decode()] = fn


async def consume(registry: UdfRegistry):
    consumer = AIOKafkaConsumer("udf-updates", bootstrap_servers="kafka:9092", group_id="udf-workers")
    await consumer.start()
    try:
        async for record in consumer:  # source
            await registry.apply_update(record.key, record.value)
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(consume(UdfRegistry()))
# expect-flow: 21-22-12-13
