# threat-models: library
import pickle

from zconfig import Config


def load_state(cfg: Config):  # source
    return pickle.loads(cfg.blob)  # sink: severity=low
