# threat-models: library
import pickle

from zconfig import Config


def load_state(cfg: Config):  # source
    return pickle.loads(cfg.blob)  # sink: severity=low


def describe(cfg: Config):
    return pickle.loads(cfg.VERSION_BLOB)  # ok -- a constant of the class, none of the caller's data
