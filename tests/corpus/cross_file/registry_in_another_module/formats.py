import json
import pickle


class JsonFormat:
    def read(self, body):
        return json.loads(body)


class PickleFormat:
    def read(self, body):
        return pickle.loads(body)  # sink: severity=critical


FORMATS = {"json": JsonFormat, "pickle": PickleFormat}
