"""The demand-driven scan against `--exhaustive` on real code: the same findings, or which ones differ.

    python benchmarks/equality.py [--threat-model NAMES] PATH ...

The tests compare the two modes on the annotated corpus and on generated trees; this compares them on any
tree (the benchmark corpus and its samples, a virtualenv's site-packages), with every threat model on by
default: the library threat model reports public functions whose parameters reach a sink, so real code
gives many more findings to compare than with the default models. Each PATH is scanned twice in this
process; `--exhaustive` holds every syntax tree at once (4.4 GB on the whole benchmark corpus).

A finding is the same in both modes if its fingerprint (rule, sink call) and its sources are; one whose
flow, the path reported from its primary source to the sink, differs is counted apart. The exit status is
1 if some fingerprint is in one mode only, or reached from other sources.
"""
from __future__ import annotations

import argparse
import sys
import time

from deserialguard.catalog import threat_models
from deserialguard.engine import scan_paths


def compare(path: str, models: frozenset[str]) -> tuple[list[str], bool]:
    """Lines of report for one tree, and whether both modes found the same fingerprints."""
    runs = {}
    for exhaustive in (False, True):
        start = time.perf_counter()
        result = scan_paths([path], models, exhaustive=exhaustive)
        runs[exhaustive] = ({f.fingerprint: f for f in result.findings}, time.perf_counter() - start)
    (demand, demand_s), (every, every_s) = runs[False], runs[True]
    only_demand = {key for key, finding in demand.items() if key not in every or not _same(finding, every[key])}
    only_exhaustive = {key for key, finding in every.items() if key not in demand or not _same(finding, demand[key])}
    other_path = [key for key in demand.keys() & every.keys() if demand[key].flow != every[key].flow]
    lines = [f"{path}: {len(demand)} fingerprints demand-driven ({demand_s:.1f} s), {len(every)} exhaustive "
             f"({every_s:.1f} s); only demand-driven {len(only_demand)}, only exhaustive {len(only_exhaustive)}, "
             f"same but by another path {len(other_path)}"]
    for name, keys, findings in (("only demand-driven", only_demand, demand),
                                 ("only exhaustive", only_exhaustive, every)):
        for key in sorted(keys):
            finding = findings[key]
            lines.append(f"  {name}: {finding.sink.path}:{finding.sink.line} <- " + ", ".join(
                f"{path}:{line} ({threat_model})" for path, line, threat_model in _sources(finding)))
    return lines, not (only_demand or only_exhaustive)


def _sources(finding) -> list[tuple[str, int, str]]:
    return [(s.location.path, s.location.line, s.threat_model) for s in finding.sources]


def _same(finding, other) -> bool:
    return _sources(finding) == _sources(other)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--threat-model", default="all", help="as for `deserialguard scan` (default: all)")
    args = parser.parse_args(argv)
    models = frozenset(threat_models.parse(args.threat_model))
    same = True
    for path in args.paths:
        lines, agree = compare(path, models)
        print("\n".join(lines), flush=True)
        same &= agree
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
