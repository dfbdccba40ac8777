# threat-models: datastore
# CVE-2021-33026 (Flask-Caching <= 1.10.1): cache backends unpickle what they read back, so whoever can
# write into the Redis instance gets code execution in the web workers.
import pickle

import redis


class BaseCache:
    def __init__(self, default_timeout=300):
        self.default_timeout = default_timeout

    def _deserialize(self, value):
        if value is None:
            return None
        if value.startswith(b"!"):
            return pickle.loads(value[1:])  # sink: severity=medium threat_model=datastore
        return int(value)


class RedisCache(BaseCache):
    def __init__(self, host="localhost", port=6379, key_prefix="flask_cache_", **kwargs):
        super().__init__(**kwargs)
        self.key_prefix = key_prefix
        self._read_client = redis.Redis(host=host, port=port)

    def get(self, key):
        raw = self._read_client.get(self.key_prefix + key)  # source
        return self._deserialize(raw)
# expect-flow: 28-29-13-17
