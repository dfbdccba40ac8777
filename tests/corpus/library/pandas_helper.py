# threat-models: library
import pandas as pd

__all__ = ["read_frame"]


def read_frame(path_or_buffer, **kwargs):  # source
    return pd.read_pickle(path_or_buffer, **kwargs)  # sink: severity=low
