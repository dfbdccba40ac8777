# threat-models: library
# A public class stays an entry point of the library where another class of the package builds it too:
# that one internal caller says nothing of what the package's users pass.
import pickle


class Tokenizer:
    def __init__(self, vocab_file, lowercase=True):  # source[own]
        with open(vocab_file, "rb") as fh:
            self.vocab = pickle.load(fh)  # sink[own]: severity=low sink[wrapper]: severity=low
        self.lowercase = lowercase


class FastTokenizer:
    def __init__(self, *args, **kwargs):  # source[wrapper]
        self.slow = Tokenizer(*args, **kwargs)
        self.cache = {}
# expect-flow[own]: 8-9-10
