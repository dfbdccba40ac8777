# A test module: every sink is fed by constants or by data the test itself serialised.
import pickle

import pytest
import yaml

SAMPLE_PICKLE = b"\x80\x04\x95\x11\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x02id\x94K\x07s."
LEGACY_CONFIG = """
retries: 3
backoff: !!python/tuple [1, 2, 4]
"""


@pytest.fixture
def order_blob():
    return pickle.dumps({"id": 7, "lines": [("sku-1", 2)]})


def test_sample_pickle_decodes():
    assert pickle.loads(SAMPLE_PICKLE) == {"id": 7}  # ok -- constant


def test_order_roundtrip(order_blob):
    assert pickle.loads(order_blob)["id"] == 7  # ok -- fixture produced it with pickle.dumps


def test_legacy_config_tuple():
    cfg = yaml.load(LEGACY_CONFIG, Loader=yaml.Loader)  # ok -- constant
    assert cfg["backoff"] == (1, 2, 4)
