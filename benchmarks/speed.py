"""Scan speed on the pinned real-code corpus: deserialguard (cold, warm, exhaustive) side by side with bare
ast.parse, a prefilter baseline, Ruff, Semgrep and Bandit, in one run.

    python benchmarks/speed.py [--corpus DIR] [--repeat N] [--repeat-slow N] [--skip-slow] [--fractions]
                               [--workloads LIST] [--transformers DIR] [--tools LIST] [--timeout S] [--json FILE]

The corpus (default ../bench-corpus beside the repository) is built with ../shared/bench/make_corpus.sh when
it does not exist. The second workload is the transformers 4.47.1 wheel alone (default ../bench-transformers):
one group joined by imports with sinks everywhere, the largest ML code base users scan; its last lines give
deserialguard cold over Ruff as the median of paired runs, and the cold scan's peak memory.

Every measurement is one whole process: wall time is time.perf_counter() around it; peak
memory is sampled in /proc every 0.05 s over the tool's processes (its workers included): the largest sum
of their proportional set sizes (PSS: a page that n processes share counts 1/n in each, so a worker's
inherited copy of its parent counts once), or the largest peak RSS (VmHWM) of one of them, if larger.
os.wait4()'s ru_maxrss is not used: on Linux a child starts it at its parent's RSS, here the harness's.
The report is markdown on stdout (progress goes to stderr); the exit status is 0 whatever the numbers say.
See the "Speed" section of benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "bench-corpus"
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.sh"
SEMGREP_RULES = ROOT / "benchmarks" / "semgrep_rules.yml"
BENCH_VENV = ROOT / ".bench-venv" / "bin"
RUFF_RULES = "S301,S302,S403,S506"
BANDIT_TESTS = "B301,B302,B506,B614"
# Semgrep otherwise spends a minute and a half trying to reach its servers for a version check.
QUIET_ENV = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}

ALL_TOOLS = ["ast", "prefilter", "prefilter-jobs", "ruff", "semgrep", "bandit", "dg-cold", "dg-warm", "dg-warm-sink",
             "dg-warm-code", "dg-warm-body", "dg-exhaustive"]
SLOW_TOOLS = {"semgrep", "bandit"}
# -> which file is edited (see warm_tree), and how: a comment appended, a function appended, or a statement
# added to the function that calls pickle (code the scan analyses: its group is scanned again)
WARM_TOOLS = {"dg-warm": ("plain", "comment"), "dg-warm-sink": ("sink", "comment"), "dg-warm-code": ("sink", "code"),
              "dg-warm-body": ("sink", "body")}
WARM_LABELS = {("plain", "comment"): "a comment added to a file without a sink",
               ("sink", "comment"): "a comment added to a file that holds a sink",
               ("sink", "code"): "a function added to a file that holds a sink",
               ("sink", "body"): "a statement added to the function that calls the sink"}
ALIASES = {"deserialguard": ["dg-cold", "dg-warm", "dg-warm-sink", "dg-warm-code", "dg-warm-body", "dg-exhaustive"],
           "peers": ["ruff", "semgrep", "bandit"],
           "baselines": ["ast", "prefilter", "prefilter-jobs"]}
FRACTIONS = [(4, "quarter", "1/4"), (2, "half", "1/2")]   # every k-th module of each wheel folder
DEFAULT_TRANSFORMERS = ROOT.parent / "bench-transformers"
# (pip spec, wheel file, its sha256): PyPI files are immutable per version
TRANSFORMERS_WHEEL = ("transformers==4.47.1", "transformers-4.47.1-py3-none-any.whl",
                      "d2f5d19bb6283cd66c893ec7e6d931d6370bbf1cc93633326ff1f41a40046c9c")
WORKLOADS = ["corpus", "transformers"]
# The transformers workload is timed cold: the warm rows edit files chosen in the corpus's layout.
TRANSFORMERS_TOOLS = ["ast", "prefilter", "prefilter-jobs", "ruff", "semgrep", "bandit", "dg-cold", "dg-exhaustive"]

# Baseline 1: parse every file with the stdlib, nothing else.
AST_SCRIPT = r"""
import ast, json, os, sys
files = errors = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                source = f.read()
            files += 1
            try:
                ast.parse(source, path)
            except (SyntaxError, ValueError):
                errors += 1
print(json.dumps({"files": files, "parsed": files, "syntax_errors": errors}))
"""

# Baseline 2: read every file, keep those whose bytes name a sink (the words below, which cover every row
# of deserialguard's sink catalog), parse only those. Substring search: a regex alternation over the same
# words finds the same files but takes about a second longer on the corpus. With a second argument N, the
# files found by the walk are read and parsed in N forked processes, each every N-th file: the floor of any
# design that must read everything and parse what may hold a sink, with every core busy.
PREFILTER_SCRIPT = r"""
import ast, json, os, sys
WORDS = [b"pickle", b"dill", b"shelve", b"marshal", b"yaml", b"torch.load", b"joblib", b"numpy.load",
         b"np.load", b"read_pickle", b"load_model", b"recv_pyobj", b"recv_serialized", b"multiprocessing"]

def share(paths):
    hits = errors = 0
    for path in paths:
        with open(path, "rb") as f:
            source = f.read()
        if any(word in source for word in WORDS):
            hits += 1
            try:
                ast.parse(source, path)
            except (SyntaxError, ValueError):
                errors += 1
    return hits, errors

paths = [os.path.join(folder, name) for folder, _, names in os.walk(sys.argv[1]) for name in names
         if name.endswith(".py")]
jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
if jobs > 1:
    import multiprocessing        # only here: the one-process baseline stays what it was
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        counts = pool.map(share, [paths[start::jobs] for start in range(jobs)])
else:
    counts = [share(paths)]
hits, errors = map(sum, zip(*counts))
print(json.dumps({"files": len(paths), "parsed": hits, "syntax_errors": errors}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- corpus


@dataclass
class Corpus:
    path: Path
    label: str            # "all", "1/2", "1/4", or the workload's name ("transformers 4.47.1")
    files: int
    lines: int


def read_manifest(folder: Path) -> tuple[int, int] | None:
    """(files, lines) from the TOTAL row of MANIFEST.tsv, or None."""
    try:
        rows = (folder / "MANIFEST.tsv").read_text().splitlines()
    except OSError:
        return None
    for row in rows:
        cells = row.split("\t")
        if cells[0] == "TOTAL" and len(cells) >= 4:
            return int(cells[2]), int(cells[3])
    return None


def python_files(folder: Path) -> list[Path]:
    """Every .py file below folder, sorted, links not followed (as make_corpus.sh counts them)."""
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        found += [Path(parent, n) for n in sorted(names) if n.endswith(".py")]
    return found


def count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def ensure_corpus(path: Path) -> Corpus:
    if not path.is_dir():
        script = Path(os.environ.get("MAKE_CORPUS", MAKE_CORPUS))
        if not script.is_file():
            sys.exit(f"speed.py: no corpus at {path}, and the script that builds it is not at {script} "
                     "(set MAKE_CORPUS=/path/to/make_corpus.sh, or pass --corpus DIR)")
        log(f"building the corpus: {script} {path} (downloads 8 pinned wheels unless {path}.wheels has them)")
        if subprocess.run(["bash", str(script), str(path)], check=False).returncode != 0:
            sys.exit(f"speed.py: {script} failed, so there is no corpus to measure (see its output above)")
    totals = read_manifest(path)
    if totals is None:
        files = python_files(path)
        totals = len(files), sum(count_lines(f) for f in files)
    return Corpus(path, "all", *totals)


def link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:          # another file system
        shutil.copy2(src, dst)


def same_file(src: Path, root: Path, dest: Path) -> bool:
    """Is the copy of src under dest still a link to it? (Not if the corpus was rebuilt since.)"""
    try:
        return os.path.samefile(src, dest / src.relative_to(root))
    except OSError:
        return False


def subset(corpus: Corpus, k: int, name: str, label: str) -> Corpus:
    """Every k-th module (sorted by path) of each top-level wheel folder, with every package's __init__.py,
    hard-linked into a folder beside the corpus. Without its __init__.py a package's modules would become
    top-level ones (mlflow's genai/optimize/types.py would be `types`), and so other programs than the
    corpus holds. deserialguard does not follow symbolic links, so links would not do. Built once: reused
    while its MANIFEST.tsv says it holds the expected number of files."""
    dest = corpus.path.parent / f"{corpus.path.name}-{name}"
    wheels = sorted(p for p in corpus.path.iterdir() if p.is_dir())
    chosen = {w: sample(python_files(w), k) for w in wheels}
    expected = sum(len(v) for v in chosen.values())
    totals = read_manifest(dest)
    if totals and totals[0] == expected and same_file(next(iter(chosen.values()))[0], corpus.path, dest):
        return Corpus(dest, label, *totals)
    log(f"building {dest} (1 module in {k} from each wheel, every __init__.py, hard links)")
    shutil.rmtree(dest, ignore_errors=True)
    rows, all_files, all_lines = [], 0, 0
    for wheel, files in chosen.items():
        lines = 0
        for f in files:
            link_or_copy(f, dest / f.relative_to(corpus.path))
            lines += count_lines(f)
        rows.append(f"{wheel.name}\t-\t{len(files)}\t{lines}")
        all_files, all_lines = all_files + len(files), all_lines + lines
    manifest = ["wheel\tsha256\tpy_files\tpy_lines", *rows, f"TOTAL\t-\t{all_files}\t{all_lines}"]
    (dest / "MANIFEST.tsv").write_text("\n".join(manifest) + "\n")   # written last: marks it complete
    return Corpus(dest, label, all_files, all_lines)


def sample(files: list[Path], k: int) -> list[Path]:
    """Every k-th module, and every package's __init__.py, in path order."""
    modules = [f for f in files if f.name != "__init__.py"][::k]
    chosen = set(modules) | {f for f in files if f.name == "__init__.py"}
    return [f for f in files if f in chosen]


def unpack_wheel(spec: str, file: str, sha256: str, wheels: Path, dest: Path) -> None:
    """The .py files of a pinned wheel, unpacked into dest (nothing in them is imported or run). The wheel is
    downloaded with pip into `wheels` unless it is there, and its sha256 checked: the script stops and says
    so if either fails."""
    wheel = wheels / file
    if not wheel.is_file():
        log(f"downloading {spec} into {wheels}")
        wheels.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--python-version",
               "3.11", "-d", str(wheels), "-q", spec]
        if subprocess.run(cmd, check=False).returncode != 0 or not wheel.is_file():
            sys.exit(f"{Path(sys.argv[0]).name}: pip could not download {file} (see its output above)")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"{Path(sys.argv[0]).name}: sha256 mismatch for {wheel}: {digest} (expected {sha256})")
    log(f"unpacking the .py files of {wheel.name} into {dest}")
    shutil.rmtree(dest, ignore_errors=True)
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            target = (dest / member.filename).resolve()
            if member.filename.endswith(".py") and target.is_relative_to(dest.resolve()):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))


def ensure_transformers(path: Path) -> Corpus:
    """The transformers 4.47.1 wheel's .py files in path/transformers-4.47.1, with a MANIFEST.tsv like the
    corpus's (written last: it marks the folder complete)."""
    spec, file, sha256 = TRANSFORMERS_WHEEL
    label = spec.replace("==", " ")
    totals = read_manifest(path)
    if totals is None:
        tree = path / spec.replace("==", "-")
        unpack_wheel(spec, file, sha256, path.parent / f"{path.name}.wheels", tree)
        files = python_files(tree)
        totals = len(files), sum(count_lines(f) for f in files)
        (path / "MANIFEST.tsv").write_text(f"wheel\tsha256\tpy_files\tpy_lines\n{file}\t{sha256}\t{totals[0]}\t"
                                           f"{totals[1]}\nTOTAL\t-\t{totals[0]}\t{totals[1]}\n")
    return Corpus(path, label, *totals)


NO_SINK_WORDS = (b"pickle", b"Pickle", b"yaml", b"torch", b"marshal", b"shelve", b"joblib", b"load", b"recv")


def warm_tree(corpus: Corpus) -> tuple[Path, dict[str, tuple[Path, Path]]]:
    """A copy of the corpus for the warm re-scans, beside it: hard links, except two files that are real
    copies the benchmark edits and restores: "sink", the first file that calls pickle.load (the scan
    parses it: an edit there means a new analysis), and "plain", the last module (not a package's
    __init__.py, which re-exports) that names no sink at all: the common edit. The corpus itself is never written.
    Returns (tree, {which: (the edited file, its original)})."""
    dest = corpus.path.parent / f"{corpus.path.name}-warm"
    files = python_files(corpus.path)
    texts = {f: f.read_bytes() for f in files}
    originals = {"sink": next((f for f in files if b"pickle.load" in texts[f]), files[0]),
                 "plain": next((f for f in reversed(files) if f.name != "__init__.py"
                                and not any(w in texts[f] for w in NO_SINK_WORDS)), files[-1])}
    edited = {which: (dest / f.relative_to(corpus.path), f) for which, f in originals.items()}
    stamp = dest / ".speed-warm"
    marker = f"{len(files)} {sorted(str(e) for e, _ in edited.values())}\n"
    fresh = stamp.is_file() and stamp.read_text() == marker and \
        same_file(next(f for f in files if f not in originals.values()), corpus.path, dest)
    if not fresh:
        log(f"building {dest} (hard links; {', '.join(str(e.relative_to(dest)) for e, _ in edited.values())} "
            "are copies that get edited)")
        shutil.rmtree(dest, ignore_errors=True)
        for parent, dirs, names in os.walk(corpus.path):
            for name in names:
                src = Path(parent, name)
                if not src.is_symlink():
                    link_or_copy(src, dest / src.relative_to(corpus.path))
        for copy, _ in edited.values():
            copy.unlink()
        stamp.write_text(marker)
    for copy, original in edited.values():
        shutil.copyfile(original, copy)      # a fresh inode of its own, or back to the original text
    return dest, edited


def warm_page_cache(corpus: Corpus) -> None:
    """Read every file once, so the first tool timed does not pay for the disk."""
    for f in python_files(corpus.path):
        f.read_bytes()


# --------------------------------------------------------------------------- one measured process


@dataclass
class Run:
    wall: float
    largest_mb: float         # sampled: the largest peak RSS (VmHWM) of one of the tool's processes
    group_pss_mb: float       # sampled: the largest sum of the PSS of the tool's processes
    returncode: int | None
    timed_out: bool
    stderr: str = ""

    @property
    def peak_mb(self) -> float:
        return max(self.largest_mb, self.group_pss_mb)


class GroupSampler(threading.Thread):
    """Every 0.05 s, the memory of the processes in session `sid` (the tool is started in a session of its
    own, so its workers are in it too): the sum of their PSS, and each one's peak RSS so far."""

    def __init__(self, sid: int) -> None:
        super().__init__(daemon=True)
        self.sid, self.peak_pss, self.largest, self.done = sid, 0, 0, threading.Event()

    def run(self) -> None:
        # Not at once: until it runs exec(), the tool's process is a copy of this one, memory included.
        while not self.done.wait(0.05):
            total = 0
            for pid in self.processes():
                pss, hwm = self.memory(pid)
                total += pss
                self.largest = max(self.largest, hwm)
            self.peak_pss = max(self.peak_pss, total)

    def processes(self) -> list[str]:
        found = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat", "rb") as f:
                        fields = f.read().rsplit(b")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[3]) == self.sid:          # stat field 6: session id
                    found.append(entry.name)
        return found

    @staticmethod
    def memory(pid: str) -> tuple[int, int]:
        """(PSS, VmHWM) in bytes; 0 for what cannot be read (the process ended)."""
        pss = hwm = 0
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                pss = next((int(line.split()[1]) for line in f if line.startswith(b"Pss:")), 0) * 1024
            with open(f"/proc/{pid}/status", "rb") as f:
                hwm = next((int(line.split()[1]) for line in f if line.startswith(b"VmHWM:")), 0) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return pss, hwm


def kill_group(pid: int, flag: list) -> None:
    flag.append(True)
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def measure(cmd: list[str], *, timeout: float, env: dict | None = None, cwd: Path | None = None,
            stdout: Path | None = None) -> Run:
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True)
        sampler = GroupSampler(proc.pid) if Path("/proc").is_dir() else None
        if sampler:
            sampler.start()
        killed: list = []
        timer = threading.Timer(timeout, kill_group, (proc.pid, killed))
        timer.start()
        try:
            _, status, _ = os.wait4(proc.pid, 0)
        except BaseException:                     # Ctrl-C: take the tool down with us
            kill_group(proc.pid, killed)
            proc.wait()
            raise
        finally:
            timer.cancel()
            if sampler:
                sampler.done.set()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)   # reaped by wait4; Popen must not wait again
        if stdout:
            out.close()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if sampler:
        sampler.join()
    return Run(wall, (sampler.largest if sampler else 0) / 2**20, (sampler.peak_pss if sampler else 0) / 2**20,
               proc.returncode, bool(killed), stderr)


# --------------------------------------------------------------------------- the tools


@dataclass
class Tool:
    key: str
    label: str
    cmd: list[str] = field(default_factory=list)
    runs_wanted: int = 1
    env: dict | None = None
    stdout: Path | None = None                                    # where its output goes, if read
    parse: Callable[[Path | None], tuple[int | None, str]] | None = None   # -> (findings, note)
    before_each: Callable[[int], None] | None = None              # called before each timed run
    unavailable: str = ""                                         # why it is not measured
    ok_codes: tuple = (0, 1)                                      # exit statuses of a complete run
    runs: list[Run] = field(default_factory=list)
    findings: int | None = None
    note: str = ""
    failed: str = ""
    extra: dict = field(default_factory=dict)


def find_tool(name: str, env: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    return shutil.which(name) or (str(BENCH_VENV / name) if (BENCH_VENV / name).exists() else None)


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd + ["--version"], check=False, capture_output=True, text=True, timeout=120,
                             env=QUIET_ENV).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.splitlines()[0].split()[-1] if out else ""


def find_deserialguard() -> list[str]:
    for folder in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        if (folder / "deserialguard").exists():
            return [str(folder / "deserialguard")]
    found = shutil.which("deserialguard")
    return [found] if found else [sys.executable, "-m", "deserialguard"]


def byte_compile(dg: list[str]) -> None:
    """Compile deserialguard's modules once, as installing a package does: where PYTHONDONTWRITEBYTECODE
    is set (CI images, containers) each run would otherwise compile them again (~0.05 s a run)."""
    python = dg[0] if dg[1:2] == ["-m"] else str(Path(dg[0]).parent / "python")
    script = ("import compileall, deserialguard, os; "
              "compileall.compile_dir(os.path.dirname(deserialguard.__file__), quiet=2)")
    try:
        subprocess.run([python, "-c", script], check=False, capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        pass            # then each run compiles them, as before


def read_json(path: Path | None):
    try:
        return json.loads(path.read_text()) if path else None
    except (OSError, ValueError):
        return None


def parse_baseline(path: Path | None) -> tuple[int | None, str]:
    data = read_json(path) or {}
    note = f"parsed {data.get('parsed', '?'):,} files" if isinstance(data.get("parsed"), int) else ""
    if data.get("syntax_errors"):
        note += f", {data['syntax_errors']} syntax errors"
    return None, note


def parse_ruff(path: Path | None) -> tuple[int | None, str]:
    data = read_json(path)
    return (len(data), "") if isinstance(data, list) else (None, "no JSON output")


def parse_semgrep(path: Path | None) -> tuple[int | None, str]:
    data = read_json(path)
    if not isinstance(data, dict):
        return None, "no JSON output"
    note = f"scanned {len(data.get('paths', {}).get('scanned', [])):,} files"
    if data.get("errors"):
        note += f", {len(data['errors'])} errors"
    return len(data.get("results", [])), note


def parse_bandit(path: Path | None) -> tuple[int | None, str]:
    data = read_json(path)
    if not isinstance(data, dict):
        return None, "no JSON output"
    errors = len(data.get("errors", []))
    return len(data.get("results", [])), (f"{errors} files not parsed" if errors else "")


def parse_deserialguard(path: Path | None) -> tuple[int | None, str]:
    data = read_json(path)
    if not isinstance(data, dict):
        return None, "no JSON output"
    errors = len(data.get("errors", []))
    return len(data.get("findings", [])), (f"{errors} files not analysed" if errors else "")


def peer_command(key: str, exe: str, target: Path) -> list[str]:
    """Ruff's, Semgrep's or Bandit's deserialization checks over target, their JSON report on stdout (exit
    status 1 when they report something)."""
    if key == "ruff":
        return [exe, "check", "--isolated", "--select", RUFF_RULES, "--no-cache", "--output-format", "json",
                str(target)]
    if key == "semgrep":
        # --x-ignore-semgrepignore-files: without it Semgrep skips tests/ and build/ folders (711 files of the
        # corpus) by its default .semgrepignore, and would be timed on less code.
        return [exe, "scan", "--config", str(SEMGREP_RULES), "-j", "2", "--metrics=off", "--disable-version-check",
                "--x-ignore-semgrepignore-files", "--json", "--quiet", str(target)]
    return [exe, "-r", str(target), "-t", BANDIT_TESTS, "-f", "json", "-q"]


def make_tools(corpus: Corpus, selected: list[str], args, scratch: Path, dg: list[str], dg_help: str,
               versions: dict) -> list[Tool]:
    tools = []
    out = scratch / corpus.label.replace("/", "-")
    out.mkdir(exist_ok=True)
    fast, slow = args.repeat, args.repeat_slow
    # deserialguard's cache goes to the scratch folder, never to the user's: cold is cold, and nothing stays.
    dg_env = {**os.environ, "XDG_CACHE_HOME": str(scratch / "cache")}
    has_cache, has_exhaustive = "--no-cache" in dg_help, "--exhaustive" in dg_help
    dg_scan = [*dg, "scan", "--format", "json"]
    dg_ok = (0, 1, 3)      # 3: complete, but some files could not be analysed (counted in the notes)
    for key in selected:
        if key == "ast":
            tools.append(Tool(key, "ast.parse of every file (1 process)",
                              [sys.executable, "-c", AST_SCRIPT, str(corpus.path)], fast,
                              stdout=out / "ast.json", parse=parse_baseline))
        elif key == "prefilter":
            tools.append(Tool(key, "read all + prefilter, ast.parse of hits (1 process)",
                              [sys.executable, "-c", PREFILTER_SCRIPT, str(corpus.path)], fast,
                              stdout=out / "prefilter.json", parse=parse_baseline))
        elif key == "prefilter-jobs":
            jobs = len(os.sched_getaffinity(0))
            tools.append(Tool(key, f"read all + prefilter, ast.parse of hits ({jobs} processes)",
                              [sys.executable, "-c", PREFILTER_SCRIPT, str(corpus.path), str(jobs)], fast,
                              stdout=out / "prefilter-jobs.json", parse=parse_baseline))
        elif key == "ruff":
            exe = find_tool("ruff", "RUFF")
            label = f"ruff {versions.get('ruff', '')} --select {RUFF_RULES}"
            if not exe:
                tools.append(Tool(key, "ruff", unavailable="not installed (see benchmarks/README.md)"))
                continue
            tools.append(Tool(key, label, peer_command(key, exe, corpus.path), fast,
                              stdout=out / "ruff.json", parse=parse_ruff))
        elif key == "semgrep":
            exe = find_tool("semgrep", "SEMGREP")
            if not exe:
                tools.append(Tool(key, "semgrep", unavailable="not installed (see benchmarks/README.md)"))
                continue
            tools.append(Tool(key, f"semgrep {versions.get('semgrep', '')} -j 2", peer_command(key, exe, corpus.path),
                              slow, env=QUIET_ENV, stdout=out / "semgrep.json", parse=parse_semgrep))
        elif key == "bandit":
            exe = find_tool("bandit", "BANDIT")
            if not exe:
                tools.append(Tool(key, "bandit", unavailable="not installed (see benchmarks/README.md)"))
                continue
            tools.append(Tool(key, f"bandit {versions.get('bandit', '')} -t {BANDIT_TESTS}",
                              peer_command(key, exe, corpus.path), slow, stdout=out / "bandit.json",
                              parse=parse_bandit))
        elif key == "dg-cold":
            flags = ["--no-cache"] if has_cache else []
            tools.append(Tool(key, "deserialguard cold" + (" --no-cache" if has_cache else ""),
                              [*dg_scan, "--output", str(out / "dg-cold.json"), *flags, str(corpus.path)],
                              fast, env=dg_env, parse=parse_deserialguard, ok_codes=dg_ok,
                              extra={"output": out / "dg-cold.json"}))
        elif key == "dg-exhaustive":
            if not has_exhaustive:
                tools.append(Tool(key, "deserialguard --exhaustive", unavailable="n/a (no --exhaustive yet)"))
                continue
            flags = ["--no-cache"] if has_cache else []
            tools.append(Tool(key, "deserialguard --exhaustive",
                              [*dg_scan, "--output", str(out / "dg-exh.json"), "--exhaustive", *flags,
                               str(corpus.path)], fast, env=dg_env, parse=parse_deserialguard,
                              ok_codes=dg_ok, extra={"output": out / "dg-exh.json"}))
        elif key in WARM_TOOLS:
            if not has_cache:
                tools.append(Tool(key, "deserialguard warm", unavailable="n/a (no cache yet)"))
                continue
            which, change = WARM_TOOLS[key]
            tools.append(Tool(key, f"deserialguard warm, {WARM_LABELS[which, change]}",
                              runs_wanted=slow if change in ("code", "body") else fast, env=dg_env,
                              parse=parse_deserialguard, ok_codes=dg_ok,
                              extra={"output": out / f"{key}.json", "which": which, "change": change}))
    return tools


def prepare_warm(tool: Tool, corpus: Corpus, dg_scan_json: list[str], timeout: float) -> None:
    """Fill the cache with one untimed scan of the warm tree; each timed run then follows a one-file edit."""
    tree, edited = warm_tree(corpus)
    copy, original = edited[tool.extra["which"]]
    tool.cmd = [*dg_scan_json, "--output", str(tool.extra["output"]), str(tree)]
    tool.extra.update(tree=tree, edited=copy, original=original)
    log(f"  {tool.label}: filling the cache (untimed scan of {tree})")
    fill = measure(tool.cmd, timeout=timeout, env=tool.env)
    tool.extra["fill"] = fill
    if fill.timed_out or fill.returncode not in tool.ok_codes:
        tool.failed = "timeout filling the cache" if fill.timed_out else f"cache fill failed (rc={fill.returncode})"
        return

    change = tool.extra["change"]
    if change == "body":
        text = original.read_text(encoding="utf-8")
        at = statement_before_sink(text)
        if at is None:
            tool.failed = f"no function of {original.name} calls pickle on a line of its own"
            return
        line, indent = at
        lines = text.splitlines(keepends=True)

        def edit(i: int) -> None:         # the original with one statement more: a new digest each run
            added = f"{indent}edited_by_speed_py = {i + 1}\n"
            copy.write_text("".join(lines[:line - 1]) + added + "".join(lines[line - 1:]), encoding="utf-8")
    else:
        def edit(i: int) -> None:
            with open(copy, "ab") as f:
                f.write((f"\n\ndef edited_by_speed_py_{i + 1}():\n    return {i + 1}\n" if change == "code" else
                         f"\n# edited by benchmarks/speed.py, run {i + 1}\n").encode())
    tool.before_each = edit
    tool.note = f"edited {copy.relative_to(tree)}"


def statement_before_sink(text: str) -> tuple[int, str] | None:
    """(line, indentation) of the first statement that calls pickle.load or pickle.loads inside a function,
    if it starts a line of its own (the corpus is parsed here, never run)."""
    import ast
    for function in ast.walk(ast.parse(text)):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for statement in function.body:
                if any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                       and node.func.attr in ("load", "loads") and isinstance(node.func.value, ast.Name)
                       and node.func.value.id == "pickle" for node in ast.walk(statement)):
                    line = text.splitlines()[statement.lineno - 1]
                    if line[:statement.col_offset].strip() == "" and statement.lineno > function.lineno:
                        return statement.lineno, line[:statement.col_offset]
    return None


# --------------------------------------------------------------------------- running them


def run_all(tools: list[Tool], timeout: float) -> None:
    """Round robin: run 1 of every tool, then run 2 of every tool, ... so that drift on the machine spreads
    over all of them instead of landing on one."""
    rounds = max((t.runs_wanted for t in tools if not t.unavailable), default=0)
    for i in range(rounds):
        for tool in tools:
            if tool.unavailable or tool.failed or i >= tool.runs_wanted:
                continue
            if tool.before_each:
                tool.before_each(i)
            log(f"  {tool.label}: run {i + 1}/{tool.runs_wanted}")
            output = tool.extra.get("output") or tool.stdout
            if output:
                Path(output).unlink(missing_ok=True)
            run = measure(tool.cmd, timeout=timeout, env=tool.env, stdout=tool.stdout)
            tool.runs.append(run)
            if run.timed_out:
                tool.failed = f"timeout (> {timeout:g} s)"
                log(f"    timed out after {timeout:g} s; no further runs")
            elif run.returncode not in tool.ok_codes:
                tail = run.stderr.strip().splitlines()[-1:] or [""]
                tool.failed = f"failed (exit {run.returncode}): {tail[0][:120]}"
                log(f"    {tool.failed}")
            else:
                log(f"    {run.wall:.2f} s, {run.peak_mb:.0f} MB")
                if tool.parse:
                    tool.findings, tool.extra["parse_note"] = tool.parse(output)


def ok_runs(tool: Tool) -> list[Run]:
    return [r for r in tool.runs if not r.timed_out and r.returncode in tool.ok_codes]


def median_wall(tool: Tool | None) -> float | None:
    runs = ok_runs(tool) if tool else []
    return statistics.median(r.wall for r in runs) if runs else None


# --------------------------------------------------------------------------- the report


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.3g}" if a is not None and b else "-"


def table(corpus: Corpus, tools: list[Tool]) -> list[str]:
    cold = median_wall(next((t for t in tools if t.key == "dg-cold"), None))
    lines = [f"Corpus {corpus.label}: `{corpus.path}`, {corpus.files:,} files, {corpus.lines:,} lines", "",
             ("| tool | runs | median s | min s | max s | files/s | lines/s | peak MB | tool / dg cold "
              "| dg cold / tool | findings | notes |"),
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for t in tools:
        runs = ok_runs(t)
        if t.unavailable or not runs:
            why = t.unavailable or t.failed or "not run"
            lines.append(f"| {t.label} | {len(t.runs)} | {why} | | | | | "
                         f"{fmt(max((r.peak_mb for r in t.runs), default=None), 0)} | | | | {t.note} |")
            continue
        walls = [r.wall for r in runs]
        med = statistics.median(walls)
        note = "; ".join(x for x in (t.note, t.extra.get("parse_note"), t.failed) if x)
        lines.append("| " + " | ".join([
            t.label, str(len(runs)), fmt(med), fmt(min(walls)), fmt(max(walls)), fmt(corpus.files / med, 0),
            fmt(corpus.lines / med, 0), fmt(max(r.peak_mb for r in runs), 0),
            ratio(med, cold), ratio(cold, med),
            "-" if t.findings is None else f"{t.findings:,}", note]) + " |")
    return lines


def scaling_table(results: list[tuple[Corpus, list[Tool]]]) -> list[str]:
    head = " | ".join(f"{c.label}: s" for c, _ in results) + " | " + \
        " | ".join(f"{c.label}: µs/line" for c, _ in results)
    lines = ["Scaling (median wall; constant µs/line = linear):", "", f"| tool | {head} |",
             "|---|" + "---|" * (2 * len(results))]
    for i, tool in enumerate(results[-1][1]):
        if tool.unavailable:
            continue
        walls = [median_wall(tools[i]) for _, tools in results]
        cells = [fmt(w) if w is not None else ("timeout" if "timeout" in tools[i].failed else "-")
                 for w, (_, tools) in zip(walls, results)]
        per_line = [None if w is None else 1e6 * w / c.lines for w, (c, _) in zip(walls, results)]
        lines.append(f"| {tool.label} | " + " | ".join(cells) + " | " +
                     " | ".join(fmt(p, 1) for p in per_line) + " |")
    return lines


def verdicts(tools: list[Tool]) -> list[str]:
    by_key = {t.key: t for t in tools}
    cold = median_wall(by_key.get("dg-cold"))
    out = []
    for key, which in WARM_TOOLS.items():
        warm = median_wall(by_key.get(key))
        if warm is not None:
            out.append(f"deserialguard warm re-scan after {WARM_LABELS[which]} = {warm:.2f} s "
                       "(issue 5 target: < 0.3 s)")
    dg_runs = [r for k in ALIASES["deserialguard"] if k in by_key for r in ok_runs(by_key[k])]
    if dg_runs:
        out.append(f"deserialguard peak memory = {max(r.peak_mb for r in dg_runs):.0f} MB "
                   "(issue 5 target: < 400 MB)")
    if cold is None:
        dg = by_key.get("dg-cold")
        out.append(f"deserialguard cold: {dg.failed or dg.unavailable or 'not run'}" if dg else
                   "deserialguard cold not selected: no ratios")
        return out + floor_verdict(by_key)
    exh = by_key.get("dg-exhaustive")
    if exh and exh.extra.get("same_findings") is not None:
        out.append(f"deserialguard cold and --exhaustive give the same findings: "
                   f"{'yes' if exh.extra['same_findings'] else 'NO'}")
    # Ruff last: the target is to beat it.
    for key in ("ast", "prefilter", "prefilter-jobs", "semgrep", "bandit", "ruff"):
        tool = by_key.get(key)
        other = median_wall(tool)
        if other is None:
            continue
        ratio = cold / other
        name = {"ast": "ast.parse-all", "prefilter": "prefilter+parse",
                "prefilter-jobs": "prefilter+parse on every core"}.get(key, key)
        out.append(f"deserialguard cold / {name} = {ratio:.2f} ({'faster' if ratio < 1 else 'slower'})")
    return out + floor_verdict(by_key)


def paired_verdict(corpus: Corpus, tools: list[Tool]) -> list[str]:
    """deserialguard cold over Ruff's sink-only check run by run, and the median of those ratios: the round
    robin runs the two back to back, so each pair saw the same load on the machine. Then the cold scan's peak."""
    by_key = {t.key: t for t in tools}
    cold, ruff = by_key.get("dg-cold"), by_key.get("ruff")
    out = []
    if cold and ruff:
        ratios = [c.wall / r.wall for c, r in zip(cold.runs, ruff.runs)
                  if c in ok_runs(cold) and r in ok_runs(ruff) and r.wall > 0]
        if ratios:
            out.append(f"{corpus.label}: deserialguard cold / ruff = {statistics.median(ratios):.1f}, paired median "
                       f"of {len(ratios)} (issue 21: 45 at a5465f5; neither this nor the peak may grow)")
    if cold and ok_runs(cold):
        out.append(f"{corpus.label}: deserialguard cold peak memory = "
                   f"{max(r.peak_mb for r in ok_runs(cold)):.0f} MB (issue 21: about 410 MB at a5465f5)")
    return out


def floor_verdict(by_key: dict) -> list[str]:
    """What reading everything and parsing the prefilter's hits on every core leaves of Ruff's time."""
    floor, ruff = median_wall(by_key.get("prefilter-jobs")), median_wall(by_key.get("ruff"))
    if floor is None or ruff is None:
        return []
    left = (f"{ruff - floor:.2f} s are left for all the rest of a scan that is to beat it" if floor < ruff else
            "nothing is left for the rest of a scan that is to beat it")
    return [f"reading everything and parsing the prefilter's hits on every core takes {floor / ruff:.2f} of "
            f"Ruff's time: {left}"]


def compare_findings(tools: list[Tool]) -> None:
    """Does --exhaustive report what the default (cold) scan reports? Compared by fingerprint."""
    by_key = {t.key: t for t in tools}
    cold, exh = by_key.get("dg-cold"), by_key.get("dg-exhaustive")
    if not (cold and exh and ok_runs(cold) and ok_runs(exh)):
        return
    a, b = read_json(cold.extra["output"]), read_json(exh.extra["output"])
    if isinstance(a, dict) and isinstance(b, dict):
        prints = [sorted(f.get("fingerprint", "") for f in d.get("findings", [])) for d in (a, b)]
        exh.extra["same_findings"] = prints[0] == prints[1]


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0.0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cores": os.cpu_count(), "usable_cores": usable, "cpu": model, "memory_gib": round(mem, 1),
            "os": platform.platform(), "python": platform.python_version(),
            "python_executable": sys.executable}


def analyser_code() -> list[tuple[str, int, int]]:
    """What deserialguard's cache key includes of its own code (engine/cache.py): an edit to src/ during a
    run gives the warm runs after it no cache to reuse, and they time full scans."""
    return sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in (ROOT / "src").rglob("*.py"))


def git_state() -> str:
    """Commit and whether src/ has local changes (read-only git commands)."""
    def git(*a: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(ROOT), *a], check=False, capture_output=True, text=True)
    try:
        head = git("rev-parse", "--short", "HEAD").stdout.strip()
        dirty = git("diff-index", "--quiet", "HEAD", "--", "src").returncode != 0 or \
            bool(git("ls-files", "--others", "--exclude-standard", "src").stdout.strip())
    except OSError:
        return ""
    return f"{head}{' + uncommitted changes in src/' if dirty else ''}" if head else ""


# --------------------------------------------------------------------------- main


def choose(p: argparse.ArgumentParser, option: str, text: str, known: list[str],
           aliases: dict[str, list[str]] | None = None) -> list[str]:
    """The names a comma-separated option value gives (aliases expanded), in the order of `known`; an unknown
    name, or none at all, is a usage error."""
    aliases = aliases or {}
    named = set()
    for name in (n.strip() for n in text.split(",") if n.strip()):
        for key in aliases.get(name, [name]):
            if key not in known:
                p.error(f"{option}: unknown {key!r} (choose from {', '.join([*known, *aliases])})")
            named.add(key)
    if not named:
        p.error(f"{option}: choose from {', '.join([*known, *aliases])}")
    return [k for k in known if k in named]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                   help=f"the corpus folder; built with make_corpus.sh if missing (default: {DEFAULT_CORPUS})")
    p.add_argument("--repeat", type=int, default=5, help="runs of each fast tool; the median is shown (5)")
    p.add_argument("--repeat-slow", type=int, default=1, help="runs of Semgrep and Bandit (1)")
    p.add_argument("--skip-slow", action="store_true", help="leave out Semgrep and Bandit")
    p.add_argument("--fractions", action="store_true",
                   help="also measure 1/4 and 1/2 of the corpus (every 4th / 2nd file of each wheel)")
    p.add_argument("--workloads", default=",".join(WORKLOADS),
                   help=f"comma-separated, from {', '.join(WORKLOADS)} (default: both)")
    p.add_argument("--transformers", type=Path, default=DEFAULT_TRANSFORMERS,
                   help=f"the transformers 4.47.1 workload's folder; made from the pinned wheel if missing "
                        f"(default: {DEFAULT_TRANSFORMERS})")
    p.add_argument("--tools", default=",".join(ALL_TOOLS),
                   help=f"comma-separated, from {', '.join(ALL_TOOLS)}; or deserialguard, peers, baselines")
    p.add_argument("--timeout", type=float, default=600, help="seconds allowed per run (600)")
    p.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    args = p.parse_args(argv)
    args.selected = [k for k in choose(p, "--tools", args.tools, ALL_TOOLS, ALIASES)
                     if not (args.skip_slow and k in SLOW_TOOLS)]
    args.workloads = choose(p, "--workloads", args.workloads, WORKLOADS)
    if args.repeat < 1 or args.repeat_slow < 1:
        p.error("--repeat and --repeat-slow must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpora: list[Corpus] = []
    if "corpus" in args.workloads:
        corpus = ensure_corpus(args.corpus.resolve())
        corpora = [subset(corpus, k, name, label) for k, name, label in FRACTIONS] if args.fractions else []
        corpora.append(corpus)
    others = [ensure_transformers(args.transformers.resolve())] if "transformers" in args.workloads else []

    dg = find_deserialguard()
    byte_compile(dg)
    code = analyser_code()
    dg_help = subprocess.run([*dg, "scan", "--help"], check=False, capture_output=True, text=True).stdout
    versions = {"deserialguard": tool_version(dg)}
    for name, env in (("ruff", "RUFF"), ("semgrep", "SEMGREP"), ("bandit", "BANDIT")):
        exe = find_tool(name, env)
        if exe and name in args.selected:
            versions[name] = tool_version([exe] + (["--disable-version-check"] if name == "semgrep" else []))
    info = machine()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results: list[tuple[Corpus, list[Tool]]] = []
    other_results: list[tuple[Corpus, list[Tool]]] = []
    scratch = Path(tempfile.mkdtemp(prefix="deserialguard-speed-"))
    warm_files: list[tuple[Path, Path]] = []
    try:
        for c in corpora + others:
            log(f"corpus {c.label}: {c.path} ({c.files:,} files, {c.lines:,} lines)")
            warm_page_cache(c)
            selected = args.selected if c in corpora else [k for k in args.selected if k in TRANSFORMERS_TOOLS]
            tools = make_tools(c, selected, args, scratch, dg, dg_help, versions)
            for tool in tools:
                if tool.key in WARM_TOOLS and not tool.unavailable:
                    prepare_warm(tool, c, [*dg, "scan", "--format", "json"], args.timeout)
                    if "edited" in tool.extra:
                        warm_files.append((tool.extra["edited"], tool.extra["original"]))
            run_all(tools, args.timeout)
            compare_findings(tools)
            (results if c in corpora else other_results).append((c, tools))
    finally:
        for edited, original in warm_files:       # the warm tree goes back to the corpus's text
            shutil.copyfile(original, edited)
        shutil.rmtree(scratch, ignore_errors=True)

    report = ["## Scan speed", "",
              (f"{date}; {info['cores']} cores ({info['usable_cores']} usable), {info['cpu'] or 'cpu ?'}, "
               f"{info['memory_gib']} GiB RAM; {info['os']}; Python {info['python']}; "
               f"deserialguard {versions.get('deserialguard') or '?'} ({git_state() or 'no git'}); "
               f"runs per tool: {args.repeat} (Semgrep, Bandit: {args.repeat_slow}), each one whole process; "
               f"timeout {args.timeout:g} s per run."), ""]
    for c, tools in results:
        report += table(c, tools) + [""]
    if len(results) > 1:
        report += scaling_table(results) + [""]
    if results:
        report += verdicts(results[-1][1])
    for c, tools in other_results:
        report += ([""] if results else []) + [*table(c, tools), "", *paired_verdict(c, tools)]
    if analyser_code() != code:
        report += ["", "**src/ changed during this run**: the warm runs after the change timed full scans (the "
                   "cache is keyed by the analyser's code), and later runs measured other code. Run it again."]
    print("\n".join(report))

    if args.json:
        raw = {"date": date, "machine": info, "versions": versions, "args": sys.argv[1:], "corpora": [
            {"path": str(c.path), "label": c.label, "files": c.files, "lines": c.lines, "tools": [
                {"key": t.key, "label": t.label, "cmd": t.cmd, "unavailable": t.unavailable,
                 "failed": t.failed, "findings": t.findings,
                 "note": "; ".join(x for x in (t.note, t.extra.get("parse_note")) if x),
                 "median_wall": median_wall(t),
                 "same_findings_as_cold": t.extra.get("same_findings"),
                 "cache_fill": vars(t.extra["fill"]) if "fill" in t.extra else None,
                 "runs": [{k: v for k, v in vars(r).items() if k != "stderr"} for r in t.runs]}
                for t in tools]} for c, tools in results + other_results]}
        for corpus_raw in raw["corpora"]:
            for t in corpus_raw["tools"]:
                if t["cache_fill"]:
                    t["cache_fill"].pop("stderr", None)
        args.json.write_text(json.dumps(raw, indent=2) + "\n")
        log(f"raw numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
