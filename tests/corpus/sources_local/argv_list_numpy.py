# threat-models: local
import sys

import numpy as np


def summarize(paths):
    for arr_path in paths:
        arr = np.load(arr_path, allow_pickle=True)  # sink: severity=medium
        print(arr_path, arr.dtype, arr.shape)


if __name__ == "__main__":
    summarize(sys.argv[1:])  # source
