import pickle


class Record:
    def __init__(self, blob=None, **metadata):
        self.blob = blob
        self.metadata = metadata

    @property
    def value(self):
        return pickle.loads(self.blob)  # sink: severity=critical


class TaggedRecord(Record):
    def __init__(self, tag="", **kwargs):
        super().__init__(**kwargs)
        self.tag = tag

    @classmethod
    def from_fields(cls, fields):
        return cls(**fields)
