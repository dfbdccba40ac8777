import pickle

import redis

r = redis.Redis(host="redis", port=6379)
pubsub = r.pubsub()
pubsub.subscribe("cache-invalidation")

for message in pubsub.listen():  # source
    if message["type"] != "message":
        continue
    event = pickle.loads(message["data"])  # sink: severity=critical threat_model=network
    print("invalidate", event["keys"])
