# CVE-2023-7018 (huggingface/transformers < 4.36, TransfoXLTokenizer): from_pretrained() fetched
# vocab.pkl from the Hub and the tokenizer's __init__ unpickled it.
import pickle
from collections import Counter, OrderedDict

from huggingface_hub import hf_hub_download

VOCAB_FILES_NAMES = {"pretrained_vocab_file": "vocab.pkl", "vocab_file": "vocab.txt"}


class TransfoXLTokenizer:
    def __init__(self, special=None, lower_case=False, pretrained_vocab_file=None, **kwargs):
        self.counter = Counter()
        self.special = special or []
        self.lower_case = lower_case
        self.idx2sym = []
        self.sym2idx = OrderedDict()
        if pretrained_vocab_file is not None:
            with open(pretrained_vocab_file, "rb") as f:
                vocab_dict = pickle.load(f)  # sink: severity=high
            for key, value in vocab_dict.items():
                setattr(self, key, value)

    @classmethod
    def from_pretrained(cls, repo_id: str, revision: str = "main", **kwargs):
        resolved = hf_hub_download(repo_id, VOCAB_FILES_NAMES["pretrained_vocab_file"], revision=revision)  # source
        return cls(pretrained_vocab_file=resolved, **kwargs)
# expect-flow: 26-27-12-19-20
