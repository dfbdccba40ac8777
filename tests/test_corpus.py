"""The annotated corpus: every case under tests/corpus/ and tests/heldout/ is scanned and its marks compared
with the findings. (tests/heldout/ was written without knowledge of the engine, from published CWE-502 bugs;
its first score is in tests/heldout/README.md. It is tested now, so its fixes stay fixed.)

Adding a case is adding a file (or a folder) under a category folder; see tests/corpus/README.md and
tests/corpus_marks.py for the mark syntax. The corpus files are only read and scanned, never imported:
tests/corpus/conftest.py keeps pytest from collecting them.
"""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_marks as cm  # noqa: E402

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
HELDOUT = TESTS / "heldout"
CASES = cm.discover(CORPUS) + cm.discover(HELDOUT)
MIN_CASES = 140


def _case_id(path: Path) -> str:
    return path.relative_to(TESTS).as_posix()


def _known_gaps_fail_strictly(path: Path):
    """A case with an `# xfail:` directive must fail until the engine gets it right (see corpus_marks)."""
    try:
        reason = cm.load_case(path).xfail
    except cm.MarkError:
        reason = None                   # test_case reports it
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(path, marks=marks, id=_case_id(path))


@pytest.mark.parametrize("case_path", [_known_gaps_fail_strictly(p) for p in CASES])
def test_case(case_path: Path) -> None:
    case = cm.load_case(case_path)
    result = cm.scan(case)
    errors = [f"{e.path}: {e.reason}" for e in result.errors]
    assert not errors, "corpus case produced scan errors:\n  " + "\n  ".join(errors)
    problems = cm.compare(case, cm.reduce_findings(result.findings, case.root))
    assert not problems, f"{_case_id(case_path)} (threat models {case.threat_models}):\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------- the corpus itself


def test_corpus_size_and_categories() -> None:
    corpus = cm.discover(CORPUS)
    assert len(corpus) >= MIN_CASES, f"corpus has {len(corpus)} cases, want at least {MIN_CASES}"
    present = {p.parent.name for p in corpus}
    empty = [c for c in cm.CATEGORIES if c not in present]
    assert not empty, f"empty categories: {empty}"
    unknown = sorted(present - set(cm.CATEGORIES))
    assert not unknown, f"unknown category folders (add them to corpus_marks.CATEGORIES): {unknown}"
    folder_cases = [p for p in corpus if p.is_dir() and p.parent.name == "cross_file"]
    assert len(folder_cases) >= 8, "want at least 8 cross-file folder cases"


@pytest.mark.parametrize("case_path", CASES, ids=[_case_id(p) for p in CASES])
def test_case_marks_parse(case_path: Path) -> None:
    """Every case's marks parse and are consistent, and every case checks something."""
    case = cm.load_case(case_path)
    assert case.sinks or case.ok_lines, f"{_case_id(case_path)} marks no sink and no '# ok' line"
    for path in cm.case_files(case_path):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")   # valid Python; nothing is run


def test_every_threat_model_has_a_case() -> None:
    seen: set[str] = set()
    for path in CASES:
        case = cm.load_case(path)
        for sink in case.sinks:
            if sink.threat_model:
                seen.add(sink.threat_model)
        models = cm._parse_threat_models(case.threat_models)
        if len(models) == 1 and case.sinks:
            seen |= models
    assert set(cm.THREAT_MODELS) <= seen, f"no case pins threat model(s) {set(cm.THREAT_MODELS) - seen}"


def _seed_code_blocks(record: Path) -> tuple[list[str], list[str]]:
    text = record.read_text(encoding="utf-8")
    vulnerable = re.search(r"## Vulnerable Code\n```python\n(.*?)```", text, re.S).group(1)
    secure = re.search(r"## Secure Code\n```python\n(.*?)```", text, re.S).group(1)
    return vulnerable.splitlines(), secure.splitlines()


_TRAILING_MARK = re.compile(r"\s+#\s*(?:source|sink|ok)\b.*$")


def _strip_marks(path: Path) -> list[str]:
    lines = [_TRAILING_MARK.sub("", line) for line in path.read_text(encoding="utf-8").splitlines()]
    while lines and (not lines[-1].strip() or re.match(r"#\s*(expect-flow|threat-models)", lines[-1])):
        lines.pop()
    return lines


SEEDS = TESTS / "data" / "seeds"      # the two seed records, committed with the tests


@pytest.mark.parametrize("number", ["000", "001"])
def test_seed_cases_are_verbatim(number: str) -> None:
    (record,) = SEEDS.glob(f"{number}_*.txt")
    vulnerable, secure = _seed_code_blocks(record)
    assert _strip_marks(CORPUS / "seeds" / f"seed_{number}_vulnerable.py") == vulnerable
    assert _strip_marks(CORPUS / "seeds" / f"seed_{number}_secure.py") == secure


# --------------------------------------------------------------------------- the mark parser and comparer


def test_parse_mark_comment() -> None:
    assert cm.parse_mark_comment(" source") == [("source", "")]
    assert cm.parse_mark_comment(" source[a]") == [("source", "a")]
    assert cm.parse_mark_comment(" ok") == [("ok",)]
    assert cm.parse_mark_comment(" ok -- safe_load") == [("ok",)]
    assert cm.parse_mark_comment(" sink: severity=critical") == [("sink", "", "critical", None)]
    assert cm.parse_mark_comment(" sink[a]: severity=critical sink[b]: severity=medium threat_model=datastore") == [
        ("sink", "a", "critical", None), ("sink", "b", "medium", "datastore")]
    assert cm.parse_mark_comment(" source sink: severity=high threat_model=network") == [
        ("source", ""), ("sink", "", "high", "network")]
    assert cm.parse_mark_comment(" step: base64-decoded") == [("step", ("base64-decoded",))]
    assert cm.parse_mark_comment(" source sink: severity=low step: a form field; read -- note") == [
        ("source", ""), ("sink", "", "low", None), ("step", ("a form field", "read"))]
    assert cm.parse_mark_comment(" steps are numbered") is None
    assert cm.parse_mark_comment(" load the model") is None
    assert cm.parse_mark_comment(" okay then") is None
    assert cm.parse_mark_comment(" sourced from the cache") is None
    for bad in (" sink", " sink: severity=urgent", " sink: severity=high threat_model=cloud",
                " source then something", " sink: severity=high severity=low", " ok sink", " step:",
                " step: read;; decoded", " step base64-decoded"):
        with pytest.raises(cm.MarkError):
            cm.parse_mark_comment(bad)


def test_parse_flow() -> None:
    assert cm.parse_flow("6-10-11", folder=False) == [("", 6), ("", 10), ("", 11)]
    assert cm.parse_flow("app.py:12-pkg/codec.py:4-pkg/codec.py:9", folder=True) == [
        ("app.py", 12), ("pkg/codec.py", 4), ("pkg/codec.py", 9)]
    with pytest.raises(cm.MarkError):
        cm.parse_flow("app.py:12-4", folder=True)
    with pytest.raises(cm.MarkError):
        cm.parse_flow("app.py:12", folder=False)


_SAMPLE = '''\
# threat-models: remote,datastore
import pickle, yaml
from flask import request

def view(r):
    raw = request.get_data()               # source[a]
    cached = r.get("k")                    # source[b]
    yaml.safe_load(raw)                    # ok
    s = "# source  (inside a string)"
    return pickle.loads(raw + cached)      # sink[a]: severity=critical sink[b]: severity=medium
# expect-flow[a]: 6-10
'''


def test_load_case_and_compare(tmp_path: Path) -> None:
    path = tmp_path / "sample.py"
    path.write_text(_SAMPLE)
    case = cm.load_case(path)
    assert case.threat_models == "remote,datastore"
    assert case.ok_lines == {("sample.py", 8)}
    assert {e.key for e in case.expected()} == {
        ("sample.py", 10, "sample.py", 6, "critical"), ("sample.py", 10, "sample.py", 7, "medium")}
    assert case.expect_flows == {"a": [("sample.py", 6), ("sample.py", 10)]}

    # One finding at the sink: source a (critical) first, with its flow; source b listed, without one.
    primary = cm.Got("sample.py", 10, "sample.py", 6, "critical", "remote", (("sample.py", 6), ("sample.py", 10)),
                     finding=0, primary=True, finding_severity="critical")
    other = cm.Got("sample.py", 10, "sample.py", 7, "medium", "datastore", (), finding=0, primary=False,
                   finding_severity="critical")
    good = [primary, other]
    assert cm.compare(case, good) == []

    missing = cm.compare(case, good[:1])
    assert any(p.startswith("MISSING") and "source sample.py:7" in p for p in missing)
    on_ok = cm.compare(case, good + [cm.Got("sample.py", 8, "sample.py", 6, "critical", "remote", (), finding=1)])
    assert any(p.startswith("FLAGGED SAFE CALL") for p in on_ok)
    wrong_sev = cm.compare(case, [primary, replace(other, severity="high")])
    assert any(p.startswith("MISSING") for p in wrong_sev) and any(p.startswith("EXTRA") for p in wrong_sev)
    wrong_flow = cm.compare(case, [replace(primary, flow=(("sample.py", 6), ("sample.py", 9), ("sample.py", 10))),
                                   other])
    assert any("WRONG FLOW" in p and "6-9-10" in p for p in wrong_flow)
    assert any(p.startswith("DUPLICATE") for p in cm.compare(case, good + [replace(other, finding=1)]))

    # The finding's severity is the highest of its sources', and the primary source is the one that has it.
    lowered = [replace(g, finding_severity="medium") for g in good]
    assert any(p.startswith("NOT THE HIGHEST SEVERITY") for p in cm.compare(case, lowered))
    swapped = [replace(primary, primary=False, flow=()), replace(other, primary=True, flow=((("sample.py", 7),
                                                                                             ("sample.py", 10))))]
    problems = cm.compare(case, swapped)
    assert any(p.startswith("NOT THE HIGHEST SEVERITY") for p in problems)
    assert any(p.startswith("NOT THE PRIMARY SOURCE") and "source sample.py:6" in p for p in problems)


def test_each_source_of_a_finding_is_a_pair() -> None:
    """reduce_findings(): one Got per source, the primary's with the flow, each with its own severity."""
    from deserialguard.findings import Finding, Location, Severity, Source

    root = Path("/case/sample.py")

    def step(line: int, label: str) -> Location:
        return Location(str(root), line, 1, "code", label)

    finding = Finding("DG001", Severity.CRITICAL, "remote", "t", "pickle.loads", "pickle", "a form field",
                      (step(6, "a form field"), step(10, "deserialized by pickle.loads()")),
                      others=(Source(step(7, "a value read from Redis"), "datastore", Severity.MEDIUM),))
    first, second = cm.reduce_findings([finding], root)
    assert (first.source_line, first.severity, first.primary, first.flow) == (
        6, "critical", True, (("sample.py", 6), ("sample.py", 10)))
    assert (second.source_line, second.severity, second.threat_model, second.primary, second.flow) == (
        7, "medium", "datastore", False, ())
    assert first.finding == second.finding and second.finding_severity == "critical"


def test_step_labels_are_compared(tmp_path: Path) -> None:
    path = tmp_path / "steps.py"
    path.write_text("raw = request.get_data()  # source step: the raw HTTP request body\n"
                    "blob = base64.b64decode(raw)  # step: base64-decoded\n"
                    "pickle.loads(blob)  # sink: severity=critical\n"
                    "pickle.loads(b'')  # step: read\n")
    case = cm.load_case(path)
    assert case.steps == [cm.StepMark("steps.py", 1, ("the raw HTTP request body",)),
                          cm.StepMark("steps.py", 2, ("base64-decoded",)), cm.StepMark("steps.py", 4, ("read",))]
    case.steps.pop()
    steps = (("steps.py", 1, "the raw HTTP request body"), ("steps.py", 2, "base64-decoded"),
             ("steps.py", 3, "deserialized by pickle.loads()"))
    good = cm.Got("steps.py", 3, "steps.py", 1, "critical", "remote", tuple(s[:2] for s in steps), steps)
    assert cm.compare(case, [good]) == []
    renamed = cm.Got(*good.key, "remote", good.flow,
                     (steps[0], ("steps.py", 2, "passed through b64decode()"), steps[2]))
    assert any("WRONG STEP LABELS at steps.py:2" in p and "passed through b64decode()" in p
               for p in cm.compare(case, [renamed]))
    added = cm.Got(*good.key, "remote", good.flow, (steps[0], ("steps.py", 1, "transformed by .strip()"), *steps[1:]))
    assert any("WRONG STEP LABELS at steps.py:1" in p for p in cm.compare(case, [added]))
    bypassing = cm.Got(*good.key, "remote", good.flow, (steps[0], steps[2]))
    assert any(p.startswith("NO FLOW through the step mark at steps.py:2") for p in cm.compare(case, [bypassing]))


def test_xfail_directive(tmp_path: Path) -> None:
    path = tmp_path / "gap.py"
    path.write_text("x = 1  # source sink: severity=low\n# xfail: the engine does not see this yet\n")
    assert cm.load_case(path).xfail == "the engine does not see this yet"
    for text in ("# xfail:\n", "# xfail: a\n# xfail: b\n", "# xfail[a]: why\n"):
        path.write_text("x = 1  # source sink: severity=low\n" + text)
        with pytest.raises(cm.MarkError):
            cm.load_case(path)


def test_marks_that_contradict_are_rejected(tmp_path: Path) -> None:
    for text in ("x = 1  # source\n",                                   # source without sink
                 "import pickle\npickle.loads(b'')  # sink: severity=low\n",  # sink without source
                 "x = 1  # source sink: severity=low ok\n",             # sink and ok on one line
                 "x = 1  # source\ny = x  # sink: severity=low\n# expect-flow: 1-3\n",  # flow ends elsewhere
                 "# threat-models: cloud\nx = 1  # source sink: severity=low\n"):
        path = tmp_path / "bad.py"
        path.write_text(text)
        with pytest.raises(cm.MarkError):
            cm.load_case(path)


def test_folder_case_paths(tmp_path: Path) -> None:
    root = tmp_path / "case"
    (root / "pkg").mkdir(parents=True)
    (root / "app.py").write_text("from pkg.codec import load\n\ndef h(request):\n"
                                 "    return load(request.body)  # source[x]\n")
    (root / "pkg" / "codec.py").write_text("import pickle\n\ndef load(b):\n    return pickle.loads(b)"
                                           "  # sink[x]: severity=critical\n"
                                           "# expect-flow[x]: app.py:4-pkg/codec.py:3-pkg/codec.py:4\n")
    case = cm.load_case(root)
    assert case.files == ["app.py", "pkg/codec.py"]
    (e,) = case.expected()
    assert (e.source_path, e.sink_path) == ("app.py", "pkg/codec.py")
    assert cm.relative_to_case(str(root / "pkg" / "codec.py"), root) == "pkg/codec.py"
    got = cm.Got("pkg/codec.py", 4, "app.py", 4, "critical", "remote",
                 (("app.py", 4), ("pkg/codec.py", 3), ("pkg/codec.py", 4)))
    assert cm.compare(case, [got]) == []
