# Redis pub/sub listener thread using get_message(); the pubsub object is built in __init__.
import pickle
import threading

import redis


class InvalidationListener(threading.Thread):
    def __init__(self, client: redis.Redis, channel: str = "cache:invalidate"):
        super().__init__(daemon=True)
        self.pubsub = client.pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(channel)
        self.handlers = []
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            message = self.pubsub.get_message(timeout=1.0)  # source
            if not message:
                continue
            event = message["data"]
            keys = pickle.loads(event)  # sink: severity=critical threat_model=network
            for handler in self.handlers:
                handler(keys)

    def stop(self):
        self._stop_event.set()
# expect-flow: 18-21-22
