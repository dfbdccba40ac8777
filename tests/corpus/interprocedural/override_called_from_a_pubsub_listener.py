import pickle

import redis


class Subscriber:
    """A base class that listens and hands each message to `decode`, which subclasses define."""

    def __init__(self, channel):
        self.pubsub = redis.Redis(host="redis").pubsub()
        self.pubsub.subscribe(channel)

    def _listen(self):
        for message in self.pubsub.listen():  # source
            if message["type"] == "message":
                yield message["data"]

    def run(self):
        for data in self._listen():
            self.handle(self.decode(data))

    def decode(self, data):
        raise NotImplementedError

    def handle(self, event):
        print(event)


class PickleSubscriber(Subscriber):
    def decode(self, data):
        return pickle.loads(data)  # sink: severity=critical threat_model=network
