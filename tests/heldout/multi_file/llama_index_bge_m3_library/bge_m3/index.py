from .storage import _read_store, _write_store


class BGEM3Index:
    def __init__(self, model_name="BAAI/bge-m3", weights_for_different_modes=None):
        self.model_name = model_name
        self.weights_for_different_modes = weights_for_different_modes or [0.4, 0.2, 0.4]
        self._multi_embed_store = None

    def persist(self, persist_dir):
        _write_store(persist_dir, self._multi_embed_store)

    @classmethod
    def load_from_disk(cls, persist_dir, model_name="BAAI/bge-m3", weights_for_different_modes=None):  # source
        index = cls(model_name=model_name, weights_for_different_modes=weights_for_different_modes)
        index._multi_embed_store = _read_store(persist_dir)
        return index
