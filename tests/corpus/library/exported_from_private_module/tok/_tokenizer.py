import pickle


class Tokenizer:
    def __init__(self, vocab_file):  # source
        with open(vocab_file, "rb") as fh:
            self.vocab = pickle.load(fh)  # sink: severity=low -- exported by the package's __init__


def load_merges(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # ok -- a private module's function the package does not export


def default_tokenizer():
    return Tokenizer(load_merges("merges.pkl"))
