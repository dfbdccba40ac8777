"""Recall and precision on the annotated corpus (tests/corpus/), for deserialguard and, side by side,
Bandit and Semgrep where they are installed.

    python benchmarks/accuracy.py [--corpus PATH] [--tools deserialguard,bandit,semgrep] [--verbose]

--corpus scores another tree of cases with the same marks (default tests/corpus; e.g. tests/heldout).

Ground truth is the corpus marks (tests/corpus/README.md):
  sinks found        marked sink lines a tool reports (any source)            / marked sink lines
  sources right      marked (source, sink) pairs reported with that source   / marked pairs
  severity right     marked pairs reported with the marked severity          / marked pairs
  precision          reported sink lines that are marked sinks                / reported sink lines
  safe calls flagged '# ok' lines a tool reports                              / '# ok' lines
Bandit and Semgrep report sinks only, so their source and severity columns are 0. They run over a copy of
the corpus with only their deserialization checks (Bandit B301, B302, B506, B614; Semgrep: the local
mirror of its free rules in benchmarks/semgrep_rules.yml). Each deserialguard case is scanned with the
threat models its `# threat-models:` directive names, as tests/test_corpus.py does.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SEMGREP_RULES = ROOT / "benchmarks" / "semgrep_rules.yml"
BENCH_VENV = ROOT / ".bench-venv" / "bin"
# Semgrep otherwise spends minutes trying to reach its servers for a version check.
QUIET_ENV = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
BANDIT_TESTS = "B301,B302,B506,B614"    # pickle (+dill, shelve, jsonpickle, pandas), marshal, yaml.load, torch.load

sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))
import corpus_marks as cm  # noqa: E402

Line = tuple[str, str, int]          # (case id, file relative to the case, line)


@dataclass
class Truth:
    sinks: set[Line] = field(default_factory=set)
    pairs: dict[tuple[Line, Line], str] = field(default_factory=dict)     # (sink, source) -> severity
    ok: set[Line] = field(default_factory=set)


@dataclass
class Report:
    tool: str
    sinks: set[Line] = field(default_factory=set)
    pairs: dict[tuple[Line, Line], set[str]] = field(default_factory=dict)
    note: str = ""
    available: bool = True


def case_id(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def use_corpus(path: str) -> None:
    """Score the cases under `path` (absolute, or relative to the current directory) instead."""
    global CORPUS
    CORPUS = Path(path).resolve()


def load_truth(cases: list[Path]) -> tuple[Truth, dict[str, cm.CaseMarks]]:
    truth, marks = Truth(), {}
    for path in cases:
        cid = case_id(path)
        case = cm.load_case(path)
        marks[cid] = case
        for s in case.sinks:
            truth.sinks.add((cid, s.path, s.line))
        for e in case.expected():
            truth.pairs[((cid, e.sink_path, e.sink_line), (cid, e.source_path, e.source_line))] = e.severity
        truth.ok |= {(cid, p, n) for p, n in case.ok_lines}
    return truth, marks


def locate(file: Path, corpus: Path) -> tuple[str, str] | None:
    """(case id, path inside the case) for a file under a copy of the corpus."""
    try:
        rel = file.resolve().relative_to(corpus.resolve())
    except ValueError:
        return None
    parts = rel.parts
    if len(parts) < 2:
        return None
    cid = f"{parts[0]}/{parts[1]}"
    inner = parts[1] if len(parts) == 2 else Path(*parts[2:]).as_posix()
    return cid, inner


# --------------------------------------------------------------------------- the tools


def run_deserialguard(cases: list[Path], marks: dict[str, cm.CaseMarks]) -> Report:
    report = Report("deserialguard")
    try:
        from deserialguard.catalog import threat_models
        from deserialguard.engine import scan_paths
    except ImportError as exc:
        return Report("deserialguard", available=False, note=f"not importable ({exc})")
    errors = 0
    for path in cases:
        cid = case_id(path)
        case = marks[cid]
        try:
            result = scan_paths([path], threat_models_enabled=threat_models.parse(case.threat_models))
        except NotImplementedError:
            return Report("deserialguard", available=False, note="engine not implemented yet")
        errors += len(result.errors)
        for g in cm.reduce_findings(result.findings, path):
            sink, source = (cid, g.sink_path, g.sink_line), (cid, g.source_path, g.source_line)
            report.sinks.add(sink)
            report.pairs.setdefault((sink, source), set()).add(g.severity)
    if errors:
        report.note = f"{errors} scan error(s)"
    return report


def find_tool(name: str, env: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    found = shutil.which(name)
    if found:
        return found
    local = BENCH_VENV / name
    return str(local) if local.exists() else None


def tool_version(exe: str, *extra: str) -> str:
    try:
        out = subprocess.run([exe, "--version", *extra], capture_output=True, text=True, timeout=120,
                             env=QUIET_ENV).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    first = out.strip().splitlines()[0] if out.strip() else ""
    return first.split()[-1] if first else ""


def run_bandit(copy: Path) -> Report:
    exe = find_tool("bandit", "BANDIT")
    if not exe:
        return Report("bandit", available=False, note="not installed (see benchmarks/README.md)")
    proc = subprocess.run([exe, "-r", str(copy), "-t", BANDIT_TESTS, "-f", "json", "-q"],
                          capture_output=True, text=True)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return Report("bandit", available=False, note=f"no JSON output: {proc.stderr.strip()[:200]}")
    report = Report(f"bandit {tool_version(exe)}".strip())
    for r in data.get("results", []):
        where = locate(Path(r["filename"]), copy)
        if where:
            report.sinks.add((*where, int(r["line_number"])))
    if data.get("errors"):
        report.note = f"{len(data['errors'])} file error(s)"
    return report


def run_semgrep(copy: Path) -> Report:
    exe = find_tool("semgrep", "SEMGREP")
    if not exe:
        return Report("semgrep", available=False, note="not installed (see benchmarks/README.md)")
    proc = subprocess.run([exe, "--config", str(SEMGREP_RULES), "--json", "--metrics=off",
                           "--disable-version-check", "--quiet", str(copy)],
                          capture_output=True, text=True, cwd=copy.parent, env=QUIET_ENV)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return Report("semgrep", available=False, note=f"no JSON output: {proc.stderr.strip()[:200]}")
    report = Report(f"semgrep {tool_version(exe, '--disable-version-check', '--metrics=off')}".strip())
    for r in data.get("results", []):
        path = Path(r["path"])
        where = locate(path if path.is_absolute() else copy.parent / path, copy)
        if where:
            report.sinks.add((*where, int(r["start"]["line"])))
    if data.get("errors"):
        report.note = f"{len(data['errors'])} error(s)"
    return report


# --------------------------------------------------------------------------- scoring and output


def pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100.0 * n / d:.0f}%)" if d else "-"


def score(report: Report, truth: Truth) -> list[str]:
    found = len(report.sinks & truth.sinks)
    right_source = sum(1 for key in truth.pairs if key in report.pairs)
    right_sev = sum(1 for key, sev in truth.pairs.items() if sev in report.pairs.get(key, ()))
    precise = len(report.sinks & truth.sinks)
    flagged = len(report.sinks & truth.ok)
    return [report.tool, pct(found, len(truth.sinks)), pct(right_source, len(truth.pairs)),
            pct(right_sev, len(truth.pairs)), pct(precise, len(report.sinks)), pct(flagged, len(truth.ok))]


def details(report: Report, truth: Truth) -> list[str]:
    fmt = lambda line: f"{line[0]}:{line[1]}:{line[2]}" if not line[0].endswith(line[1]) else f"{line[0]}:{line[2]}"
    out = [f"  missed sinks: {fmt(s)}" for s in sorted(truth.sinks - report.sinks)]
    out += [f"  flagged ok:   {fmt(s)}" for s in sorted(report.sinks & truth.ok)]
    out += [f"  unmarked:     {fmt(s)}" for s in sorted(report.sinks - truth.sinks - truth.ok)]
    if report.pairs:
        out += [f"  wrong/missing source or severity: sink {fmt(k[0])} <- source {fmt(k[1])} ({sev})"
                for k, sev in sorted(truth.pairs.items())
                if k[0] in report.sinks and sev not in report.pairs.get(k, ())]
    return out


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tools", default="deserialguard,bandit,semgrep",
                        help="comma-separated: deserialguard, bandit, semgrep")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms per tool")
    parser.add_argument("--corpus", default=str(CORPUS),
                        help="folder of annotated cases to score (default: tests/corpus)")
    args = parser.parse_args(argv)
    use_corpus(args.corpus)
    if not CORPUS.is_dir():
        parser.error(f"no such corpus folder: {CORPUS}")
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]

    cases = cm.discover(CORPUS)
    truth, marks = load_truth(cases)
    print(f"corpus: {len(cases)} cases, {len(truth.sinks)} marked sink lines, {len(truth.pairs)} marked "
          f"(source, sink) pairs, {len(truth.ok)} '# ok' lines")

    reports: list[Report] = []
    with tempfile.TemporaryDirectory(prefix="dg-bench-") as tmp:
        copy = Path(tmp) / "corpus"           # outside tests/, which Semgrep ignores by default
        shutil.copytree(CORPUS, copy, ignore=shutil.ignore_patterns("__pycache__", "*.md", "conftest.py"))
        for tool in tools:
            if tool == "deserialguard":
                reports.append(run_deserialguard(cases, marks))
            elif tool == "bandit":
                reports.append(run_bandit(copy))
            elif tool == "semgrep":
                reports.append(run_semgrep(copy))
            else:
                parser.error(f"unknown tool {tool!r}")

    rows = [["tool", "sinks found", "sources right", "severity right", "precision", "safe calls flagged"]]
    for report in reports:
        if report.available:
            rows.append(score(report, truth))
    print()
    print(table(rows))
    for report in reports:
        if not report.available:
            print(f"\n{report.tool}: skipped, {report.note}")
        elif report.note:
            print(f"\n{report.tool}: {report.note}")
        if report.available and args.verbose:
            print(f"\n{report.tool}:")
            print("\n".join(details(report, truth)) or "  (nothing to list)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
