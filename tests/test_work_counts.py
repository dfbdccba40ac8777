"""benchmarks/work.py counts what a scan parses and analyses, and on whose behalf: the figures the next
step of the demand-driven scan (analysing a callee only when its summary can matter) is measured by."""
import importlib.util
import textwrap
from pathlib import Path

import deserialguard.engine

WORK = Path(__file__).resolve().parents[1] / "benchmarks" / "work.py"
spec = importlib.util.spec_from_file_location("work", WORK)
work = importlib.util.module_from_spec(spec)
spec.loader.exec_module(work)

APP = """\
import pickle
from flask import Flask, request
from helpers import tidy

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    data = tidy(request.get_data())
    return pickle.loads(data)
"""

HELPERS = """\
def tidy(blob):
    return label(blob).strip()


def label(blob):
    return blob


def unused():
    return 1
"""


def write(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    return tmp_path


def test_counts_who_asked_for_each_module_and_summary(tmp_path):
    tree = write(tmp_path, {"app.py": APP, "helpers.py": HELPERS, "other.py": "def nothing():\n    pass\n"})
    result = work.scan([str(tree)])
    assert len(result.findings) == 1
    assert work.TALLY.parsed == {"demand": 1, "a chosen function": 1}       # app.py; helpers.py for restore()
    assert work.TALLY.parsed_lines["a chosen function"] == HELPERS.count("\n")
    summarised = {f.name: chosen for f, chosen in work.TALLY.summarised.items()}
    assert summarised == {"restore": True, "tidy": False, "label": False}
    carried = {f.name: work.carries(f) for f in work.TALLY.summarised}
    assert carried["tidy"].startswith("parameter -> return") and carried["label"].startswith("parameter -> return")


def test_a_module_a_callee_needs_is_counted_as_the_callees(tmp_path):
    helpers = HELPERS.replace("def label(blob):\n    return blob\n", "from labels import label\n")
    tree = write(tmp_path, {"app.py": APP, "helpers.py": helpers, "labels.py": "def label(blob):\n    return blob\n"})
    work.scan([str(tree)])
    assert work.TALLY.parsed == {"demand": 1, "a chosen function": 1, "a callee": 1}


def test_the_engine_is_itself_again_afterwards(tmp_path):
    work.scan([str(write(tmp_path, {"app.py": APP, "helpers.py": HELPERS}))])
    assert deserialguard.engine.Engine is not work.CountingEngine
    assert deserialguard.engine.Demand is not work.CountingDemand


def test_what_a_callee_summary_carries(tmp_path):
    helpers = HELPERS + "\n\ndef nothing(blob):\n    print(blob)\n"
    app = APP.replace("data = tidy(request.get_data())", "nothing(1)\n    data = tidy(request.get_data())") \
        .replace("from helpers import tidy", "from helpers import nothing, tidy")
    work.scan([str(write(tmp_path, {"app.py": app, "helpers.py": helpers}))])
    carried = {f.name: work.carries(f) for f, chosen in work.TALLY.summarised.items() if not chosen}
    assert carried["nothing"] == "nothing" and carried["tidy"].startswith("parameter -> return")
    assert "| nothing | 1 |" in work.report([str(tmp_path)])


def test_free_callees_answer_nothing_and_the_engine_is_itself_again(tmp_path):
    """The bound `--free-callees` times: no callee analysed, so the flow through tidy() is lost."""
    tree = str(write(tmp_path, {"app.py": APP, "helpers.py": HELPERS}))
    assert work.timed_scan([tree], free=False)[1] == 1
    assert work.timed_scan([tree], free=True)[1] == 0
    assert work.timed_scan([tree], free=False)[1] == 1
    assert deserialguard.engine.calls.Calls.call_project is work._CALL_PROJECT
    rows = work.free_callees_report([tree], 1)
    assert rows[-2].startswith("| as it is |") and rows[-2].endswith("| 1 |") and rows[-1].endswith("| 0 |")
