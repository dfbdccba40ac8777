import pickle

CACHE = "/var/cache/app"


def load_variant(flags):
    return pickle.load(open(f"{CACHE}/variant-{flags[0]}-{flags[1]}-{flags[2]}.pkl", "rb"))  # ok -- truth values and a number


def load_run(run):
    return pickle.load(open(f"{CACHE}/run-{run}.pkl", "rb"))  # sink: severity=critical -- only from /named: /runs passes an int
