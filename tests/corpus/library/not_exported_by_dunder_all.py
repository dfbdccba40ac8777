# threat-models: library
# `__all__` says which names are the module's API: a function it leaves out is the module's own, however
# it is named; one it lists is an entry point.
import pickle

__all__ = ["load_index"]
__all__ += ["IndexReader"]


def load_index(path):  # source[listed]
    with open(path, "rb") as fh:
        return pickle.load(fh)  # sink[listed]: severity=low


def read_shard(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # ok -- not in __all__: only the module's own code calls it


class IndexReader:
    def read(self, blob):  # source[method]
        return pickle.loads(blob)  # sink[method]: severity=low


class ShardCache:
    def read(self, blob):
        return pickle.loads(blob)  # ok -- the class is not in __all__
