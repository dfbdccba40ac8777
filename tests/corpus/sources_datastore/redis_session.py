# threat-models: datastore
import pickle

import redis

store = redis.Redis.from_url("redis://cache:6379/0")


def load_session(session_id: str):
    raw = store.get(f"session:{session_id}")  # source
    if raw is None:
        return {}
    return pickle.loads(raw)  # sink: severity=medium threat_model=datastore
# expect-flow: 10-13
