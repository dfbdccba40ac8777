"""Issue 20 item 4: an exception while analysing a file or a group, or a worker that dies, costs that group
and never the run: it is an error entry, the other groups' findings are reported, the exit status says so.
Failures are injected where the scan can meet them: choosing what to analyse, analysing one function,
reading a file's imports, the worker process itself."""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from deserialguard.cli import main
from deserialguard.engine import components, demand, scan_paths
from deserialguard.engine.cache import cached_scan
from deserialguard.engine.flow import Analysis
from deserialguard.engine.workers import can_fork

VIEW = ("import pickle\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/load')\ndef load():\n    return pickle.loads(request.data)\n")
NAMES = ["alpha", "broken", "gamma"]


def write_groups(root: Path) -> Path:
    """A package of each name, no import joining them: a group each, each with one finding."""
    for name in NAMES:
        (root / name).mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
        (root / name / "views.py").write_text(VIEW)
    return root


def in_broken(paths) -> bool:
    return any("broken" in str(path) for path in paths)


def groups_found(result) -> list[str]:
    return sorted(Path(f.sink.path).parent.name for f in result.findings)


@pytest.fixture
def candidates_raise(monkeypatch):
    real = demand.Demand.candidates

    def candidates(self):
        if in_broken(self.texts):
            raise RuntimeError("injected")
        return real(self)
    monkeypatch.setattr(demand.Demand, "candidates", candidates)


JOBS = [1, pytest.param(2, marks=pytest.mark.skipif(not can_fork(), reason="workers are forks"))]


@pytest.mark.parametrize("jobs", JOBS)
def test_a_group_that_raises_is_an_error_and_the_others_are_reported(candidates_raise, tmp_path, jobs):
    result = scan_paths([write_groups(tmp_path)], jobs=jobs)
    assert groups_found(result) == ["alpha", "gamma"]
    [error] = result.errors
    assert "broken" in error.path
    assert error.reason.startswith("internal error while analysing (RuntimeError: injected)")


@pytest.mark.parametrize("jobs", JOBS)
def test_a_function_whose_analysis_raises_costs_its_file(monkeypatch, tmp_path, jobs):
    real = Analysis.run_function

    def run_function(self):
        if "broken" in self.module.display:
            raise KeyError("injected")
        return real(self)
    monkeypatch.setattr(Analysis, "run_function", run_function)
    result = scan_paths([write_groups(tmp_path)], jobs=jobs)
    assert groups_found(result) == ["alpha", "gamma"]
    assert [("broken" in e.path, e.reason.split(";")[0]) for e in result.errors] == \
        [(True, "internal error while analysing (KeyError: 'injected')")]


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_a_worker_killed_while_scanning_a_group_costs_that_group(monkeypatch, tmp_path):
    parent = os.getpid()
    real = demand.Demand.candidates

    def candidates(self):
        if in_broken(self.texts) and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)        # as the kernel does when memory runs out
        return real(self)
    monkeypatch.setattr(demand.Demand, "candidates", candidates)
    result = scan_paths([write_groups(tmp_path)], jobs=2)
    assert groups_found(result) == ["alpha", "gamma"]
    [error] = result.errors
    assert "broken" in error.path
    assert "the process scanning it died (killed by SIGKILL, out of memory?)" in error.reason


def test_a_file_whose_imports_cannot_be_read_is_still_scanned(monkeypatch, tmp_path):
    real = components.file_imports

    def file_imports(data, path, index):
        if in_broken([path]):
            raise ValueError("injected")
        return real(data, path, index)
    monkeypatch.setattr(components, "file_imports", file_imports)
    monkeypatch.setattr("deserialguard.engine.file_imports", file_imports)
    result = scan_paths([write_groups(tmp_path)], jobs=1)
    assert groups_found(result) == ["alpha", "broken", "gamma"] and result.errors == []


def run_cli(capsys, *args) -> tuple[int, dict]:
    status = main(["scan", *args, "--format", "json", "--no-cache", "--jobs", "1"])
    return status, json.loads(capsys.readouterr().out)


def test_the_exit_status_says_a_group_failed(candidates_raise, tmp_path, capsys):
    write_groups(tmp_path)
    status, report = run_cli(capsys, str(tmp_path))
    assert status == 1 and len(report["findings"]) == 2 and len(report["errors"]) == 1
    status, report = run_cli(capsys, str(tmp_path / "broken"))       # nothing else found: 3
    assert status == 3 and report["findings"] == []
    assert report["errors"][0]["reason"].startswith("internal error while analysing (RuntimeError: injected)")


def test_the_cache_scans_a_failed_group_again(monkeypatch, tmp_path):
    monkeypatch.setenv("DESERIALGUARD_CACHE_DIR", str(tmp_path / "cache"))
    tree = write_groups(tmp_path / "tree")
    real = demand.Demand.candidates
    failing = [True]

    def candidates(self):
        if failing[0] and in_broken(self.texts):
            raise RuntimeError("injected")
        return real(self)
    monkeypatch.setattr(demand.Demand, "candidates", candidates)
    assert groups_found(cached_scan([tree], frozenset({"remote"}), jobs=1)) == ["alpha", "gamma"]
    failing[0] = False          # a failure of one run (a worker out of memory) is not the result for good
    again = cached_scan([tree], frozenset({"remote"}), jobs=1)
    assert groups_found(again) == ["alpha", "broken", "gamma"] and again.errors == []
