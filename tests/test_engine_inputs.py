"""What the scanner reads, what it refuses, and that it never runs what it reads."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from deserialguard.engine import scan_paths
from deserialguard.engine.parse import MAX_BYTES

VULNERABLE = "import pickle\nfrom flask import request\n\ndef view():\n    return pickle.loads(request.data)\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


FORMATS = ("text", "json", "sarif", "markdown")


def reports(capsys, arguments: list[str]) -> dict[str, tuple[int, str]]:
    """The exit status and output of `deserialguard scan ARGUMENTS` in each format."""
    from deserialguard import cli
    outputs = {}
    for name in FORMATS:
        status = cli.main(["scan", *arguments, "--format", name])
        outputs[name] = status, capsys.readouterr().out
    return outputs


def shows_error(output: str, format: str, path: str, reason: str) -> bool:
    """Whether a report in this format lists the error (path, reason), as it lists any file it could not analyse."""
    if format == "json":
        return {"path": path, "reason": reason} in json.loads(output)["errors"]
    if format == "sarif":
        [invocation] = json.loads(output)["runs"][0]["invocations"]
        return any(note["message"]["text"].endswith(reason)
                   and note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path
                   for note in invocation["toolExecutionNotifications"])
    return any(path in line and line.endswith(reason) for line in output.splitlines())


def sinks(result) -> set[tuple[str, int]]:
    return {(Path(f.sink.path).name, f.sink.line) for f in result.findings}


def reasons(result) -> dict[str, str]:
    return {Path(e.path).name: e.reason for e in result.errors}


@pytest.mark.parametrize("exhaustive", [True, False])
def test_bad_files_are_errors_and_the_scan_goes_on(tmp_path, exhaustive):
    write(tmp_path / "good.py", VULNERABLE)
    write(tmp_path / "syntax.py", "import pickle\ndef broken(:\n    return pickle.loads(x)\n")
    write(tmp_path / "latin.py", "x = '\xe9t\xe9'\n".encode("latin-1"))
    write(tmp_path / "binary.py", b"\x00\x01\x02\x03 not python")
    write(tmp_path / "nested.py", "import pickle\nx = pickle.loads(" + "(" * 500 + "1" + ")" * 500 + ")\n")
    write(tmp_path / "huge.py", "# " + "x" * (MAX_BYTES + 1) + "\n")
    write(tmp_path / "unused.py", "def broken(:\n    pass\n")     # no sink: parsed only when exhaustive
    result = scan_paths([tmp_path], exhaustive=exhaustive)
    assert sinks(result) == {("good.py", 5)}
    found = reasons(result)
    expected = {"syntax.py", "latin.py", "binary.py", "nested.py", "huge.py"} | ({"unused.py"} if exhaustive else set())
    assert set(found) == expected
    assert "syntax error at line 2" in found["syntax.py"]
    assert "UTF-8" in found["latin.py"]
    assert "binary" in found["binary.py"]
    assert "nested" in found["nested.py"]
    assert "too large" in found["huge.py"]


def test_declared_encoding_is_honoured(tmp_path):
    source = "# -*- coding: latin-1 -*-\n" + VULNERABLE.replace("def view", "# caf\xe9\ndef view")
    write(tmp_path / "declared.py", source.encode("latin-1"))
    result = scan_paths([tmp_path])
    assert result.errors == []
    assert sinks(result) == {("declared.py", 7)}


def test_long_operator_chains_are_analysed_not_refused(tmp_path):
    chain = "request.data" + " + request.data" * 3000
    write(tmp_path / "chain.py", f"import pickle\nfrom flask import request\nx = {chain}\npickle.loads(x)\n")
    result = scan_paths([tmp_path])
    assert result.errors == []
    assert sinks(result) == {("chain.py", 4)}
    assert len(result.findings) == 1          # one finding per source line, however often it reads


def test_missing_path_and_symlink_loops(tmp_path):
    write(tmp_path / "tree" / "good.py", VULNERABLE)
    loop = tmp_path / "tree" / "loop"
    loop.mkdir()
    os.symlink("..", loop / "up")                      # a folder link back up the tree
    os.symlink("self.py", tmp_path / "tree" / "self.py")  # a file link to itself
    result = scan_paths([tmp_path / "tree", tmp_path / "absent.py", tmp_path / "tree" / "self.py"])
    assert sinks(result) == {("good.py", 5)}
    found = reasons(result)
    assert "No such file" in found["absent.py"] or "cannot be read" in found["absent.py"]
    assert "loop" in found["self.py"]


def test_hidden_folders_virtualenvs_and_gitignore_are_skipped(tmp_path):
    write(tmp_path / "app.py", VULNERABLE)
    write(tmp_path / ".hidden" / "a.py", VULNERABLE)
    write(tmp_path / "venv2" / "pyvenv.cfg", "home = /usr/bin\n")
    write(tmp_path / "venv2" / "lib" / "b.py", VULNERABLE)
    write(tmp_path / ".gitignore", "generated/\n*_skip.py\n")
    write(tmp_path / "generated" / "c.py", VULNERABLE)
    write(tmp_path / "pkg" / "d_skip.py", VULNERABLE)
    write(tmp_path / "pkg" / ".gitignore", "local.py\n")
    write(tmp_path / "pkg" / "local.py", VULNERABLE)
    write(tmp_path / "pkg" / "kept.py", VULNERABLE)
    result = scan_paths([tmp_path])
    assert sinks(result) == {("app.py", 5), ("kept.py", 5)}
    explicit = scan_paths([tmp_path / "generated" / "c.py"])   # named on the command line: scanned
    assert sinks(explicit) == {("c.py", 5)}


def test_scanning_never_runs_the_scanned_code(tmp_path):
    marker = tmp_path / "marker"
    payload = (
        "import os, pickle\n"
        f"open({str(marker)!r}, 'w').write('module ran')\n"
        "from flask import request\n"
        "class Exploit:\n"
        f"    def __reduce__(self):\n        return (os.system, ('touch {marker}',))\n"
        "def view():\n"
        "    return pickle.loads(request.data)\n"
        "if __name__ == '__main__':\n"
        f"    open({str(marker)!r}, 'w').write('main ran')\n"
    )
    write(tmp_path / "pkg" / "__init__.py", payload)
    write(tmp_path / "pkg" / "mod.py", payload)
    write(tmp_path / "conftest.py", payload)
    result = scan_paths([tmp_path])
    assert len(result.findings) == 3            # it was read: each copy's sink is reported
    assert not marker.exists()                  # and nothing in it ran


@pytest.mark.parametrize("threat_models, expected", [
    (frozenset({"remote"}), set()),
    (frozenset({"local"}), {("cli.py", 4)}),
])
def test_threat_models_select_sources(tmp_path, threat_models, expected):
    write(tmp_path / "cli.py", "import sys, pickle\n\npath = sys.argv[1]\npickle.load(open(path, 'rb'))\n")
    assert sinks(scan_paths([tmp_path], threat_models)) == expected


def test_module_names_follow_real_folders_and_linked_files(tmp_path):
    """A folder is resolved once for all its files; a file that is itself a link is named where it points."""
    from deserialguard.engine.project import Project, real_path
    write = lambda path, text="": (path.parent.mkdir(parents=True, exist_ok=True), path.write_text(text))
    write(tmp_path / "real" / "pkg" / "__init__.py")
    write(tmp_path / "real" / "pkg" / "codec.py")
    write(tmp_path / "other" / "lib" / "__init__.py")
    write(tmp_path / "other" / "lib" / "helpers.py")
    os.symlink(tmp_path / "real" / "pkg", tmp_path / "alias")                       # a linked folder
    os.symlink(tmp_path / "other" / "lib" / "helpers.py", tmp_path / "real" / "pkg" / "linked.py")
    project = Project()
    paths = [tmp_path / "alias" / "codec.py", tmp_path / "real" / "pkg" / "linked.py"]
    project.index(paths)
    assert [project.module_name(p)[0] for p in paths] == ["pkg.codec", "lib.helpers"]
    folders = {}
    for path in [*paths, tmp_path / "alias" / "__init__.py"]:
        assert real_path(path, folders) == path.resolve()


def write_groups(root: Path, names: list[str]) -> None:
    """A package of each name that no import joins to the others, each with a view that unpickles its
    request body: a group of its own, with one finding."""
    for name in names:
        (root / name).mkdir()
        (root / name / "__init__.py").write_text("")
        (root / name / "views.py").write_text(
            "import pickle\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
            "@app.post('/load')\ndef load():\n    return pickle.loads(request.data)\n")


def test_a_bug_in_choosing_what_to_analyse_costs_one_group_not_the_scan(tmp_path, monkeypatch):
    """Two groups no import joins; choosing what to analyse fails in one: the other's findings stand, and the
    failure is an error naming a file of its group (the exit status says so)."""
    from deserialguard.engine import demand

    write_groups(tmp_path, ["first", "second"])
    real = demand.Demand.candidates

    def candidates(self):
        if any("second" in str(path) for path in self.texts):
            raise KeyError("a bug")
        return real(self)
    monkeypatch.setattr(demand.Demand, "candidates", candidates)
    result = scan_paths([tmp_path], jobs=1)
    assert [f.sink.path.endswith("first/views.py") for f in result.findings] == [True]
    [error] = result.errors
    assert "second" in error.path and "internal error while analysing (KeyError: 'a bug')" in error.reason


def test_a_form_feed_is_no_line_break(tmp_path):
    """Page breaks (^L) in old code: the parser counts lines at \\n, \\r\\n and \\r only, and so must the
    text a finding shows for each line (str.splitlines() also breaks at \\x0c, \\x1c-\\x1e, \\x85, \\u2028)."""
    source = ("import pickle\n\x0c\nfrom flask import request\nSEPARATORS = '\x1c\x85\u2028'\n\ndef load():\n"
              "    return pickle.loads(request.data)\n")
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    [finding] = scan_paths([tmp_path]).findings
    assert (finding.sink.line, finding.sink.code) == (7, "return pickle.loads(request.data)")


def test_each_file_is_read_once(tmp_path, monkeypatch):
    """The demand-driven scan parses the bytes it read (and the cache digested), never a second reading
    of the file: modules parsed because a name resolves into them included."""
    from collections import Counter

    package = tmp_path / "service"
    package.mkdir()
    (package / "__init__.py").write_text("from .codec import restore\n")
    (package / "codec.py").write_text("import pickle\n\nfrom .steps import strip\n\n\n"
                                      "def restore(blob):\n    return pickle.loads(strip(blob))\n")
    (package / "steps.py").write_text("def strip(value):\n    return value.strip()\n")
    (tmp_path / "views.py").write_text("from flask import request\nfrom service import restore\n\n\n"
                                       "def view():\n    return restore(request.get_data())\n")
    import builtins
    from deserialguard.engine import parse
    reads = Counter()
    real_read, real_open = Path.read_bytes, builtins.open
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.update([self.name]) or real_read(self))
    monkeypatch.setattr(parse, "open", lambda file, *args, **kwargs: reads.update([Path(file).name])
                        or real_open(file, *args, **kwargs), raising=False)
    assert len(scan_paths([tmp_path], jobs=1).findings) == 1
    assert reads == {"__init__.py": 1, "codec.py": 1, "steps.py": 1, "views.py": 1}


def test_a_process_frees_each_group_before_it_scans_the_next(tmp_path, monkeypatch):
    """A scan disables the cycle collector and a group's modules and functions refer to one another: one
    process scanning group after group must free them, or it holds them all. It collects once the groups
    since the last collection weigh COLLECT_AFTER (small groups leave little): here, after each."""
    import weakref

    from deserialguard.engine import workers
    from deserialguard.engine.project import Project

    monkeypatch.setattr(workers, "COLLECT_AFTER", 1)
    write_groups(tmp_path, ["first", "second", "third"])
    modules, left_alive = [], []
    real = Project.add

    def add(self, parsed):
        group = parsed.path.parent.name
        left_alive.extend(other for other, module in modules if other != group and module() is not None)
        module = real(self, parsed)
        modules.append((group, weakref.ref(module)))
        return module
    monkeypatch.setattr(Project, "add", add)
    assert len(scan_paths([tmp_path], jobs=1).findings) == 3
    assert len({group for group, _ in modules}) == 3 and left_alive == []


@pytest.mark.parametrize("source, names", [
    ("TABLE = {'a': [1, 2], 'b': (3, 4)}\n", {"TABLE"}),
    ("keys = [key for key in TABLE]\n", {"keys", "key"}),
    ("value = (cached := compute())\n", {"value", "cached"}),
    ("print([seen for seen in range(3)])\n", {"seen"}),
    ("a, (b, *c) = table\nd.e = f[g] = 1\nh: int = 2\ni += 1\n", {"a", "b", "c", "h", "i"}),
    ("import os\nfrom json import loads as parse\n", set()),
    ("if (m := check()):\n    n = 1\nelse:\n    o = [p for p in q]\n", {"m", "n", "o", "p"}),
    ("def f():\n    inner = 1\nclass C:\n    attribute = 2\nlam = lambda x: (y := x)\n", {"lam"}),
    ("try:\n    r = 1\nexcept ValueError as error:\n    s = 2\n", {"r", "error", "s"}),
])
def test_the_names_top_level_code_binds(source, names):
    """Inside a value only `:=` and a comprehension bind; the scan skips walking values whose text spells
    neither (long literal tables), and must still find every name a top-level statement can bind."""
    from deserialguard.engine.parse import parse_source
    from deserialguard.engine.project import Project
    module = Project().add(parse_source(source, Path("m.py"), "m.py"))
    assert module.assigned == names
