import json
import pickle

from server import StateHandler, serve


class LegacyStateHandler(StateHandler):
    def load_state(self, payload):
        return pickle.loads(payload)  # sink: severity=critical


class JsonStateHandler(StateHandler):
    def load_state(self, payload):
        return json.loads(payload)


if __name__ == "__main__":
    serve(LegacyStateHandler)
