"""benchmarks/speed.py's warm body edit: the statement it adds lands in the function that calls pickle, before
that call, at its indentation; where no such statement starts a line, it says so instead of editing elsewhere."""
import importlib.util
import sys
from pathlib import Path

import pytest

SPEED = Path(__file__).resolve().parents[1] / "benchmarks" / "speed.py"
spec = importlib.util.spec_from_file_location("speed", SPEED)
speed = importlib.util.module_from_spec(spec)
sys.modules["speed"] = speed           # its dataclasses look their module up
spec.loader.exec_module(speed)


@pytest.mark.parametrize("text, expected", [
    ("import pickle\n\n\ndef load(blob):\n    '''Docs.'''\n    data = blob[4:]\n    return pickle.loads(data)\n",
     (7, "    ")),
    ("import pickle\n\nclass Store:\n    def get(self, f):\n        if f:\n            return pickle.load(f)\n",
     (5, "        ")),                                   # before the `if` that holds the call
    ("import pickle\n\nvalue = pickle.loads(b'')\n\ndef other():\n    return 1\n", None),     # not in a function
    ("import pickle\n\ndef load(blob): return pickle.loads(blob)\n", None),                  # on the def's line
    ("import json\n\ndef load(blob):\n    return json.loads(blob)\n", None),                # no pickle at all
])
def test_the_body_edit_goes_before_the_pickle_call(text, expected):
    assert speed.statement_before_sink(text) == expected
