"""`fix --write` over the WHOLE annotated corpus (a copy of it): every fixed file still compiles, what was
fixed is no longer reported, what was not fixed is explained (a manual instruction or a refusal), and a
second run changes nothing. Without --unsafe-fixes only safe fixes are made and every other finding is
accounted for. Corpus files are only compiled, never imported or run."""
from __future__ import annotations

import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_marks as cm  # noqa: E402

from deserialguard.catalog import threat_models  # noqa: E402
from deserialguard.engine import scan_paths  # noqa: E402
from deserialguard.findings import Finding, ScanResult  # noqa: E402
from deserialguard.fix import FixOptions, FixResult, fix_paths, fix_scan  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = cm.discover(CORPUS)
# Families fix cannot rewrite automatically (no safe mode exists): they get a manual instruction.
MANUAL_FAMILIES = {"joblib", "pandas", "shelve", "marshal", "jsonpickle"}
UNSAFE = FixOptions(unsafe_fixes=True)


@dataclass
class CaseRun:
    """One case fixed once: the scan before, fix --unsafe-fixes --write, the scan after (of its copy);
    and, when asked, the default fix of the original case (unsafe fixes listed, nothing written)."""

    original: Path
    case: Path
    models: frozenset[str]
    before: ScanResult
    result: FixResult
    after: ScanResult

    @cached_property
    def safe_only(self) -> FixResult:
        return fix_paths([self.original], threat_models_enabled=self.models)

    def copy_of(self, path: str) -> Path:
        """The file of the fixed copy that `path`, a file of the original case, became."""
        if self.original.is_file():
            return self.case
        return self.case / Path(path).resolve().relative_to(self.original.resolve())


class CorpusRun:
    """Fixes each case of a copy of the corpus on first request, so the per-case test and the totals
    test share the work when run together, and either one runs alone (or under -k) by itself."""

    def __init__(self, root: Path):
        self.root = root
        self.runs: dict[Path, CaseRun] = {}

    def run(self, case_path: Path) -> CaseRun:
        if case_path not in self.runs:
            case = self.root / case_path.relative_to(CORPUS)
            models = threat_models.parse(cm.load_case(case_path).threat_models)
            before = scan_paths([case], models)
            result = fix_scan(before, UNSAFE, write=True)
            after = scan_paths([case], models)
            self.runs[case_path] = CaseRun(case_path, case, models, before, result, after)
        return self.runs[case_path]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory) -> CorpusRun:
    target = tmp_path_factory.mktemp("fix-corpus") / "corpus"
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns("__pycache__"))
    return CorpusRun(target)


@pytest.mark.parametrize("case_path", CASES, ids=[p.relative_to(CORPUS).as_posix() for p in CASES])
def test_fix_write_on_the_corpus(case_path: Path, corpus_run: CorpusRun) -> None:
    run = corpus_run.run(case_path)
    result, case = run.result, run.case

    assert not result.refusals, [r.reason for r in result.refusals]
    assert {m.finding.family for m in result.manual} <= MANUAL_FAMILIES
    assert len(result.applied) + len(result.manual) == len(run.before.findings)
    for path in cm.case_files(case):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")        # never imported or run

    assert not run.after.errors
    remaining = leftovers(run.after.findings, [m.finding for m in result.manual])
    assert not remaining, "fixed findings are still reported:\n" + "\n".join(
        f"{f.sink.path}:{f.sink.line} {f.sink_api}: {f.sink.code}" for f in remaining)

    texts = {path: path.read_text(encoding="utf-8") for path in cm.case_files(case)}
    again = fix_paths([case], write=True, threat_models_enabled=run.models, unsafe_fixes=True)
    assert not again.changed_files
    assert {path: path.read_text(encoding="utf-8") for path in cm.case_files(case)} == texts


@pytest.mark.parametrize("case_path", CASES, ids=[p.relative_to(CORPUS).as_posix() for p in CASES])
def test_without_unsafe_fixes_only_safe_ones_are_made(case_path: Path, corpus_run: CorpusRun) -> None:
    """Every finding is fixed safely, listed as an unsafe fix, or left to manual work, and the unsafe
    fixes listed are exactly the ones --unsafe-fixes makes."""
    run = corpus_run.run(case_path)
    safe_only = run.safe_only
    assert all(fix.safe for fix in safe_only.applied)
    assert all(not fix.safe for fix in safe_only.unsafe)
    assert not safe_only.refusals, [r.reason for r in safe_only.refusals]
    assert len(safe_only.applied) + len(safe_only.unsafe) + len(safe_only.manual) == len(run.before.findings)
    assert sorted(map(made, run.result.applied)) == sorted(map(made, safe_only.applied + safe_only.unsafe))
    for file_fix in safe_only.files:
        compile(file_fix.fixed, file_fix.path, "exec")
        if not safe_only.unsafe:
            assert file_fix.fixed == run.copy_of(file_fix.path).read_text(encoding="utf-8")


def made(fix) -> tuple:
    """A fix of a finding, by what a copy of the case has in common with it: lines, not paths."""
    finding = fix.finding
    return finding.rule, finding.sink_api, finding.source.line, finding.sink.line, fix.strategy


def test_the_corpus_run_fixed_nearly_everything(corpus_run: CorpusRun) -> None:
    """The automatic fixes are the rule, manual work the exception; computed here over every case."""
    runs = [corpus_run.run(case_path) for case_path in CASES]
    applied = sum(len(run.result.applied) for run in runs)
    assert applied >= 150
    assert sum(len(run.result.manual) for run in runs) <= 30
    assert sum(len(run.result.refusals) for run in runs) == 0
    assert sum(fix.safe for run in runs for fix in run.result.applied) >= 20      # the YAML cases


def test_a_manual_finding_hides_no_leftover_of_its_api_in_its_file(tmp_path):
    """Two jsonpickle.decode calls in one file: one fixed (signed JSON), one left to manual work. Were
    the fix to leave the first in place, the scan after it would report both: one must be a leftover."""
    path = tmp_path / "app.py"
    path.write_text(
        "import socket\n\nimport jsonpickle\nfrom flask import request\n\n\n"
        "def restore():\n    return jsonpickle.decode(request.form['state'])\n\n\n"
        "def receive(sock: socket.socket):\n    return jsonpickle.decode(sock.recv(4096))\n")
    before = scan_paths([path])
    result = fix_scan(before, UNSAFE)
    assert len(result.applied) == len(result.manual) == 1
    (left,) = leftovers(before.findings, [m.finding for m in result.manual])
    assert left == result.applied[0].finding


def leftovers(after: list[Finding], manual: list[Finding]) -> list[Finding]:
    """The findings reported after the fix that are not the manual ones, matched one by one by
    fingerprint: it names the rule, the sink API and the sink's file and code but no line number, so it
    survives the lines a fix inserts above a finding, and changes when the fix rewrites the sink's line.
    A finding left unfixed beside a manual one of the same API and file is therefore still found."""
    unmatched = Counter(f.fingerprint for f in manual)
    remaining = []
    for finding in after:
        if unmatched[finding.fingerprint]:
            unmatched[finding.fingerprint] -= 1
        else:
            remaining.append(finding)
    return remaining
