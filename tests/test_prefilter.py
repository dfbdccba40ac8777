"""The byte prefilter: every way code can spell a call to a sink makes its file a candidate; files that
merely mention a sink's module do not. (That the findings stay those of an exhaustive scan is
test_demand.py's job.)"""
from __future__ import annotations

import pytest

from deserialguard.engine.prefilter import Words, may_hold_sink

HOLDS = {
    "attribute": "import pickle\npickle.loads(data)\n",
    "module alias": "import pickle as p\np.loads(data)\n",
    "spaced attribute": "import yaml\nyaml . load(stream)\n",
    "from import": "from torch import load\nload(path)\n",
    "from import alias": "from pickle import loads as decode_it\ndecode_it(data)\n",
    "submodule alias": "from torch.serialization import load as tl\ntl(f)\n",
    "parenthesized import": "from pickle import (\n    dumps,\n    loads,\n)\n",
    "constructor sink": "import yaml\nyaml.Loader(stream).get_single_data()\n",
    "project unpickler subclass": "from .codec import SafeUnpickler\nSafeUnpickler(f).load()\n",
    "transport method": "import zmq\nsocket.recv_pyobj()\n",
    "numpy with allow_pickle": "import numpy as np\nnp.load(f, allow_pickle=True)\n",
    "aliased module": "import cPickle\ncPickle.loads(data)\n",
    "six alias": "from six.moves import cPickle\ncPickle.loads(data)\n",
}

HOLDS_NONE = {
    "module named only": "import pickle\n\ndef f(x):\n    return pickle.dumps(x)\n",
    "torch without load": "import torch\nmodel = torch.nn.Linear(2, 2)\nstate = model.load_state_dict(s)\n",
    "load of another module": "import json\nimport torch\njson.loads(text)\n",
    "numpy load without allow_pickle": "import numpy as np\nnp.load(path)\n",
    "no sink words": "def load(x):\n    return x.loads\n",
    "word inside a name": "import yaml\ndef downloads():\n    return yaml_loads_count\n",
}


@pytest.mark.parametrize("text", HOLDS.values(), ids=HOLDS.keys())
def test_every_spelling_of_a_sink_call_is_a_candidate(text):
    assert may_hold_sink(text.encode())


@pytest.mark.parametrize("text", HOLDS_NONE.values(), ids=HOLDS_NONE.keys())
def test_files_without_a_sink_call_are_not_candidates(text):
    assert not may_hold_sink(text.encode())


def mentioning(names, texts: dict) -> set:
    words = Words(names)
    return {key for key, data in texts.items() if words.in_bytes(data)}


def test_mentioning_finds_files_by_any_name():
    texts = {"a": b"x = restore(blob)", "b": b"Holder(payload).open()", "c": b"nothing here"}
    assert mentioning({"restore", "Holder"}, texts) == {"a", "b"}
    assert mentioning(set(), texts) == set()


def test_mentioning_is_by_whole_words():
    texts = {"call": b"ok = check(x)", "longer": b"checkpoint = 1", "inside": b"rechecked = 2"}
    assert mentioning({"check"}, texts) == {"call"}


def test_a_method_is_found_where_it_is_called_on_something():
    texts = {"attribute": b"codec.restore(x)", "self": b"self.restore(x)", "bare": b"restore(x)",
             "longer": b"codec.restored(x)"}
    assert mentioning({".restore"}, texts) == {"attribute", "self"}


def test_words_in_a_definitions_text_match_as_in_a_files_bytes():
    words = Words({"check", ".restore"})
    for text, expected in [("ok = check(x)", True), ("checkpoint = 1", False), ("codec.restore(x)", True),
                           ("restore(x)", False), ("# é check", True), ("écheck", False)]:
        assert words.in_text(text) is expected
        assert words.in_bytes(text.encode()) is expected
    assert not Words(set()).in_text("check")
