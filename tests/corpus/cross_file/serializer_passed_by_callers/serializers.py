import json
import pickle


class JsonCodec:
    def deserialize(self, blob):
        return json.loads(blob)


class PickleCodec:
    def deserialize(self, blob):
        return pickle.loads(blob)  # sink[a]: severity=critical sink[c]: severity=critical
