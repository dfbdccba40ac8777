import os
import pickle

from flask import request

CACHE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vocab.pkl")


def load_vocab(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # ok -- only ever called with the program's own file


def tokenize():
    vocab = load_vocab(CACHE_PATH)
    return [vocab.get(w, 0) for w in request.args.get("q", "").split()]
