"""What hostile shapes of input cost a scan (issue 20 items 1 and 5), printed as markdown tables.

    python benchmarks/hostile.py [--sizes 1000,10000,100000] [--small-files 10000] [--corpus DIR]
                                 [--repeat N] [--timeout S] [--skip-long] [--skip-small]

Long functions: one generated function of each shape in tests/hostile/long_bodies.py (a chain of
assignments, names then `if`s, one literal, loops nested 20 deep), at each size, scanned alone
(`deserialguard scan --no-cache --format json`) beside a small file with a finding of its own: wall time,
peak memory of the scan's processes, whether both findings or an error came back.

Many small files: two trees of small files scanned side by side with the corpus (../bench-corpus, built by
../shared/bench/make_corpus.sh as benchmarks/speed.py does), the same command for each, and Ruff's sink-only
check beside it where Ruff is installed: time per file and per line. "corpus cut into files" is real code:
the corpus's modules cut into one file per top-level definition, each with its module's imports;
"tiny generated files" are five lines each, one in a hundred with a finding.

Wall times are medians of --repeat runs; compare ratios, not seconds (see benchmarks/README.md). The exit
status is 0 whatever the figures say.
"""
from __future__ import annotations

import argparse
import ast
import json
import statistics
import sys
import tempfile
from pathlib import Path

from speed import (DEFAULT_CORPUS, RUFF_RULES, ROOT, Run, byte_compile, count_lines, ensure_corpus,
                   find_deserialguard, find_tool, log, measure, python_files)

sys.path.insert(0, str(ROOT / "tests" / "hostile"))
from long_bodies import OTHER, chain, literal, names_and_ifs, nested_loops  # noqa: E402

# (label, how many lines a size asks for -> source)
SHAPES = [
    ("chain of assignments", chain),
    ("names, then as many `if`s", lambda lines: names_and_ifs(lines // 3)),
    ("a literal, an element a line", literal),
]
DEEP_LOOPS = 20          # CPython compiles no more than 20 nested blocks


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="lines of each long function")
    parser.add_argument("--small-files", type=int, default=10_000, help="files in each small-file tree")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-small", action="store_true")
    return parser.parse_args(argv)


def timed(cmd: list[str], repeat: int, timeout: float, out: Path | None = None) -> tuple[float, float, Run]:
    """(median wall, largest peak MB, last run) of `repeat` runs of cmd."""
    runs = [measure(cmd, timeout=timeout, stdout=out) for _ in range(repeat)]
    return statistics.median(r.wall for r in runs), max(r.peak_mb for r in runs), runs[-1]


def outcome(report: Path, run: Run) -> str:
    if run.timed_out:
        return "timed out"
    try:
        result = json.loads(report.read_text())
    except (OSError, ValueError):
        return f"no report (exit {run.returncode})"
    found = {Path(f["sink"]["path"]).name for f in result["findings"]}
    errors = "; ".join(e["reason"][:60] for e in result["errors"])
    both = "both findings" if found == {"generated.py", "other.py"} else f"findings in {sorted(found)}"
    return both + (f"; error: {errors}" if errors else "")


def long_functions(dg: list[str], sizes: list[int], repeat: int, timeout: float, scratch: Path) -> list[str]:
    rows = ["| shape | lines | file MB | wall s | peak MB | outcome |", "|---|---|---|---|---|---|"]
    cases = [(label, size, make(size)) for label, make in SHAPES for size in sizes]
    cases.append((f"loops nested {DEEP_LOOPS} deep", None, nested_loops(DEEP_LOOPS)))
    for label, size, source in cases:
        tree = scratch / f"long-{len(rows)}"
        tree.mkdir()
        (tree / "generated.py").write_text(source)
        (tree / "other.py").write_text(OTHER)
        report = scratch / f"long-{len(rows)}.json"
        log(f"long functions: {label}, {source.count(chr(10)):,} lines")
        wall, peak, run = timed([*dg, "scan", "--no-cache", "--format", "json", str(tree)], repeat, timeout, report)
        rows.append(f"| {label} | {source.count(chr(10)):,} | {len(source) / 2**20:.2f} | {wall:.2f} | {peak:.0f} "
                    f"| {outcome(report, run)} |")
    return rows


def cut_into_files(corpus: Path, count: int, dest: Path) -> tuple[int, int]:
    """The corpus's modules cut into one file per top-level definition (with the module's import lines),
    `count` files in all, one folder per module. Returns (files, lines)."""
    made = lines = 0
    for path in python_files(corpus):
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        source = text.splitlines()
        imports = [line for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
                   for line in source[node.lineno - 1:node.end_lineno]]
        definitions = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        folder = dest / f"m{made}"
        for node in definitions:
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            body = "\n".join(imports + [""] + source[start - 1:node.end_lineno]) + "\n"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{node.name}_{made}.py").write_text(body, encoding="utf-8")
            made += 1
            lines += body.count("\n")
            if made == count:
                return made, lines
    return made, lines


def tiny_files(count: int, dest: Path) -> tuple[int, int]:
    for index in range(count):
        folder = dest / f"d{index // 500}"
        folder.mkdir(parents=True, exist_ok=True)
        body = OTHER if index % 100 == 0 else f"import os\n\n\ndef f{index}(x):\n    return os.path.join(x, 'a')\n"
        (folder / f"m{index}.py").write_text(body)
    lines = sum(count_lines(path) for path in python_files(dest))
    return count, lines


def small_files(dg: list[str], corpus_dir: Path, count: int, repeat: int, timeout: float,
                scratch: Path) -> list[str]:
    corpus = ensure_corpus(corpus_dir)
    trees = [("the corpus", corpus.path, corpus.files, corpus.lines)]
    for label, make in (("corpus cut into files", lambda d: cut_into_files(corpus.path, count, d)),
                        ("tiny generated files", lambda d: tiny_files(count, d))):
        dest = scratch / label.replace(" ", "-")
        log(f"small files: building {label}")
        trees.append((label, dest, *make(dest)))
    ruff = find_tool("ruff", "RUFF")
    rows = ["| tree | files | lines | dg wall s | dg µs/file | dg µs/line | dg per line / corpus's | peak MB "
            "| ruff wall s | ruff µs/line |", "|---|---|---|---|---|---|---|---|---|---|"]
    per_line_corpus = None
    for label, path, files, lines in trees:
        log(f"small files: scanning {label}")
        wall, peak, _ = timed([*dg, "scan", "--no-cache", "--format", "json", str(path)], repeat, timeout)
        per_line = wall / lines * 1e6
        per_line_corpus = per_line_corpus or per_line
        ruff_wall = timed([ruff, "check", "--no-cache", "--select", RUFF_RULES, "--exit-zero", "--quiet",
                           str(path)], repeat, timeout)[0] if ruff else None
        rows.append(f"| {label} | {files:,} | {lines:,} | {wall:.2f} | {wall / files * 1e6:,.0f} | {per_line:.1f} "
                    f"| {per_line / per_line_corpus:.2f} | {peak:.0f} | {'-' if ruff_wall is None else f'{ruff_wall:.2f}'} "
                    f"| {'-' if ruff_wall is None else f'{ruff_wall / lines * 1e6:.2f}'} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dg = find_deserialguard()
    byte_compile(dg)
    with tempfile.TemporaryDirectory(prefix="dg-hostile-") as scratch:
        if not args.skip_long:
            sizes = [int(size) for size in args.sizes.split(",")]
            print("## Long functions\n")
            print("\n".join(long_functions(dg, sizes, args.repeat, args.timeout, Path(scratch))) + "\n")
        if not args.skip_small:
            print("## Many small files, side by side with the corpus\n")
            print("\n".join(small_files(dg, args.corpus, args.small_files, args.repeat, args.timeout,
                                        Path(scratch))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
