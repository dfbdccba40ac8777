from ._tokenizer import Tokenizer


class FastTokenizer:
    def __init__(self, *args, **kwargs):  # source
        self.slow = Tokenizer(*args, **kwargs)
