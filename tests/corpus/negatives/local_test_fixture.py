import os
import pickle

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def load_fixture(name):
    with open(os.path.join(FIXTURES, name + ".pkl"), "rb") as fh:
        return pickle.load(fh)  # ok


def test_roundtrip():
    data = load_fixture("orders")
    assert pickle.loads(pickle.dumps(data)) == data  # ok
