"""A re-scan after an edit to a part of a file the scan did not read (the body of a function it never
analysed, comments and blank lines anywhere) keeps the cached result, its lines moved with the edit;
whatever the edit, the re-scan reports what a fresh scan of the edited tree reports. And the premise:
emptying every body the scan did not read, and stripping the idle functions to their names, changes no
finding."""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from deserialguard.catalog import threat_models
from deserialguard.engine import scan_paths
from deserialguard.engine.cache import cached_scan

import corpus_marks as cm
from test_cache import HANDLER, edit

TESTS = Path(__file__).resolve().parent
CROSS_FILE = sorted(p for p in (TESTS / "corpus" / "cross_file").iterdir() if p.is_dir())

CODEC = ("import pickle\n\n\ndef describe(blob):\n    kind = type(blob)\n    return kind.__name__\n\n\n"
         "def restore(blob):\n    return pickle.loads(blob)\n")


@pytest.fixture
def app(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "codec.py").write_text(CODEC)
    (root / "app" / "views.py").write_text(HANDLER)
    monkeypatch.chdir(root)
    return root / "app"


def cached(paths):
    return [f.to_dict() for f in cached_scan(paths, threat_models.DEFAULT).findings]


def fresh(paths):
    return [f.to_dict() for f in scan_paths(paths, threat_models.DEFAULT, jobs=1).findings]


def kinds(scans):
    return [name for name, _ in scans]


def sink_lines(findings):
    return [f["sink"]["line"] for f in findings]


def test_lines_added_to_a_body_the_scan_did_not_read_move_the_findings(app, scans):
    first = cached(["app"])
    assert sink_lines(first) == [10]
    three_more = "    kind = type(blob)\n" + "    kind = kind\n" * 3
    edit(app / "codec.py", CODEC.replace("    kind = type(blob)\n", three_more))
    again = cached(["app"])
    assert sink_lines(again) == [13] and again == fresh(["app"])
    assert kinds(scans) == ["scan_paths"]        # no group scanned again
    assert cached(["app"]) == again and kinds(scans) == ["scan_paths"]


@pytest.mark.parametrize("change, sink", [
    (("    return pickle.loads(blob)\n", "    # the payload is trusted?\n\n    return pickle.loads(blob)\n"), 12),
    (("    return pickle.loads(blob)\n", "    return pickle.loads(blob)  # nosec\n"), 10),
    (("import pickle\n\n\n", "import pickle\n"), 8),
])
def test_comments_and_blank_lines_in_code_the_scan_read_keep_the_result(app, scans, change, sink):
    """They mean nothing to the analysis: the findings move with them, and show their lines as they are now."""
    cached(["app"])
    edit(app / "codec.py", CODEC.replace(*change))
    again = cached(["app"])
    assert sink_lines(again) == [sink] and again == fresh(["app"])
    assert kinds(scans) == ["scan_paths"]


@pytest.mark.parametrize("added", [
    "\n# a comment after the last statement\n",
    "\n\n\n",
])
def test_comments_and_blank_lines_after_the_last_statement_keep_the_result(app, scans, added):
    first = cached(["app"])
    edit(app / "codec.py", CODEC + added)
    assert cached(["app"]) == first == fresh(["app"])
    assert kinds(scans) == ["scan_paths"]


@pytest.mark.parametrize("change", [
    ("    return pickle.loads(blob)\n", "    blob = blob[4:]\n    return pickle.loads(blob)\n"),   # a body it read
    ("    kind = type(blob)\n", "    kind = pickle.loads(blob)\n"),              # a sink in a body it did not read
    ("    kind = type(blob)\n", "    kind = restore(blob)\n"),                   # a call of a searched name
    ("import pickle\n", "import pickle\nLIMIT = 1\n"),                          # top-level code, read
    ("    return pickle.loads(blob)\n", '    """Restores."""\n    return pickle.loads(blob)\n'),  # a docstring
    ("def restore(blob):\n", "def restore(blob, extra=None):\n"),               # a signature, read
])
def test_an_edit_to_what_the_scan_read_or_would_read_scans_again(app, scans, change):
    cached(["app"])
    before, after = change
    edit(app / "codec.py", CODEC.replace(before, after))
    assert cached(["app"]) == fresh(["app"])
    assert kinds(scans) == ["scan_paths", "rescan_parts"]


NEW_FUNCTION = "\n\ndef added_by_the_test(value, count=2):\n    return [value] * count\n"


@pytest.mark.parametrize("change, sink", [
    (("import pickle\n", "import pickle\n" + NEW_FUNCTION), 14),                # before the sink: it moves
    (("    return pickle.loads(blob)\n", "    return pickle.loads(blob)\n" + NEW_FUNCTION), 10),   # at the end
    (("def describe(blob):\n    kind = type(blob)\n    return kind.__name__\n\n\n", ""), 5),     # one removed
    (("def describe(blob):\n", "async def describe(blob, *, limit: int = 4) -> str:\n"), 10),  # its signature
    (("def describe(blob):\n", "def described(blob):\n"), 10),                    # renamed
])
def test_an_edit_to_functions_nothing_uses_keeps_the_result(app, scans, change, sink):
    """Top-level functions whose bodies the scan did not read, that no other code spells the name of: a
    new one, one removed, renamed, or with a new signature, leaves the findings as they were, moved."""
    assert sink_lines(cached(["app"])) == [10]
    edit(app / "codec.py", CODEC.replace(*change))
    again = cached(["app"])
    assert sink_lines(again) == [sink] and again == fresh(["app"])
    assert kinds(scans) == ["scan_paths"]


def test_new_functions_added_one_after_another_keep_the_result(app, scans):
    """As benchmarks/speed.py edits: each run appends one more, the cache file written after none."""
    first = cached(["app"])
    text = CODEC
    for number in range(1, 4):
        text += f"\n\ndef edited_{number}():\n    return {number}\n"
        edit(app / "codec.py", text)
        assert cached(["app"]) == first == fresh(["app"])
    assert kinds(scans) == ["scan_paths"]


CHECKED = ("from flask import Flask, request\nfrom .codec import restore, check\n\napp = Flask(__name__)\n\n\n"
           "@app.post('/load')\ndef load():\n    return restore(check(request.data))\n")


@pytest.mark.parametrize("added, found", [
    ("\n\ndef check(data):\n    return b''\n", 0),         # the view's call of check() now drops the data
    ("\n\ndef unrelated(data):\n    return b''\n", 1),     # no code calls it: the result stands
])
def test_a_new_function_that_code_calls_by_name_scans_again(app, scans, added, found):
    """Before, `check` named no function of the project, and request data passed through the call; a new
    `check` that returns none of it ends the flow. Its name is spelled in views.py: the group is scanned
    again. A new function no code names keeps the result."""
    (app / "views.py").write_text(CHECKED)
    assert len(cached(["app"])) == 1
    edit(app / "codec.py", CODEC + added)
    again = cached(["app"])
    assert len(again) == found and again == fresh(["app"])
    assert kinds(scans) == ["scan_paths"] + ["rescan_parts"] * (1 - found)


@pytest.mark.parametrize("added", [
    "\n\n@app.post('/other')\ndef other():\n    return restore(request.data)\n",     # a decorated one
    "\n\ndef keep(data):\n    global LAST\n    LAST = data\n",                      # writes a global
    "\n\ndef keep(data):\n    request.environ.blob = data\n",                     # writes another's attribute
    "\n\nclass Wrapper:\n    def load(self):\n        return 1\n",                  # a class
    "\n\ndef outer():\n    class Inner:\n        pass\n    return Inner\n",           # holding a class
])
def test_new_definitions_that_are_not_idle_scan_again(app, scans, added):
    cached(["app"])
    edit(app / "views.py", HANDLER + added)
    assert cached(["app"]) == fresh(["app"])
    assert kinds(scans) == ["scan_paths", "rescan_parts"]


def test_a_function_that_starts_storing_what_a_sink_reads_scans_again(tmp_path, monkeypatch, scans):
    """`keep` stored its parameter where nothing deserializes, so the scan did not analyse it (nor the
    view that calls it: it names no function that passes data on to a sink). Once it stores what
    `load_blob` deserializes, the view's request data reaches pickle."""
    state = ("import pickle\n\nfrom flask import g\n\n\ndef load_blob():\n    return pickle.loads(g.blob)\n\n\n"
             "def keep(data):\n    g.other = data\n")
    files = {"__init__.py": "", "state.py": state,
             "views.py": ("from flask import Flask, request\n\nfrom .state import keep, load_blob\n\n"
                          "app = Flask(__name__)\n\n\n@app.post('/keep')\ndef view():\n    keep(request.data)\n"
                          "    return load_blob()\n")}
    (tmp_path / "app").mkdir()
    for name, text in files.items():
        (tmp_path / "app" / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    assert cached(["app"]) == []
    edit(tmp_path / "app" / "state.py", state.replace("g.other = data", "g.blob = data"))
    again = cached(["app"])
    assert again == fresh(["app"]) and len(again) == 1
    assert kinds(scans) == ["scan_paths", "rescan_parts"]


PADDING = ("\n\ndef padding_helper(value, count=2):\n    total = value\n    for _ in range(count):\n"
           "        total = total + value\n    return total\n\n\nclass PaddingRecord:\n"
           "    def __init__(self, payload):\n        self.payload = payload\n\n"
           "    def size(self):\n        return len(self.payload)\n\n\n")


def padded(text: str) -> str:
    """The module with functions nothing calls before its first statement after the imports: bodies
    the scan does not read, with code it does read after them."""
    tree = ast.parse(text)
    first = next((node for node in tree.body if not isinstance(node, (ast.Import, ast.ImportFrom))
                  and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))), None)
    if first is None:
        return text + PADDING
    at = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))]) - 1
    lines = text.splitlines(keepends=True)
    return "".join(lines[:at]) + PADDING + "".join(lines[at:])


def function_edits(text: str):
    """For each function whose body starts on a line of its own: the text with two statements added
    before that body (lines move), with a comment and a blank line, and with a call of pickle on its last
    parameter."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = node.body[0]
        start = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
        indent = lines[start - 1][:len(lines[start - 1]) - len(lines[start - 1].lstrip())]
        if start == node.lineno or not indent or lines[start - 1].strip().startswith(")"):
            continue
        params = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
        added = {"moved": f"{indent}moved_ = 0\n{indent}moved_ += 1\n", "comment": f"{indent}# edited here\n\n"}
        if params:
            added["sink"] = f"{indent}import pickle\n{indent}pickle.loads({params[-1]})\n"
        for kind, inserted in added.items():
            yield node.name, kind, "".join(lines[:start - 1]) + inserted + "".join(lines[start - 1:])


def definition_edits(text: str):
    """The text with a new function nothing calls appended, and, for each function defined at its top,
    with one of the same name appended that returns nothing (the new one is the one code calls)."""
    yield "added_by_the_test", "added", text + NEW_FUNCTION
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, "shadowed", text + f"\n\ndef {node.name}(*args, **kwargs):\n    return None\n"


@pytest.mark.parametrize("case", CROSS_FILE, ids=[p.name for p in CROSS_FILE])
def test_a_rescan_after_any_edit_to_a_function_is_a_fresh_scan(case, tmp_path, monkeypatch, scans):
    """Every function of every file of the multi-file cases (each file given a few functions nothing
    calls), edited in three ways, one edit at a time, and every file given a new function, or one that
    replaces a function it defines: the cached re-scan always equals a fresh scan; it scans the group
    again for a new sink, never for a comment, an edit to a body nothing calls or a function added."""
    tree = tmp_path / case.name
    shutil.copytree(case, tree)
    for path in tree.rglob("*.py"):
        path.write_text(padded(path.read_text()))
    monkeypatch.chdir(tmp_path)
    paths = [case.name]
    for path in sorted(tree.rglob("*.py")):
        original = path.read_text()
        for name, kind, text in [*function_edits(original), *definition_edits(original)]:
            cached(paths)
            calls = len(scans)
            edit(path, text)
            where = f"{path.relative_to(tmp_path)}: {kind} edit of {name}()"
            assert cached(paths) == fresh(paths), where
            kept = len(scans) == calls
            if kind == "sink":
                assert not kept, where          # a sink where the scan did not read: it must read it now
            elif kind in ("comment", "added") or kind != "shadowed" and name in ("padding_helper", "size"):
                assert kept, where              # a comment, or a body nothing calls: the result stands, moved
            edit(path, original)


def test_the_code_of_a_line_is_what_is_left_without_its_comment():
    from deserialguard.engine.readings import _code_lines

    lines = ["x = 1  # one", "# a comment", "", "s = '''", "", "# not a comment", "'''", "t = '#'  # hash", "    "]
    assert _code_lines(lines, 1, len(lines)) == [
        (1, b"x = 1"), (4, b"s = '''"), (5, b"\x01"), (6, b"\x01# not a comment"), (7, b"\x01'''"), (8, b"t = '#'")]
    assert _code_lines(lines, 2, 3) == []


CASES = cm.discover(TESTS / "corpus") + cm.discover(TESTS / "heldout")


def without_unread_bodies(tree: Path, models) -> int:
    """Every body the scan of `tree` did not read, as it says, replaced by `pass` on as many lines; returns
    how many."""
    from deserialguard.engine.demand import Inputs
    from deserialguard.engine.parse import parse_file
    from deserialguard.engine.project import Project
    from deserialguard.engine.readings import _blank_spans, idle_candidates, kept_functions

    inputs = Inputs()
    scan_paths([tree], models, inputs=inputs, jobs=1)
    blanked = 0
    for part in inputs.parts:
        for name, reading in part.readings.items():
            path = Path(name)
            project = Project()
            module = project.add(parse_file(path, name))
            classes = [c.qualname for c in project.classes]
            idle = [f for f in idle_candidates(module, classes, reading.uses) if f.name in reading.idle]
            lines = path.read_text(encoding="utf-8").split("\n")
            spans = [(start, end, "pass") for start, end in
                     _blank_spans(module, kept_functions(module, idle), reading.unread, classes)]
            spans += [(f.node.lineno, f.node.end_lineno, f"def {f.name}(): pass") for f in idle]
            for start, end, stub in sorted(spans, reverse=True):
                indent = lines[start - 1][:len(lines[start - 1]) - len(lines[start - 1].lstrip())]
                lines[start - 1:end] = [indent + stub] + [""] * (end - start)
                blanked += 1
            path.write_text("\n".join(lines), encoding="utf-8")
    return blanked


@pytest.mark.parametrize("case_path", CASES, ids=[p.relative_to(TESTS).as_posix() for p in CASES])
def test_what_the_scan_did_not_read_does_not_matter(case_path, tmp_path, monkeypatch):
    """The premise of a reading, on every annotated case: with every body the scan says it did not read
    emptied, and every idle function a bare `def name(): pass`, a scan finds the same, to the line."""
    models = threat_models.parse(cm.load_case(case_path).threat_models)
    tree = tmp_path / "case"
    if case_path.is_dir():
        shutil.copytree(case_path, tree)
    else:
        tree.mkdir()
        shutil.copy(case_path, tree / case_path.name)
    monkeypatch.chdir(tmp_path)
    before = [f.to_dict() for f in scan_paths(["case"], models, jobs=1).findings]
    without_unread_bodies(Path("case"), models)
    assert [f.to_dict() for f in scan_paths(["case"], models, jobs=1).findings] == before
