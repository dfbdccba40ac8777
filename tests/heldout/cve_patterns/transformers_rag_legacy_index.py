# CVE-2023-6730 (huggingface/transformers < 4.36, RagRetriever / LegacyIndex): index_path from a
# repository's config pointed at a pickle in another repository, loaded with pickle.load().
import os
import pickle

import numpy as np
from transformers.utils import cached_file


class LegacyIndex:
    INDEX_FILENAME = "hf_bert_base.hnswSQ8_correct_phi_128.c_index"
    PASSAGE_FILENAME = "psgs_w100.tsv.pkl"

    def __init__(self, vector_size: int, index_path: str):
        self.vector_size = vector_size
        self.index_path = index_path
        self.passages = self._load_passages()

    def _resolve_path(self, index_path, filename):
        if os.path.isdir(index_path):
            return os.path.join(index_path, filename)
        return cached_file(index_path, filename)  # source

    def _load_passages(self):
        passages_path = self._resolve_path(self.index_path, self.PASSAGE_FILENAME)
        with open(passages_path, "rb") as passages_file:
            passages = pickle.load(passages_file)  # sink: severity=high threat_model=download
        return passages

    def get_doc_dicts(self, doc_ids: np.ndarray):
        return [self.passages[str(i)] for i in doc_ids.ravel()]
# expect-flow: 22-25-26-27
