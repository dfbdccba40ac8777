# threat-models: library
# piskvorky/gensim issue #3651 (2026, "Pickle RCE via Malicious Index Files in AnnoyIndexer"):
# AnnoyIndexer.load() unpickles the .dict companion of whatever index file it is pointed at.
import pickle

from annoy import AnnoyIndex


class AnnoyIndexer:
    def __init__(self, model=None, num_trees=None):
        self.index = None
        self.labels = None
        self.model = model
        self.num_trees = num_trees

    def save(self, fname, protocol=pickle.DEFAULT_PROTOCOL):
        self.index.save(fname)
        with open(fname + ".dict", "wb") as fout:
            pickle.dump({"f": self.index.f, "num_trees": self.num_trees, "labels": self.labels}, fout, protocol)

    def load(self, fname):  # source
        fname_dict = fname + ".dict"
        with open(fname_dict, "rb") as f:
            d = pickle.loads(f.read())  # sink: severity=low threat_model=library
        self.num_trees = d["num_trees"]
        self.index = AnnoyIndex(d["f"], "angular")
        self.index.load(fname)
        self.labels = d["labels"]
# expect-flow: 21-22-23-24
