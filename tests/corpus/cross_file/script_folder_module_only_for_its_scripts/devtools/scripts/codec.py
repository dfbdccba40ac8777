# A script folder inside the devtools package: its modules are importable by name only while one of its
# scripts runs (the folder is then the first entry of sys.path), never from service/app.py.
import pickle


def decode(blob):
    return pickle.loads(blob)  # sink[script]: severity=critical threat_model=remote sink[check]: severity=critical threat_model=remote
