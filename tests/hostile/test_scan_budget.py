"""Issue 20 item 1: the analysis of one body costs time and memory in proportion to its size, whatever its
shape, or stops at a budget with an error naming it; the rest of the scan goes on.

Linearity is checked by counting, not timing: statements analysed, and the peak of memory traced while
the scan runs (tracemalloc counts allocations, the same for the same input), at one size and at four
times that size.
"""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from deserialguard.engine import budget, scan_paths
from deserialguard.engine.flow import Analysis

from long_bodies import HEAD, OTHER, branches_in_loops, chain, literal, names_and_ifs, nested_loops

SHAPES = {"chain": chain, "names_and_ifs": names_and_ifs, "literal": literal}
SIZES = {"chain": 500, "names_and_ifs": 300, "literal": 1000}
DEPTHS = {"nested_loops": nested_loops, "branches_in_loops": branches_in_loops}


def write_tree(tmp_path: Path, source: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "generated.py").write_text(source)
    (tmp_path / "other.py").write_text(OTHER)
    return tmp_path


def statements_analysed(monkeypatch, tmp_path: Path, source: str) -> tuple[int, object]:
    count = [0]
    real = Analysis.statement

    def statement(self, node):
        count[0] += 1
        return real(self, node)
    monkeypatch.setattr(Analysis, "statement", statement)
    result = scan_paths([write_tree(tmp_path, source)], jobs=1)
    monkeypatch.setattr(Analysis, "statement", real)
    return count[0], result


def sink_lines(result) -> set[tuple[str, int]]:
    return {(Path(f.sink.path).name, f.sink.line) for f in result.findings}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_is_found_and_costs_statements_in_proportion_to_its_size(shape, tmp_path, monkeypatch):
    make, size = SHAPES[shape], SIZES[shape]
    small, result = statements_analysed(monkeypatch, tmp_path / "small", make(size))
    large, large_result = statements_analysed(monkeypatch, tmp_path / "large", make(4 * size))
    for source, found in ((make(size), result), (make(4 * size), large_result)):
        sink = source.count("\n")
        assert sink_lines(found) == {("generated.py", sink), ("other.py", 6)} and found.errors == []
    assert large <= 6 * small, f"{shape}: {small} statements at size {size}, {large} at four times that"


@pytest.mark.parametrize("shape", sorted(DEPTHS))
def test_loops_nested_twice_as_deep_cost_no_more_than_four_times(shape, tmp_path, monkeypatch):
    """A loop is analysed again when its first pass changed what its start sees, and so are the loops in
    it, once each (they start from a state that changes no more): the square of the depth, where two
    passes at every level were 2**depth. CPython compiles no more than 20 nested blocks."""
    make = DEPTHS[shape]
    shallow, _ = statements_analysed(monkeypatch, tmp_path / "shallow", make(10))
    deep, result = statements_analysed(monkeypatch, tmp_path / "deep", make(20))
    assert sink_lines(result) == {("generated.py", make(20).count("\n")), ("other.py", 6)}
    assert deep <= 5 * shallow, f"{shape}: {shallow} statements 10 deep, {deep} 20 deep"


@pytest.mark.parametrize("shape", ["chain", "names_and_ifs"])
def test_memory_grows_in_proportion_to_the_function(shape, tmp_path):
    """A path of n steps once took n² memory (each step copied the steps before it)."""
    peaks = []
    for size in (1000, 4000):
        tree = write_tree(tmp_path / str(size), SHAPES[shape](size))
        tracemalloc.start()
        try:
            assert len(scan_paths([tree], jobs=1).findings) == 2
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] <= 6 * peaks[0], f"{shape}: peak {peaks[0]:,} bytes at 1,000 lines, {peaks[1]:,} at 4,000"


def test_a_long_flow_keeps_every_step(tmp_path):
    [finding, _] = scan_paths([write_tree(tmp_path, chain(3000))], jobs=1).findings
    assert len(finding.flow) == 3000 + 2
    assert [step.line for step in finding.flow] == [9, *range(10, 3010), 3010]


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(budget, "STATEMENTS_AT_LEAST", 200)
    monkeypatch.setattr(budget, "STATEMENTS_PER_LINE", 0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_body_past_its_budget_is_an_error_and_the_scan_goes_on(small_budget, tmp_path, jobs):
    padding = "".join(f"    a{i} = {i}\n" for i in range(400))
    result = scan_paths([write_tree(tmp_path, HEAD + padding + "    pickle.loads(data)\n")], jobs=jobs)
    assert sink_lines(result) == {("other.py", 6)}
    [error] = result.errors
    assert Path(error.path).name == "generated.py"
    assert error.reason.startswith("analysis budget exceeded in handler() at line ")
    assert "flows through it may be missing" in error.reason


def test_what_a_body_found_before_its_budget_ran_out_stands(small_budget, tmp_path):
    """The sink comes first, the work after it: the finding is reported with the error."""
    source = HEAD + "    pickle.loads(data)\n" + "".join(f"    a{i} = {i}\n" for i in range(400))
    result = scan_paths([write_tree(tmp_path, source)], jobs=1)
    assert sink_lines(result) == {("generated.py", 10), ("other.py", 6)}
    assert [Path(e.path).name for e in result.errors] == ["generated.py"]


def test_a_callee_past_its_budget_is_analysed_once_and_its_caller_goes_on(small_budget, tmp_path, monkeypatch):
    padding = "".join(f"    a{i} = {i}\n" for i in range(400))
    source = (HEAD + "    return restore(data)\n\n\ndef restore(blob):\n    pickle.loads(blob)\n" + padding
              + "\n\ndef again():\n    return restore(request.data)\n")
    lines = source.splitlines()
    runs = []
    real = Analysis.run_function

    def run_function(self):
        runs.append(self.function.name)
        return real(self)
    monkeypatch.setattr(Analysis, "run_function", run_function)
    result = scan_paths([write_tree(tmp_path, source)], jobs=1)
    assert sink_lines(result) == {("generated.py", lines.index("    pickle.loads(blob)") + 1), ("other.py", 6)}
    assert sorted(s.location.line for f in result.findings for s in f.sources
                  if s.location.path.endswith("generated.py")) == \
        [9, lines.index("    return restore(request.data)") + 1]
    assert runs.count("restore") == 1
    [error] = result.errors
    assert "analysis budget exceeded in restore()" in error.reason


def test_top_level_code_past_its_budget_is_an_error(small_budget, tmp_path):
    source = "import pickle\nfrom flask import request\n" + "".join(f"a{i} = {i}\n" for i in range(400)) \
        + "\n\ndef view():\n    return pickle.loads(request.data)\n"
    result = scan_paths([write_tree(tmp_path, source)], jobs=1, exhaustive=True)
    assert ("other.py", 6) in sink_lines(result)
    assert any(e.reason.startswith("analysis budget exceeded in the top-level code") for e in result.errors)


def test_an_elif_chain_deeper_than_python_can_parse_is_a_clear_error(tmp_path):
    """CPython itself refuses an `elif` chain of about 3,000 (RecursionError, then MemoryError): the
    file is an error of its own, the rest is scanned."""
    arms = "".join(f"    elif data == b'{i}':\n        x = data\n" for i in range(1, 10_000))
    source = HEAD + "    if data == b'0':\n        x = data\n" + arms + "    pickle.loads(x)\n"
    result = scan_paths([write_tree(tmp_path, source)], jobs=1)
    assert sink_lines(result) == {("other.py", 6)}
    assert [(Path(e.path).name, e.reason) for e in result.errors] == [("generated.py", "too deeply nested for the parser")]
