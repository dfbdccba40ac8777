"""Groups of files no import joins (engine/components.py), and scanning them side by side
(engine/workers.py): the findings are those of one exhaustive scan of everything."""
from __future__ import annotations

import ast
import os
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_marks as cm  # noqa: E402
from deserialguard.engine import Project, scan_paths  # noqa: E402
from deserialguard.engine.project import absolute_import  # noqa: E402
from deserialguard.engine.components import (file_imports, import_targets, imported_modules,  # noqa: E402
                                             joined_groups, module_files)
from deserialguard.engine.demand import Inputs  # noqa: E402
from deserialguard.engine.workers import BATCHES_PER_JOB, Tally, batches, can_fork, side_by_side  # noqa: E402
from test_demand import generate_tree, write_tree  # noqa: E402

TESTS = Path(__file__).resolve().parent


def split_by_imports(imports: dict[Path, set[str]], project: Project) -> list[list[Path]]:
    """The files, in groups no import joins, as the scan makes them (engine/__init__.py's _file_facts, there
    in workers): each group in the order given, the groups by their first file."""
    paths = list(imports)
    where = module_files(paths, project)
    return joined_groups(paths, [import_targets(index, imports[path], where, paths, project)
                                 for index, path in enumerate(paths)])


def groups_of(root: Path) -> list[set[str]]:
    paths = sorted(root.rglob("*.py"))
    project = Project()
    project.index(paths)
    imports = {p: file_imports(p.read_bytes(), p, project) for p in paths}
    return sorted(({p.relative_to(root).as_posix() for p in group} for group in split_by_imports(imports, project)),
                  key=sorted)


@pytest.mark.parametrize("text, modules", [
    ("import a.b.c as d, e\n", {"a", "a.b", "a.b.c", "e"}),
    ("from a.b import c, d as e\n", {"a", "a.b", "a.b.c", "a.b.d"}),
    ("from a import (\n    b,  # the first\n    c,\n)\n", {"a", "a.b", "a.c"}),
    ("from a \\\n    import b\n", {"a", "a.b"}),
    ("import \\\n    a\n", {"a"}),
    ("if TYPE_CHECKING: import a\n", {"a"}),
    ("x = 1; from a import b\n", {"a", "a.b"}),
    ("def f():\n    from a import b\n", {"a", "a.b"}),
    ("from a import b; import c\n", {"a", "a.b", "c"}),        # a `from` earlier on the line once hid `c`
    ("x = 'from'; import c\n", {"c"}),
    ("from a import b  # import c\n", {"a", "a.b"}),
    # relative to the importing module, pkg.mod
    ("from . import b\n", {"pkg", "pkg.b"}),
    ("from .b import c\n", {"pkg", "pkg.b", "pkg.b.c"}),
    ("from .. import b\n", set()),
    # no import here
    ("important = 1\nprint('from now on')\n", set()),
])
def test_what_a_file_imports(text, modules):
    assert imported_modules(text.encode(), "pkg.mod", False) == modules


_MODULE = st.lists(st.sampled_from(["a", "b", "pkg", "codec", "utils"]), min_size=1, max_size=3).map(".".join)
_IMPORT_FORM = st.one_of(
    st.lists(st.tuples(_MODULE, st.booleans()), min_size=1, max_size=3).map(
        lambda names: "import " + ", ".join(f"{n} as x{i}" if renamed else n for i, (n, renamed) in enumerate(names))),
    st.tuples(st.integers(0, 2), _MODULE | st.just(""), st.lists(st.sampled_from(["x", "y", "load"]), min_size=1,
                                                                   max_size=3), st.booleans()).filter(
        lambda t: t[0] or t[1]).map(
        lambda t: f"from {'.' * t[0]}{t[1]} import " + ("({},\n    )" if t[3] else "{}").format(", ".join(t[2]))))
_OTHER = st.sampled_from(["x = 1", "s = 'from here'", "t = 'import that'", "print('from', 'import')", "pass"])
_LINE = st.lists(_IMPORT_FORM | _OTHER, min_size=1, max_size=3).map("; ".join)
_BLOCK = st.lists(st.tuples(_LINE, st.sampled_from(["", "if flag:\n    ", "def f():\n    ", "try:\n    "])),
                  min_size=1, max_size=6)


def _source(block) -> str:
    return "".join(head + line + ("\nexcept ImportError:\n    pass\n" if head.startswith("try") else "\n")
                   for line, head in block)


@given(_BLOCK, st.booleans())
def test_every_import_python_would_run_is_read(block, is_package):
    """What the imports of any file name, as the analysis reads them (ast), joins it to its modules: the
    text reading may read more (a docstring's example), never less."""
    text = "flag = 0\n" + _source(block)
    expected = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            expected |= {prefix for alias in node.names for prefix in _dotted_prefixes(alias.name)}
        elif isinstance(node, ast.ImportFrom):
            base = absolute_import("pkg.mod", is_package, node.module, node.level)
            if base:
                expected |= _dotted_prefixes(base) | {f"{base}.{alias.name}" for alias in node.names}
    assert expected <= imported_modules(text.encode(), "pkg.mod", is_package), text


def _dotted_prefixes(dotted: str) -> set[str]:
    parts = dotted.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


def test_the_same_relative_import_names_each_importers_own_module():
    """An import line is read once for all files that spell it; a relative one, once for each module."""
    line = b"from .codec import restore\n"
    assert imported_modules(line, "shop.views", False) == {"shop", "shop.codec", "shop.codec.restore"}
    assert imported_modules(line, "bank.views", False) == {"bank", "bank.codec", "bank.codec.restore"}
    assert imported_modules(line, "bank", True) == {"bank", "bank.codec", "bank.codec.restore"}


def test_packages_no_import_joins_are_apart(tmp_path):
    write_tree(tmp_path, {
        "core/__init__.py": "", "core/codec.py": "import pickle\n",
        "web/__init__.py": "", "web/views.py": "from core.codec import restore\n",
        "tools/__init__.py": "", "tools/cli.py": "import json\n",
        "tools/extra.py": "from . import cli\n",
        "lonely.py": "print('important: core is not imported here')\n",
        "bridge.py": "import tools.cli\nimport lonely\n",
    })
    assert groups_of(tmp_path) == [
        {"bridge.py", "lonely.py", "tools/__init__.py", "tools/cli.py", "tools/extra.py"},
        {"core/__init__.py", "core/codec.py", "web/__init__.py", "web/views.py"},
    ]


def test_an_import_joins_the_nearest_module_of_its_name(tmp_path):
    # two top-level modules named `config`: each app takes its own, as the analysis does
    write_tree(tmp_path, {"one/config.py": "", "one/app.py": "import config\n",
                          "two/config.py": "", "two/app.py": "import config\n",
                          "three/app.py": "import config\n"})
    assert groups_of(tmp_path) == [{"one/app.py", "one/config.py", "three/app.py", "two/app.py", "two/config.py"}]
    (tmp_path / "three/app.py").unlink()
    assert groups_of(tmp_path) == [{"one/app.py", "one/config.py"}, {"two/app.py", "two/config.py"}]


def test_a_script_folder_inside_a_package_is_importable_only_from_there(tmp_path):
    # ansible_test/_util/.../changelog/sphinx.py is module `sphinx` for the scripts beside it (or below it:
    # run with that folder on the path), not for botocore/docs/translator.py's `import sphinx`
    write_tree(tmp_path, {"docs/__init__.py": "", "docs/translator.py": "import sphinx\n",
                          "tool/__init__.py": "", "tool/scripts/sphinx.py": "",
                          "tool/scripts/build.py": "import sphinx\n", "tool/scripts/checks/check.py": "import sphinx\n"})
    assert groups_of(tmp_path) == [{"docs/__init__.py", "docs/translator.py"}, {"tool/__init__.py"},
                                   {"tool/scripts/build.py", "tool/scripts/checks/check.py", "tool/scripts/sphinx.py"}]


def every_case_tree() -> list[Path]:
    return [case for case in cm.discover(TESTS / "corpus") + cm.discover(TESTS / "heldout") if case.is_dir()]


@pytest.mark.parametrize("seed", range(4))
def test_the_analysis_resolves_no_import_across_groups(tmp_path, seed):
    """Every import any module of the annotated folders and of generated trees names, as the engine
    resolves it, lands in the importer's group."""
    for number, case in enumerate(every_case_tree()):
        for source in case.rglob("*.py"):
            target = tmp_path / f"case{number}" / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    generate_tree(tmp_path / "generated", seed)
    paths = sorted(tmp_path.rglob("*.py"))
    project = Project()
    project.index(paths)
    imports = {p: file_imports(p.read_bytes(), p, project) for p in paths}
    group_of = {path: number for number, group in enumerate(split_by_imports(imports, project)) for path in group}
    from deserialguard.engine.parse import parse_file
    project.load = lambda path: project.add(parse_file(path, str(path)))
    resolved = 0
    for path in paths:
        module = project.loaded(path) or project.add(parse_file(path, str(path)))
        project.forget(path)
        for target in [*module.imports.values(), *module.star_imports]:
            found = project.resolve(target, module)
            while found is not None and not hasattr(found, "parsed"):
                found = getattr(found, "module", None) or (found[1] if isinstance(found, tuple) else None)
            if found is not None:
                resolved += 1
                assert group_of[found.parsed.path] == group_of[path], (path, target)
    assert resolved > 50


def test_groups_scanned_apart_find_what_one_exhaustive_scan_finds(tmp_path):
    """Two services, one of which uses a shared codec, and an unrelated tool with a method of the same
    name as the codec's: the tool's file is not even parsed for callers."""
    write_tree(tmp_path, {
        "shared/__init__.py": "", "shared/codec.py": "import pickle\n\n\nclass Codec:\n"
                                                     "    def load(self, blob):\n        return pickle.loads(blob)\n",
        "api/__init__.py": "", "api/views.py": ("from flask import Flask, request\n\nfrom shared.codec import Codec\n\n"
                                                "app = Flask(__name__)\n\n\n@app.post('/a')\ndef a():\n"
                                                "    return repr(Codec().load(request.get_data()))\n"),
        "batch/__init__.py": "", "batch/job.py": ("import marshal\n\nfrom flask import Flask, request\n\n"
                                                  "app = Flask(__name__)\n\n\n@app.post('/b')\ndef b():\n"
                                                  "    return repr(marshal.loads(request.get_data()))\n"),
        # names the package without importing it: Python would raise NameError; no flow either way
        "unimported.py": ("from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.post('/u')\ndef u():\n"
                          "    return repr(shared.codec.Codec().load(request.get_data()))\n"),
        "tool/__init__.py": "", "tool/cache.py": ("class Store:\n    def load(self, key):\n        return key\n\n\n"
                                                  "def main(store, key):\n    return store.load(key)\n"),
    })
    inputs = Inputs()
    apart = [f.to_dict() for f in scan_paths([tmp_path], inputs=inputs, jobs=2).findings]
    alone = [f.to_dict() for f in scan_paths([tmp_path], jobs=1).findings]
    exhaustive = [f.to_dict() for f in scan_paths([tmp_path], exhaustive=True).findings]
    assert apart == alone == exhaustive
    assert sorted(Path(f["sink"]["path"]).name for f in exhaustive) == ["codec.py", "job.py"]
    assert {Path(s["path"]).name for f in exhaustive for s in f["sources"]} == {"views.py", "job.py"}
    assert not any(p.endswith("tool/cache.py") for p in inputs.parsed)


@pytest.mark.parametrize("seed", range(4))
def test_generated_trees_side_by_side(tmp_path, seed):
    for copy in range(3):                      # three packages no import joins, each with its own flows
        generate_tree(tmp_path / f"copy{copy}", seed + copy)
    apart = [f.to_dict() for f in scan_paths([tmp_path], jobs=2).findings]
    exhaustive = [f.to_dict() for f in scan_paths([tmp_path], exhaustive=True).findings]
    assert apart == exhaustive and apart


def scan_numbers(group, progress):
    progress("analysing", len(group), len(group), 1)
    return sum(group), os.getpid()


def failure(group, reason):
    return "failed", reason


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_side_by_side_runs_the_heavy_groups_in_workers():
    heard = []
    groups = [[1, 2], [3], [4, 5, 6], [7]]
    results = side_by_side(groups, scan_numbers, 2, [20, 10, 30, 0], lambda *state: heard.append(state), failure)
    assert [total for total, _ in results] == [3, 3, 15, 7]
    pids = [pid for _, pid in results]
    assert pids[3] == os.getpid() and os.getpid() not in pids[:3]     # weight 0: no worker for it
    assert len(set(pids[:3])) == 3          # each heavier than a share: a worker of its own, gone with what it held
    assert heard[-1] == ("analysing", 7, 7, 4)                          # the sum of every group's last word


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_many_small_groups_share_a_few_workers():
    groups = [[number] for number in range(1, 401)]
    results = side_by_side(groups, scan_numbers, 2, [1] * 400, lambda *state: None, failure)
    assert [total for total, _ in results] == list(range(1, 401))
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) <= 2 * BATCHES_PER_JOB


def test_batches_are_of_about_equal_weight_and_a_heavy_group_is_one_alone():
    weights = [50, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    found = batches(sorted(range(len(weights)), key=lambda i: -weights[i]), weights, 1)
    assert found[0] == [0]
    assert sorted(i for batch in found for i in batch) == list(range(len(weights)))
    share = sum(weights) / BATCHES_PER_JOB
    assert all(sum(weights[i] for i in batch) < share + 1 for batch in found[1:])


def fail_in_workers(group, progress):
    if os.getpid() != PARENT:
        raise MemoryError("a worker ran out of memory")
    return sum(group)


PARENT = os.getpid()


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_a_group_whose_scan_raised_in_a_worker_fails_alone():
    assert side_by_side([[1], [2, 3]], fail_in_workers, 2, [1, 1], lambda *state: None, failure) == \
        [("failed", "MemoryError: a worker ran out of memory")] * 2


def fail_on_three(group, progress):
    if 3 in group:
        raise RuntimeError("a bug of ours")
    return sum(group)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_group_whose_scan_raised_fails_and_the_others_go_on(jobs):
    results = side_by_side([[1], [2, 3], [4]], fail_on_three, jobs, [1, 1, 1], lambda *state: None, failure)
    assert results == [1, ("failed", "RuntimeError: a bug of ours"), 4]


def die_in_workers(group, progress):
    if os.getpid() != PARENT:
        os._exit(3)                          # killed, say, with no word to the parent
    return sum(group)


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_a_group_whose_worker_died_fails_and_is_not_scanned_here():
    # Scanned again here, what killed the worker (the kernel, out of memory) could take the run down.
    assert side_by_side([[1], [2, 3]], die_in_workers, 2, [1, 1], lambda *state: None, failure) == \
        [("failed", "the process scanning it died (exit status 3)")] * 2


def killed_on_five(group, progress):
    if group == [5] and os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return sum(group), os.getpid()


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_the_groups_a_dead_worker_had_not_begun_are_scanned_by_another():
    groups = [[number] for number in range(1, 41)]
    results = side_by_side(groups, killed_on_five, 2, [1] * 40, lambda *state: None, failure)
    assert results[4] == ("failed", "the process scanning it died (killed by SIGKILL, out of memory?)")
    assert [result[0] for index, result in enumerate(results) if index != 4] == \
        [number for number in range(1, 41) if number != 5]
    assert os.getpid() not in {result[1] for index, result in enumerate(results) if index != 4}


def chatty(group, progress):
    for done in range(1, 20_001):           # far more than a pipe holds before its reader takes them
        progress("analysing", done, 20_000, 0)
    return sum(group)


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_a_worker_that_reports_much_progress_still_ends():
    heard = []
    assert side_by_side([[1], [2, 3]], chatty, 2, [1, 1], lambda *state: heard.append(state), failure) == [1, 5]
    assert heard[-1] == ("analysing", 40_000, 40_000, 0)


def test_one_job_scans_here():
    results = side_by_side([[1], [2]], scan_numbers, 1, [1, 1], lambda *state: None, failure)
    assert [pid for _, pid in results] == [os.getpid(), os.getpid()]


def test_progress_adds_up_the_groups():
    heard = []
    tally = Tally(lambda *state: heard.append(state), 2)
    tally.report(0, "analysing", 1, 4, 0)
    tally.report(1, "analysing", 2, 2, 1)
    tally.report(0, "analysing", 4, 4, 2)
    assert heard == [("analysing", 1, 4, 0), ("analysing", 3, 6, 1), ("analysing", 6, 6, 3)]


@pytest.mark.skipif(not can_fork(), reason="workers are forks")
def test_files_read_in_shares_give_the_same_groups(tmp_path, monkeypatch):
    import deserialguard.engine as engine

    for copy in range(2):
        generate_tree(tmp_path / f"copy{copy}", copy)
    paths = sorted(tmp_path.rglob("*.py"))
    project = Project()
    project.index(paths)
    texts = {p: p.read_bytes() for p in paths}
    alone = engine._file_facts(texts, project, 1, digests=True)
    monkeypatch.setattr(engine, "PARALLEL_BYTES", 0)
    assert engine._file_facts(texts, project, 2, digests=True) == alone
    assert [f.to_dict() for f in scan_paths([tmp_path], jobs=2).findings] == \
           [f.to_dict() for f in scan_paths([tmp_path], exhaustive=True).findings]
