import pickle


def load_cache(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)  # ok -- every caller passes a path the program owns
