"""Published CWE-502 advisories in real projects: deserialguard, Bandit, Ruff and Semgrep side by side on the
pinned trees the advisories were filed against.

    python benchmarks/realworld.py [--trees DIR] [--tools LIST] [--only NAMES] [--repeat N] [--timeout S]
                                   [--json FILE]

benchmarks/realworld/advisories.toml names each project's pinned wheel (with its sha256), the advisories'
sink and source lines in it, the flow shape of each (issue 21's numbers), and safe calls that look like
sinks. The wheels are downloaded once with pip into DIR.wheels (default ../bench-realworld.wheels beside the
repository), checked, and their .py files unpacked into DIR/NAME-VERSION/ (nothing in them is imported or
run). Each tool then scans each tree as a user would, one whole process a tree, timed with speed.py's
measure(). The report is markdown on stdout (progress goes to stderr): a table per tree, a line per
advisory (which tools report its sink, whether deserialguard's finding names the annotated source), a
summary per tool, and deserialguard's misses by flow shape. The exit status is 0 whatever the numbers say.
See the "Published advisories in real projects" section of benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from speed import (QUIET_ENV, ROOT, Run, choose, find_deserialguard, find_tool, git_state, log, machine, measure,
                   peer_command, python_files, read_json, tool_version, unpack_wheel)

sys.path.insert(0, str(ROOT / "src"))
from deserialguard.catalog.threat_models import DEFAULT as DEFAULT_THREAT_MODELS  # noqa: E402

ADVISORIES = ROOT / "benchmarks" / "realworld" / "advisories.toml"
DEFAULT_TREES = ROOT.parent / "bench-realworld"

# key -> label; "dg" is deserialguard with its default threat models, "dg-all" with --threat-model all
TOOLS = {"bandit": "Bandit", "ruff": "Ruff", "semgrep": "Semgrep", "dg": "deserialguard",
         "dg-all": "deserialguard --threat-model all"}
ALIASES = {"deserialguard": ["dg", "dg-all"], "peers": ["bandit", "ruff", "semgrep"]}
SHAPES = {1: "calls from a base class into overrides", 2: "classes and objects chosen at run time",
          3: "framework callbacks", 4: "imports real code uses", 5: "constructors reached indirectly, fields",
          6: "data written into an argument", 7: "catalog gaps", 8: "library entry points",
          0: "a plain flow"}

Line = tuple[str, int]            # (path inside the tree, line)


# --------------------------------------------------------------------------- the annotations


@dataclass
class Advisory:
    id: str
    url: str
    sink: Line
    source: Line
    threat_model: str
    shapes: list[int]
    flow: str
    also: list[str] = field(default_factory=list)
    param: str = ""


@dataclass
class Project:
    name: str
    version: str
    file: str
    sha256: str
    advisories: list[Advisory]
    benign: list[tuple[Line, str]]

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"


def parse_line(text: str, where: str) -> Line:
    path, _, number = text.rpartition(":")
    if not path or not number.isdigit():
        sys.exit(f"realworld.py: {ADVISORIES}: {where}: {text!r} is not PATH:LINE")
    return path, int(number)


def load_projects(path: Path = ADVISORIES) -> list[Project]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        sys.exit(f"realworld.py: cannot read {path}: {exc}")
    projects = []
    for p in data.get("project", []):
        where = f"{p.get('name')} {p.get('version')}"
        try:
            advisories = [Advisory(a["id"], a["url"], parse_line(a["sink"], where), parse_line(a["source"], where),
                                   a["threat_model"], a["shapes"], " ".join(a["flow"].split()), a.get("also", []),
                                   a.get("param", ""))
                          for a in p.get("advisory", [])]
            benign = [(parse_line(b["line"], where), b["why"]) for b in p.get("benign", [])]
            projects.append(Project(p["name"], p["version"], p["file"], p["sha256"], advisories, benign))
        except KeyError as exc:
            sys.exit(f"realworld.py: {path}: {where}: an entry has no {exc.args[0]!r}")
    return projects


# --------------------------------------------------------------------------- the trees


def ensure_tree(project: Project, trees: Path) -> Path:
    """DIR/NAME-VERSION with the wheel's .py files, downloaded and checked on first use. A stamp holding the
    wheel's sha256, written last, says the folder is complete."""
    tree, stamp = trees / project.folder, trees / project.folder / ".realworld-sha256"
    if not (stamp.is_file() and stamp.read_text().strip() == project.sha256):
        unpack_wheel(f"{project.name}=={project.version}", project.file, project.sha256,
                     trees.parent / f"{trees.name}.wheels", tree)
        stamp.write_text(project.sha256 + "\n")
    return tree


def check_annotations(project: Project, tree: Path) -> list[str]:
    """Annotated lines that are not in the tree (a wrong pin or a typo): listed, never silently scored."""
    wrong = []
    lines = [a.sink for a in project.advisories] + [a.source for a in project.advisories] + \
        [line for line, _ in project.benign]
    for path, number in lines:
        try:
            count = (tree / path).read_bytes().count(b"\n") + 1
        except OSError:
            wrong.append(f"{project.folder}/{path}: no such file")
            continue
        if number > count:
            wrong.append(f"{project.folder}/{path}:{number}: the file has {count} lines")
    return wrong


# --------------------------------------------------------------------------- running the tools


@dataclass
class Result:
    """One tool on one tree: what it reported, and how long it took."""
    sinks: set[Line] = field(default_factory=set)
    sources: dict[Line, set[Line]] = field(default_factory=dict)     # sink -> the sources reported with it
    findings: int = 0
    runs: list[Run] = field(default_factory=list)
    failed: str = ""

    @property
    def wall(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs and not self.failed else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.peak_mb for r in self.runs) if self.runs and not self.failed else None


def command(key: str, tree: Path, output: Path, exe: dict[str, list[str]]) -> list[str]:
    """The peers as speed.py runs them (their JSON on stdout, into output); deserialguard writes output."""
    if key in ("bandit", "ruff", "semgrep"):
        return peer_command(key, exe[key][0], tree)
    models = ["--threat-model", "all"] if key == "dg-all" else []
    return [*exe["dg"], "scan", str(tree), "--format", "json", "--no-cache", "--output", str(output), *models]


def relative(path: str, tree: Path) -> str | None:
    """A reported path as a path inside the tree (the tools run in the folder that holds the trees)."""
    try:
        return (tree.parent / path).resolve().relative_to(tree.resolve()).as_posix()
    except ValueError:
        return None


def read_findings(key: str, output: Path, tree: Path, result: Result) -> None:
    """The sink lines (and, for deserialguard, the sources) of a tool's JSON report."""
    data = read_json(output)
    if key == "ruff":
        # S403 flags `import pickle` lines: no call, so not a finding about a sink
        rows = [(r["filename"], r["location"]["row"]) for r in data or [] if r.get("code") != "S403"]
    elif key == "bandit":
        rows = [(r["filename"], r["line_number"]) for r in (data or {}).get("results", [])]
    elif key == "semgrep":
        rows = [(r["path"], r["start"]["line"]) for r in (data or {}).get("results", [])]
    else:
        rows = []
        for f in (data or {}).get("findings", []):
            sink = f["sink"]
            rows.append((sink["path"], sink["line"]))
            at = relative(sink["path"], tree)
            # one finding per source today; a list of them ("sources") once findings are merged per sink
            for source in f.get("sources") or [f["source"]]:
                where = relative(source["path"], tree)
                if at and where:
                    result.sources.setdefault((at, sink["line"]), set()).add((where, source["line"]))
    if data is None:
        result.failed = "no JSON output"
    result.findings = len(rows)
    result.sinks = {(at, line) for path, line in rows if (at := relative(path, tree))}


def run_tool(key: str, tree: Path, exe: dict[str, list[str]], scratch: Path, repeat: int, timeout: float) -> Result:
    result, output = Result(), scratch / f"{tree.name}.{key}.json"
    env = {**QUIET_ENV, "XDG_CACHE_HOME": str(scratch / "cache")}
    ok = (0, 1, 3) if key.startswith("dg") else (0, 1)      # dg 3: complete, some files not analysed
    for i in range(repeat):
        output.unlink(missing_ok=True)
        log(f"  {TOOLS[key]} on {tree.name}: run {i + 1}/{repeat}")
        peer = None if key.startswith("dg") else output
        run = measure(command(key, tree, output, exe), timeout=timeout, env=env, cwd=tree.parent, stdout=peer)
        result.runs.append(run)
        if run.timed_out or run.returncode not in ok:
            tail = (run.stderr.strip().splitlines() or [""])[-1][:120]
            result.failed = f"timeout (> {timeout:g} s)" if run.timed_out else f"exit {run.returncode}: {tail}"
            log(f"    {result.failed}")
            return result
        log(f"    {run.wall:.2f} s, {run.peak_mb:.0f} MB")
    read_findings(key, output, tree, result)
    return result


# --------------------------------------------------------------------------- scoring and the report


@dataclass
class Score:
    sinks: int = 0
    right_file: int = 0
    right_line: int = 0
    benign: int = 0
    findings: int = 0
    wall: float = 0.0
    failed: int = 0


def source_hit(advisory: Advisory, result: Result) -> tuple[bool, bool]:
    """(a source in the annotated file, the annotated line itself) among those reported with the sink."""
    reported = result.sources.get(advisory.sink, set())
    return (any(path == advisory.source[0] for path, _ in reported), advisory.source in reported)


def score(projects: list[Project], results: dict[tuple[str, str], Result], key: str) -> Score:
    s = Score()
    for p in projects:
        r = results.get((p.folder, key))
        if r is None:
            continue
        if r.failed:
            s.failed += 1
            continue
        s.findings += r.findings
        s.wall += r.wall or 0.0
        s.benign += sum(line in r.sinks for line, _ in p.benign)
        for a in p.advisories:
            if a.sink in r.sinks:
                s.sinks += 1
                in_file, on_line = source_hit(a, r)
                s.right_file += in_file
                s.right_line += on_line
    return s


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def where(line: Line) -> str:
    return f"{line[0]}:{line[1]}"


def tree_table(projects: list[Project], trees: dict[str, tuple[int, int]], results: dict, keys: list[str]) -> list[str]:
    head = " | ".join(f"{TOOLS[k]}: sinks, findings, s" for k in keys)
    out = [f"| tree | files | lines | advisories | benign | {head} | deserialguard: sources (default / all) |",
           "|---|---|---|---|---|" + "---|" * len(keys) + "---|"]
    for p in projects:
        files, lines = trees[p.folder]
        cells = []
        for k in keys:
            r = results.get((p.folder, k))
            if r is None or r.failed:
                cells.append(r.failed if r else "-")
                continue
            found = sum(a.sink in r.sinks for a in p.advisories)
            cells.append(f"{found}/{len(p.advisories)}, {r.findings:,}, {fmt(r.wall)}")
        sources = []
        for k in ("dg", "dg-all"):
            r = results.get((p.folder, k))
            sources.append("-" if r is None or r.failed else
                           str(sum(source_hit(a, r)[0] for a in p.advisories if a.sink in r.sinks)))
        out.append(f"| {p.folder} | {files:,} | {lines:,} | {len(p.advisories)} | {len(p.benign)} | "
                   + " | ".join(cells) + f" | {' / '.join(sources)} |")
    return out


def mark(result: Result | None, line: Line, advisory: Advisory | None = None) -> str:
    """S: the sink with a source on the annotated line, s: in the annotated file, x: the sink from elsewhere
    (or, without an advisory, the line reported), -: not reported, ?: the run failed."""
    if result is None:
        return " "
    if result.failed:
        return "?"
    if line not in result.sinks:
        return "-"
    if advisory is None:
        return "x"
    in_file, on_line = source_hit(advisory, result)
    return "S" if on_line else "s" if in_file else "x"


MARKS = {"S": "source on the annotated line", "s": "source in the annotated file, on another line",
         "x": "sink found, source elsewhere", "-": "sink not found"}


def advisory_lines(projects: list[Project], results: dict, keys: list[str]) -> list[str]:
    out = ["| tree | advisory | threat model | shapes | sink | " + " | ".join(TOOLS[k] for k in keys) + " |",
           "|---|---|---|---|---|" + "---|" * len(keys)]
    for p in projects:
        for a in p.advisories:
            marks = [mark(results.get((p.folder, k)), a.sink, a if k.startswith("dg") else None) for k in keys]
            shapes = ", ".join(map(str, a.shapes)) or "plain"
            out.append(f"| {p.folder} | {a.id} | {a.threat_model} | {shapes} | {where(a.sink)} | "
                       + " | ".join(marks) + " |")
        for line, _ in p.benign:
            marks = [mark(results.get((p.folder, k)), line) for k in keys]
            out.append(f"| {p.folder} | benign | | | {where(line)} | " + " | ".join(marks) + " |")
    return out


def summary(projects: list[Project], results: dict, keys: list[str]) -> list[str]:
    n_adv = sum(len(p.advisories) for p in projects)
    n_benign = sum(len(p.benign) for p in projects)
    out = [f"| tool | sinks found (of {n_adv}) | with the source in the right file | on the right line "
           f"| benign flagged (of {n_benign}) | findings in all trees | time, all trees (s) |",
           "|---|---|---|---|---|---|---|"]
    for k in keys:
        s = score(projects, results, k)
        dg = k.startswith("dg")
        failed = f" ({s.failed} trees failed)" if s.failed else ""
        out.append(f"| {TOOLS[k]}{failed} | {s.sinks} | {s.right_file if dg else '-'} | "
                   f"{s.right_line if dg else '-'} | {s.benign} | {s.findings:,} | {fmt(s.wall)} |")
    return out


def default_line(projects: list[Project], results: dict) -> list[str]:
    """How deserialguard's default scan does on the advisories whose source its default threat models cover."""
    if not any(k == "dg" for _, k in results):
        return []
    covered = [(p, a) for p in projects for a in p.advisories if a.threat_model in DEFAULT_THREAT_MODELS]
    marks = [mark(results.get((p.folder, "dg")), a.sink, a) for p, a in covered]
    return [f"Of the {len(covered)} advisories whose source is in a default threat model "
            f"({', '.join(sorted(DEFAULT_THREAT_MODELS))}), deserialguard's default scan reports "
            f"{sum(m in 'Ssx' for m in marks)} sinks, {marks.count('S') + marks.count('s')} with the source in the "
            f"right file, {marks.count('S')} on the right line.", ""]


def misses_by_shape(projects: list[Project], results: dict, keys: list[str]) -> list[str]:
    keys = [k for k in ("dg", "dg-all") if k in keys]
    if not keys:
        return []
    out = ["| shape | advisories | " + " | ".join(f"{TOOLS[k]}: S / s / x / -" for k in keys) + " |",
           "|---|---|" + "---|" * len(keys)]
    for shape, label in SHAPES.items():
        members = [(p, a) for p in projects for a in p.advisories if shape in a.shapes or (not shape and not a.shapes)]
        if not members:
            continue
        cells = []
        for k in keys:
            marks = [mark(results.get((p.folder, k)), a.sink, a) for p, a in members]
            cells.append(" / ".join(str(marks.count(m)) for m in MARKS))
        out.append(f"| {shape or '-'} {label} | {len(members)} | " + " | ".join(cells) + " |")
    return out


def missed(projects: list[Project], results: dict, key: str) -> list[str]:
    """deserialguard's advisories without the source on the annotated line, one line each: what it reported,
    and the flow a capability has to follow."""
    out = []
    for p in projects:
        r = results.get((p.folder, key))
        if r is None or r.failed:
            continue
        for a in p.advisories:
            m = mark(r, a.sink, a)
            if m == "S":
                continue
            reported = ", ".join(map(where, sorted(r.sources.get(a.sink, ()))))
            shapes = ", ".join(map(str, a.shapes)) or "plain"
            out.append(f"- {p.folder} {a.id} ({a.threat_model}; shapes {shapes}): {MARKS[m]}"
                       f"{f' ({reported})' if reported else ''}. {a.flow}")
    return out


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trees", type=Path, default=DEFAULT_TREES,
                   help=f"where the unpacked trees go; wheels in DIR.wheels beside it (default: {DEFAULT_TREES})")
    p.add_argument("--tools", default="deserialguard,peers",
                   help=f"comma-separated, from {', '.join(TOOLS)}; or deserialguard, peers (default: all)")
    p.add_argument("--only", default="", help="comma-separated project names: scan only these trees")
    p.add_argument("--repeat", type=int, default=1, help="runs of each tool on each tree; the median time is shown")
    p.add_argument("--timeout", type=float, default=600, help="seconds allowed per run (600)")
    p.add_argument("--json", type=Path, help="also write every tool's sink lines, sources and times to this file")
    args = p.parse_args(argv)
    args.keys = choose(p, "--tools", args.tools, list(TOOLS), ALIASES)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    projects = load_projects()
    if args.only:
        wanted = {n.strip() for n in args.only.split(",")}
        unknown = wanted - {p.name for p in projects}
        if unknown:
            sys.exit(f"realworld.py: --only: no project named {', '.join(sorted(unknown))} in {ADVISORIES}")
        projects = [p for p in projects if p.name in wanted]

    trees_dir = args.trees.resolve()
    if trees_dir.exists() and not trees_dir.is_dir():
        sys.exit(f"realworld.py: --trees {args.trees}: not a folder")
    trees, wrong = {}, []
    for p in projects:
        tree = ensure_tree(p, trees_dir)
        files = python_files(tree)
        trees[p.folder] = len(files), sum(f.read_bytes().count(b"\n") for f in files)
        wrong += check_annotations(p, tree)
    if wrong:
        sys.exit("realworld.py: annotations that do not fit the trees:\n  " + "\n  ".join(wrong))

    exe: dict[str, list[str]] = {"dg": find_deserialguard()}
    versions = {"deserialguard": tool_version(exe["dg"])}
    for key in ("bandit", "ruff", "semgrep"):
        found = find_tool(key, key.upper())
        if found:
            exe[key] = [found]
            versions[key] = tool_version([found] + (["--disable-version-check"] if key == "semgrep" else []))
    missing = [k for k in args.keys if k in TOOLS and k not in ("dg", "dg-all") and k not in exe]
    for key in missing:
        log(f"{TOOLS[key]} is not installed (see benchmarks/README.md): left out")
    keys = [k for k in args.keys if k not in missing]

    results: dict[tuple[str, str], Result] = {}
    with tempfile.TemporaryDirectory(prefix="deserialguard-realworld-") as scratch:
        for p in projects:
            for key in keys:
                results[p.folder, key] = run_tool(key, trees_dir / p.folder, exe, Path(scratch), args.repeat,
                                                  args.timeout)

    info = machine()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tools = ", ".join(f"{TOOLS[k]} {versions.get(k.removesuffix('-all'), '')}".strip() for k in keys)
    n_adv, n_benign = sum(len(p.advisories) for p in projects), sum(len(p.benign) for p in projects)
    report = ["## Published advisories in real projects", "",
              f"{date}; {info['cores']} cores, {info['memory_gib']} GiB RAM; Python {info['python']}; "
              f"deserialguard ({git_state() or 'no git'}); {tools}; {args.repeat} run(s) per tool and tree, "
              f"median time; {len(projects)} trees, {n_adv} advisories, {n_benign} benign look-alikes.", "",
              *tree_table(projects, trees, results, keys), "",
              "Each advisory (x: the sink reported; for deserialguard S: with a source on the annotated line, "
              "s: in the annotated file, x: from elsewhere; -: not reported; ?: the run failed):", "",
              *advisory_lines(projects, results, keys), "",
              *summary(projects, results, keys), "", *default_line(projects, results)]
    shapes = misses_by_shape(projects, results, keys)
    if shapes:
        report += ["deserialguard by flow shape (S, s, x, - as above; an advisory counts under each of its shapes):",
                   "", *shapes, ""]
    for key in ("dg", "dg-all"):
        if key in keys:
            report += [f"What {TOOLS[key]} misses (no source on the annotated line):", "",
                       *(missed(projects, results, key) or ["- nothing"]), ""]
    print("\n".join(report).rstrip())

    if args.json:
        raw = {"date": date, "machine": info, "versions": versions, "args": sys.argv[1:], "trees": [
            {"tree": p.folder, "files": trees[p.folder][0], "lines": trees[p.folder][1], "tools": {
                k: {"failed": r.failed, "findings": r.findings, "median_wall": r.wall, "peak_mb": r.peak_mb,
                    "sinks": sorted(map(where, r.sinks)),
                    "sources": {where(s): sorted(map(where, src)) for s, src in sorted(r.sources.items())}}
                for k in keys if (r := results.get((p.folder, k)))}} for p in projects]}
        args.json.write_text(json.dumps(raw, indent=2) + "\n")
        log(f"raw results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
