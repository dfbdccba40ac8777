import pickle
import sys

with open(sys.argv[1], "rb") as fh:
    cache = pickle.load(fh)  # ok -- local threat model is not enabled by default
print(len(cache))
