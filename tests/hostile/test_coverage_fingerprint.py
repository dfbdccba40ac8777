"""A finding's fingerprint stays the same when lines move (issue 20, item 17): blank lines and comments
inserted before any statements of an annotated case move every finding below them, and change no
fingerprint. (A fingerprint is what a baseline or a suppression keys on; one that holds the line number
is lost by any edit above the finding.)
"""
from __future__ import annotations

import ast
import shutil
import sys
from collections import Counter
from pathlib import Path

from hypothesis import assume, given, settings, strategies as st

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

import corpus_marks as cm  # noqa: E402

from deserialguard.catalog import threat_models  # noqa: E402
from deserialguard.engine import scan_paths  # noqa: E402

CASES = cm.discover(TESTS / "corpus")
FILLERS = ["", "# a comment that moves what follows", "    # indented comment"]


def statement_lines(text: str) -> list[int]:
    """Lines where a statement (or its first decorator) starts: a line inserted there splits nothing."""
    lines = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.stmt):
            decorators = getattr(node, "decorator_list", [])
            lines.add(min([node.lineno] + [d.lineno for d in decorators]))
    continued = {number + 1 for number, line in enumerate(text.splitlines(), start=1) if line.endswith("\\")}
    return sorted(lines - continued)


def insert(text: str, before: Counter, filler: str) -> str:
    out = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        out += [filler + "\n"] * before[number]
        out.append(line)
    return "".join(out)


def fingerprints(root: Path, models) -> Counter:
    """(fingerprint, file, sink line) of every finding."""
    result = scan_paths([root], models)
    assert not result.errors, result.errors
    return Counter((f.fingerprint, Path(f.sink.path).resolve(), f.sink.line) for f in result.findings)


@settings(max_examples=60, deadline=None)
@given(case_path=st.sampled_from(CASES), data=st.data())
def test_fingerprints_stay_when_lines_move(tmp_path_factory, case_path, data):
    root = tmp_path_factory.mktemp("moved") / case_path.name
    (shutil.copytree if case_path.is_dir() else shutil.copy)(case_path, root)
    models = threat_models.parse(cm.load_case(case_path).threat_models)
    before = fingerprints(root, models)
    assume(before)

    starts = {path: statement_lines(path.read_text(encoding="utf-8")) for path in cm.case_files(root)}
    edited = data.draw(st.sampled_from([path for path, lines in starts.items() if lines]))
    text = edited.read_text(encoding="utf-8")
    where = Counter(data.draw(st.lists(st.sampled_from(starts[edited]), min_size=1, max_size=6)))
    edited.write_text(insert(text, where, data.draw(st.sampled_from(FILLERS))), encoding="utf-8")

    def moved(path: Path, line: int) -> int:
        return line + (sum(n for at, n in where.items() if at <= line) if path == edited.resolve() else 0)

    assert fingerprints(root, models) == Counter({(fp, path, moved(path, line)): n
                                                  for (fp, path, line), n in before.items()})
