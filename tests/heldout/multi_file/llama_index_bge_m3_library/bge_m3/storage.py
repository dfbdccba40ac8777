import os
import pickle

STORE_NAME = "multi_embed_store.pkl"


def _read_store(persist_dir):
    path = os.path.join(persist_dir, STORE_NAME)
    with open(path, "rb") as fh:
        return pickle.load(fh)  # sink: severity=low threat_model=library


def _write_store(persist_dir, store):
    with open(os.path.join(persist_dir, STORE_NAME), "wb") as fh:
        pickle.dump(store, fh)
# expect-flow: bge_m3/index.py:14-bge_m3/index.py:16-bge_m3/storage.py:7-bge_m3/storage.py:8-bge_m3/storage.py:9-bge_m3/storage.py:10
