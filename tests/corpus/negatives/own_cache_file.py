import os
import pickle

CACHE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "tokens.pkl")


def load_tokens():
    if not os.path.exists(CACHE_FILE):
        return {}
    with open(CACHE_FILE, "rb") as fh:
        return pickle.load(fh)  # ok -- the program's own cache file


def save_tokens(tokens):
    os.makedirs(os.path.dirname(CACHE_FILE), exist_ok=True)
    with open(CACHE_FILE, "wb") as fh:
        pickle.dump(tokens, fh)
