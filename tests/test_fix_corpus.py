"""`fix --write` over the WHOLE annotated corpus (a copy of it): every fixed file still compiles, what was
fixed is no longer reported, what was not fixed is explained (a manual instruction or a refusal), and a
second run changes nothing. Corpus files are only compiled, never imported or run."""
from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_marks as cm  # noqa: E402

from deserialguard.catalog import threat_models  # noqa: E402
from deserialguard.engine import scan_paths  # noqa: E402
from deserialguard.fix import FixOptions, fix_paths, fix_scan  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = cm.discover(CORPUS)
# Families fix cannot rewrite automatically (no safe mode exists): they get a manual instruction.
MANUAL_FAMILIES = {"joblib", "pandas", "shelve", "marshal", "jsonpickle"}

_outcomes: Counter = Counter()


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fix-corpus") / "corpus"
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.mark.parametrize("case_path", CASES, ids=[p.relative_to(CORPUS).as_posix() for p in CASES])
def test_fix_write_on_the_corpus(case_path: Path, corpus_copy: Path) -> None:
    case = corpus_copy / case_path.relative_to(CORPUS)
    models = threat_models.parse(cm.load_case(case_path).threat_models)
    before = scan_paths([case], models)
    result = fix_scan(before, FixOptions(), write=True)
    _outcomes.update(applied=len(result.applied), manual=len(result.manual), refused=len(result.refusals))

    assert not result.refusals, [r.reason for r in result.refusals]
    assert {m.finding.family for m in result.manual} <= MANUAL_FAMILIES
    assert len(result.applied) + len(result.manual) == len(before.findings)
    for path in cm.case_files(case):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")        # never imported or run

    after = scan_paths([case], models)
    assert not after.errors
    unfixed = {(m.finding.sink_api, Path(m.finding.sink.path).resolve()) for m in result.manual}
    remaining = [f for f in after.findings
                 if (f.sink_api, Path(f.sink.path).resolve()) not in unfixed]
    assert not remaining, "fixed findings are still reported:\n" + "\n".join(
        f"{f.sink.path}:{f.sink.line} {f.sink_api}: {f.sink.code}" for f in remaining)

    texts = {path: path.read_text(encoding="utf-8") for path in cm.case_files(case)}
    again = fix_paths([case], write=True, threat_models_enabled=models)
    assert not again.changed_files
    assert {path: path.read_text(encoding="utf-8") for path in cm.case_files(case)} == texts


def test_the_corpus_run_fixed_nearly_everything() -> None:
    """Runs after the cases (file order): the automatic fixes are the rule, manual work the exception."""
    if _outcomes["applied"] == 0:
        pytest.skip("run together with test_fix_write_on_the_corpus")
    assert _outcomes["applied"] >= 150
    assert _outcomes["manual"] <= 30
    assert _outcomes["refused"] == 0
