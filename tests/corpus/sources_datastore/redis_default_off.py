import pickle

import redis

r = redis.Redis()


def load_cart(user_id):
    cached = r.get(f"cart:{user_id}")
    return pickle.loads(cached) if cached else []  # ok -- datastore is opt-in
