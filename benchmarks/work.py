"""What a demand-driven scan does, counted: which modules it parses and on whose behalf, which functions it
analyses into summaries and why. Not a timing: the counts are the same on a slow machine and a fast one,
so a change to what the scan chooses to do shows here exactly, where speed.py's seconds only hint at it.

    python benchmarks/work.py [--corpus DIR] [PATH ...]

The scan runs in this process (`--jobs 1`; the counts do not depend on the split), the engine's own
classes extended only to count. A module is parsed on behalf of:
- "demand": the scan chose its file (it may hold a sink, or calls a name the scan searches for);
- "a chosen function": a name in a function the scan chose resolves into it;
- "a callee": a name in a function analysed only because analysed code calls it;
- "module-level code": a name resolved while running a module's top-level code.
A function is summarised because the scan chose it, or only because analysed code calls it (a callee);
what a callee's summary carries is counted too: nothing at all, data from a parameter to its return value,
a kind of object returned, a parameter kept in a field, a source returned, a check.

`--free-callees N` then times N pairs of whole scans side by side (as `deserialguard scan --no-cache`
runs them, in worker processes): as they are, and with every call of a function the scan did not choose
answered with nothing, its summary never computed: no analysing callees at all. That is unsound (it loses
flows through callees), so it bounds from below what analysing callees only on demand could cost.
"""
from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from deserialguard import engine
from deserialguard.engine import calls
from deserialguard.engine.demand import Demand
from deserialguard.engine.values import Param, SourceHit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "bench-corpus"
ON_BEHALF = ["demand", "a chosen function", "a callee", "module-level code"]


class Tally:
    def __init__(self) -> None:
        self.parsed: Counter = Counter()          # on whose behalf -> modules
        self.parsed_lines: Counter = Counter()
        self.summarised: dict = {}                # function -> chosen by the scan?
        self.demands: list[Demand] = []


TALLY = Tally()      # of the scan counting() is around


class CountingDemand(Demand):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        TALLY.demands.append(self)
        self.taking = False

    def take(self, paths):
        self.taking = True
        try:
            return super().take(paths)
        finally:
            self.taking = False


class CountingEngine(engine.Engine):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.analysing: list = []                 # the functions being summarised, outermost first

    def summary_of(self, function, context=()):
        self.analysing.append(function)
        try:
            return super().summary_of(function, context)
        finally:
            self.analysing.pop()

    def load(self, path, data=None):
        module = super().load(path, data)
        if module is not None:
            TALLY.parsed[self.on_behalf_of()] += 1
            TALLY.parsed_lines[self.on_behalf_of()] += len(module.parsed.lines)
        return module

    def on_behalf_of(self) -> str:
        demand = TALLY.demands[-1] if TALLY.demands else None
        if demand is not None and demand.engine is self and demand.taking:
            return "demand"
        if not self.analysing:
            return "module-level code"
        innermost = self.analysing[-1]
        return "a chosen function" if demand is not None and innermost in demand.chosen else "a callee"

    def run(self, *args, **kwargs):
        super().run(*args, **kwargs)
        chosen = TALLY.demands[-1].chosen if TALLY.demands else set()
        for function in self.read_bodies:
            if function.summary is not None or function.contexts:
                TALLY.summarised[function] = function in chosen


def lines_of(function) -> int:
    return function.node.end_lineno - function.node.lineno + 1


def carries(function) -> str:
    """What the function's summaries (its own, and those for callers' argument types) hold that a caller
    can use, in a few words: "nothing" for empty ones."""
    summaries = [s for s in (function.summary, *function.contexts.values()) if s is not None]
    returned = [t.origin for s in summaries for t in s.returns.traces]
    parts = [label for label, present in (
        ("parameter -> sink", any(s.param_sinks for s in summaries)),
        ("parameter -> field", any(s.param_fields for s in summaries)),
        ("returns a source", any(isinstance(origin, SourceHit) for origin in returned)),
        ("parameter -> return", any(isinstance(origin, Param) for origin in returned)),
        ("returns a kind of object", any(s.returns.type or s.returns.ref or s.returns.alternatives
                                         for s in summaries)),
        ("a check", any(s.is_check or s.verified_params for s in summaries))) if present]
    return " + ".join(parts) or "nothing"


@contextlib.contextmanager
def counting():
    """The engine's classes replaced by the counting ones (_scan_group builds them by name), and TALLY
    emptied; afterwards the engine is as it was."""
    global TALLY
    TALLY = Tally()
    real = engine.Engine, engine.Demand
    engine.Engine, engine.Demand = CountingEngine, CountingDemand
    try:
        yield
    finally:
        engine.Engine, engine.Demand = real


def scan(paths: list[str]):
    with counting():
        return engine.scan_paths(paths, jobs=1)


def report(paths: list[str]) -> list[str]:
    result = scan(paths)
    out = [f"Scanned {result.files_scanned:,} files: {len(result.findings)} findings, {len(result.errors)} errors.",
           "", "| modules parsed on behalf of | modules | lines |", "|---|---|---|"]
    for who in ON_BEHALF:
        out.append(f"| {who} | {TALLY.parsed[who]:,} | {TALLY.parsed_lines[who]:,} |")
    out.append(f"| all | {sum(TALLY.parsed.values()):,} | {sum(TALLY.parsed_lines.values()):,} |")
    out += ["", "| functions summarised | functions | their lines |", "|---|---|---|"]
    for label, chosen in (("chosen by the scan", True), ("only called by analysed code", False)):
        functions = [f for f, was_chosen in TALLY.summarised.items() if was_chosen is chosen]
        out.append(f"| {label} | {len(functions):,} | {sum(map(lines_of, functions)):,} |")
    callees = Counter(carries(f) for f, chosen in TALLY.summarised.items() if not chosen)
    out += ["", "| what a summary of a function only called carries | functions |", "|---|---|"]
    out += [f"| {what} | {count:,} |" for what, count in sorted(callees.items(), key=lambda row: (-row[1], row[0]))]
    return out


class ChoosingDemand(Demand):
    """Tells its engine which functions it chose (a set that grows as the scan goes)."""

    def __init__(self, engine_, *args, **kwargs):
        super().__init__(engine_, *args, **kwargs)
        engine_.chosen_by_demand = self.chosen


def _answer_nothing_unless_chosen(analysis, function, bound, args, kwargs, node):
    chosen = getattr(analysis.engine, "chosen_by_demand", None)
    if chosen is not None and function not in chosen:
        function.callers.add(analysis.function or analysis.module)
        return calls.UNKNOWN
    return _CALL_PROJECT(analysis, function, bound, args, kwargs, node)


_CALL_PROJECT = calls.Calls.call_project


@contextlib.contextmanager
def free_callees():
    real = engine.Demand
    engine.Demand, calls.Calls.call_project = ChoosingDemand, _answer_nothing_unless_chosen
    try:
        yield
    finally:
        engine.Demand, calls.Calls.call_project = real, _CALL_PROJECT


def timed_scan(paths: list[str], free: bool) -> tuple[float, int]:
    with free_callees() if free else contextlib.nullcontext():
        start = time.perf_counter()
        result = engine.scan_paths(paths)
        return time.perf_counter() - start, len(result.findings)


def free_callees_report(paths: list[str], pairs: int) -> list[str]:
    runs: dict[bool, list] = {False: [], True: []}
    for pair in range(pairs):
        for free in ((False, True) if pair % 2 == 0 else (True, False)):     # alternate who goes first
            runs[free].append(timed_scan(paths, free))
    out = ["", "| whole scan, side by side | median s | runs s | findings |", "|---|---|---|---|"]
    for free, label in ((False, "as it is"), (True, "callees the scan did not choose answer nothing")):
        times = [wall for wall, _ in runs[free]]
        out.append(f"| {label} | {statistics.median(times):.2f} | {', '.join(f'{t:.2f}' for t in times)} | "
                   f"{runs[free][0][1]} |")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="what to scan (default: the corpus)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"the corpus, when no PATH is given (default: {DEFAULT_CORPUS})")
    parser.add_argument("--free-callees", type=int, default=0, metavar="N",
                        help="also time N pairs of scans, as they are and with no callee analysed")
    args = parser.parse_args(argv)
    paths = args.paths or [str(args.corpus)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"work.py: no such file or folder: {', '.join(missing)} (speed.py builds the corpus)",
              file=sys.stderr)
        return 2
    print("\n".join(report(paths)), flush=True)
    if args.free_callees:
        print("\n".join(free_callees_report(paths, args.free_callees)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
