# threat-models: datastore
import pickle

import redis.asyncio as aioredis

pool = aioredis.from_url("redis://localhost")


async def get_model_meta(name):
    data = await pool.get(f"meta:{name}")  # source
    return pickle.loads(data) if data else None  # sink: severity=medium
# expect-flow: 10-11
