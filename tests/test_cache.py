"""The scan cache: a re-scan reuses the last result exactly when no change can alter it, and a damaged,
foreign or concurrently written cache file never costs more than a full scan."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deserialguard.catalog import threat_models
from deserialguard.engine import scan_paths
from deserialguard.engine.cache import FORMAT, cache_folder, cached_scan, decode, encode

HANDLER = ("from flask import Flask, request\nfrom .codec import restore\n\napp = Flask(__name__)\n\n\n"
           "@app.post('/load')\ndef load():\n    return restore(request.data)\n")
CODEC = "import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n"


@pytest.fixture
def tree(tmp_path, monkeypatch, scans):
    """A package whose request data reaches pickle through a helper in another module, plus files that
    play no part; scans run from inside it and are counted."""
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "views.py").write_text(HANDLER)
    (root / "app" / "codec.py").write_text(CODEC)
    (root / "app" / "unrelated.py").write_text("def double(x):\n    return 2 * x\n")
    monkeypatch.chdir(root)
    return root, scans


def scan():
    return [f.to_dict() for f in cached_scan(["app"], threat_models.DEFAULT).findings]


def sinks(findings):
    return {(f["sink"]["path"], f["sink"]["line"]) for f in findings}


def cache_file() -> Path:
    return next(cache_folder().glob("scan-*.json"))


def content() -> dict:
    return decode(cache_file().read_bytes())


def rewrite(changed: dict) -> None:
    """The cache file with this content and its right digest: what only its fields' checks can refuse."""
    cache_file().write_bytes(encode(changed))


def edit(path: Path, text: str) -> None:
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))    # a later edit, for sure


def test_a_rescan_of_an_unchanged_tree_reuses_the_result(tree):
    root, calls = tree
    first = scan()
    assert sinks(first) == {("app/codec.py", 5)}
    assert scan() == first
    assert len(calls) == 1
    stored = json.loads(cache_file().read_text())       # JSON data, never pickle
    assert stored["format"] == FORMAT and stored["content"]["parts"][0]["findings"]


def test_an_edit_that_cannot_matter_reuses_the_result(tree):
    root, calls = tree
    first = scan()
    edit(root / "app" / "unrelated.py", "def double(x):\n    return x + x\n")
    assert scan() == first
    assert len(calls) == 1


@pytest.mark.parametrize("path, text, expected", [
    ("app/codec.py", "import json\n\n\ndef restore(blob):\n    return json.loads(blob)\n", set()),
    ("app/unrelated.py", "import pickle\nfrom flask import request\n\n\ndef f():\n    return pickle.loads(request.data)\n",
     {("app/codec.py", 5), ("app/unrelated.py", 6)}),
    ("app/unrelated.py", "from flask import request\nfrom .codec import restore\n\n\ndef f():\n    return restore(request.data)\n",
     {("app/codec.py", 5)}),
])
def test_an_edit_that_can_matter_scans_again(tree, path, text, expected):
    """A parsed file, a file that now holds a sink, a file that now calls a function whose callers were
    searched: each can change the findings."""
    root, calls = tree
    scan()
    edit(root / path, text)
    findings = scan()
    assert len(calls) == 2
    assert sinks(findings) == expected
    if path == "app/unrelated.py" and "restore" in text:
        assert {s["path"] for f in findings for s in f["sources"]} == {"app/views.py", "app/unrelated.py"}


def test_a_new_file_scans_again(tree):
    root, calls = tree
    scan()
    (root / "app" / "extra.py").write_text("import marshal\nfrom flask import request\n\n\n"
                                          "def f():\n    return marshal.loads(request.data)\n")
    assert ("app/extra.py", 6) in sinks(scan())
    assert len(calls) == 2


def test_an_edit_in_the_same_clock_tick_is_seen(tree):
    """Same size, same modification time, new content: files written just before the cache are hashed."""
    root, calls = tree
    codec = root / "app" / "codec.py"
    scan()
    stat = codec.stat()
    codec.write_text(CODEC.replace("pickle.loads(blob)", "pickle.loads(b'x')"))
    os.utime(codec, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert codec.stat().st_size == stat.st_size
    assert scan() == []
    assert len(calls) == 2


@pytest.mark.parametrize("damage", [b"", b"\x80\x04garbage", b"{not json", b"[]", b'{"format": %d}' % FORMAT,
                                    b'{"format": 1, "result": {}, "folders": 3, "written_ns": 0}',
                                    b'{"format": %d, "parts": [{}], "folders": {}, "files": {}, "written_ns": 0}' % FORMAT])
def test_a_damaged_cache_file_means_a_full_scan(tree, damage):
    root, calls = tree
    first = scan()
    stored = next(cache_folder().glob("scan-*.json"))
    stored.write_bytes(damage)
    assert scan() == first
    assert len(calls) == 2
    assert json.loads(stored.read_text())["format"] == FORMAT         # and it is written anew


@pytest.mark.parametrize("entry", [lambda e: [*e[:4], 99], lambda e: e[:3], lambda e: [*e[:4], "0"], lambda e: 5])
def test_a_damaged_file_entry_means_a_full_scan(tree, entry):
    """Each file's entry names its group by index: one out of range or of the wrong shape is damage too."""
    root, calls = tree
    first = scan()
    changed = content()
    path = next(iter(changed["files"]))
    changed["files"][path] = entry(changed["files"][path])
    rewrite(changed)
    assert scan() == first
    assert calls[-1][0] == "scan_paths" and len(calls) == 2


@pytest.mark.parametrize("reading", [[[1], [-3], [], "x"], [[1, 2], [10 ** 6], [], "x"], [["a", "b"], [], [], 0], 7])
def test_a_damaged_reading_of_an_edited_file_scans_again(tree, reading):
    """What the cache says the scan read of a file is data too: nonsense there costs a scan, not the run."""
    root, calls = tree
    first = scan()
    changed = content()
    for part in changed["parts"]:
        part["readings"] = {path: reading for path in part["readings"]}
    rewrite(changed)
    edit(root / "app" / "codec.py", CODEC + "\n# edited\n")
    assert scan() == first
    assert len(calls) == 2


def test_concurrent_runs_leave_a_valid_cache(tree):
    root, _ = tree
    command = [sys.executable, "-m", "deserialguard", "scan", "app", "--format", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [json.loads(run.communicate(timeout=120)[0]) for run in runs]
    assert all(run.returncode == 1 for run in runs)
    assert all(output == outputs[0] for output in outputs)
    files = list(cache_folder().iterdir())
    assert len(files) == 1 and json.loads(files[0].read_text())["format"] == FORMAT     # no temporary left
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert json.loads(again.stdout) == outputs[0]


def test_no_cache_neither_reads_nor_writes(tree):
    root, calls = tree
    done = subprocess.run([sys.executable, "-m", "deserialguard", "scan", "app", "--no-cache"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert not list(cache_folder().iterdir())


def test_fixing_a_broken_module_the_scan_tried_to_parse_scans_again(tree):
    """A module with a syntax error, parsed only because the sink module imports from it: its error is
    in the result, so mending it must not keep that result."""
    root, calls = tree
    (root / "app" / "helpers.py").write_text("def tidy(x:\n    return x\n")
    (root / "app" / "codec.py").write_text("import pickle\nfrom .helpers import tidy\n\n\n"
                                           "def restore(blob):\n    return pickle.loads(tidy(blob))\n")
    broken = cached_scan(["app"], threat_models.DEFAULT)
    assert [e.path for e in broken.errors] == ["app/helpers.py"]
    edit(root / "app" / "helpers.py", "def tidy(x):\n    return x\n")
    mended = cached_scan(["app"], threat_models.DEFAULT)
    assert mended.errors == [] and len(calls) == 2
    assert sinks([f.to_dict() for f in mended.findings]) == {("app/codec.py", 6)}


def test_an_edit_to_an_ignore_file_is_seen(tree):
    """Editing a .gitignore in place changes no folder's modification time; the cache notes its own. A
    broken one mended, the error goes; one that now excludes the sink's file, its finding goes."""
    root, calls = tree
    ignore = root / "app" / ".gitignore"
    ignore.write_text("*.log\n!\n")
    assert [e.path for e in cached_scan(["app"], threat_models.DEFAULT).errors] == ["app/.gitignore"]
    edit(ignore, "*.log\n")
    mended = cached_scan(["app"], threat_models.DEFAULT)
    assert mended.errors == [] and sinks([f.to_dict() for f in mended.findings]) == {("app/codec.py", 5)}
    edit(ignore, "*.log\ncodec.py\n")
    assert scan() == [] and len(calls) == 3


def test_mending_a_file_that_was_not_text_scans_again(tree):
    root, calls = tree
    (root / "app" / "latin.py").write_bytes("x = '\xe9t\xe9'\n".encode("latin-1"))
    assert [e.path for e in cached_scan(["app"], threat_models.DEFAULT).errors] == ["app/latin.py"]
    edit(root / "app" / "latin.py", "x = 'ete'\n")
    assert cached_scan(["app"], threat_models.DEFAULT).errors == []
    assert len(calls) == 2


# --- groups of files no import joins: an edit scans again only its own group, unless it changes imports

SERVICE = ("from flask import Flask, request\nfrom .codec import Codec\n\napp = Flask(__name__)\n\n\n"
           "@app.post('/load')\ndef load():\n    return Codec().load(request.data)\n")
CODEC_CLASS = "import pickle\n\n\nclass Codec:\n    def load(self, blob):\n        return pickle.loads(blob)\n"


@pytest.fixture
def groups(tree):
    """Beside the app, a second service, and a tool that makes things and calls `.load` on them."""
    root, calls = tree
    for name, text in {"other/__init__.py": "", "other/views.py": SERVICE, "other/codec.py": CODEC_CLASS,
                       "tool/__init__.py": "", "tool/factory.py": "def make():\n    return None\n",
                       "tool/run.py": ("from flask import request\nfrom .factory import make\n\n\n"
                                       "def run():\n    return make().load(request.data)\n")}.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text)
    return root, calls


def scan_all():
    return [f.to_dict() for f in cached_scan(["app", "other", "tool"], threat_models.DEFAULT).findings]


def fresh():
    return [f.to_dict() for f in scan_paths(["app", "other", "tool"], threat_models.DEFAULT, jobs=1).findings]


def test_an_edit_scans_again_only_its_group(groups):
    root, calls = groups
    first = scan_all()
    assert sinks(first) == {("app/codec.py", 5), ("other/codec.py", 6)}
    edit(root / "other" / "codec.py", CODEC_CLASS.replace("pickle.loads(blob)", "pickle.loads(blob[4:])"))
    again = scan_all()
    assert again == fresh() and again != first
    [(kind, args)] = calls[1:2]
    assert kind == "rescan_parts" and sorted(map(str, args[2][0])) == \
        ["other/__init__.py", "other/codec.py", "other/views.py"]
    assert scan_all() == again and len(calls) == 2        # and the next run reuses it all


def test_an_edit_that_changes_what_a_file_imports_scans_everything(groups):
    """The factory now makes one of the other service's codecs: the tool's `.load` is that codec's, a
    flow that crosses what were two groups. The factory holds no sink and names nothing searched for."""
    root, calls = groups
    assert ("tool/run.py", 6) not in {(s["path"], s["line"]) for f in scan_all() for s in f["sources"]}
    edit(root / "tool" / "factory.py", "from other.codec import Codec\n\n\ndef make():\n    return Codec()\n")
    again = scan_all()
    assert again == fresh()
    assert "tool/run.py" in {s["path"] for f in again for s in f["sources"]}
    assert [kind for kind, _ in calls] == ["scan_paths", "scan_paths"]


def test_cache_files_not_used_for_long_are_removed(tree, monkeypatch):
    """Each configuration has a file of its own: those unused for KEEP_DAYS, and beyond the KEEP_FILES most
    recently used, go when a new one is written; so do temporary files a killed run left a day ago."""
    import time

    from deserialguard.engine import cache

    monkeypatch.setattr(cache, "KEEP_FILES", 5)
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    ages = {"scan-stale.json": 31 * 86400, "scan-crashed.json1234.tmp": 2 * 86400, "scan-writing.json99.tmp": 10,
            "notes.txt": 90 * 86400, **{f"scan-recent{i}.json": 3600 * (i + 1) for i in range(6)}}
    for name, age in ages.items():
        (folder / name).write_text("{}")
        os.utime(folder / name, (now - age, now - age))
    scan()
    left = {path.name for path in folder.iterdir()}
    current = {name for name in left if name not in ages}
    assert len(current) == 1                      # the one this scan wrote
    assert left - current == {"scan-writing.json99.tmp", "notes.txt",
                              *(f"scan-recent{i}.json" for i in range(4))}   # with it, the 5 most recent
    stored = folder / current.pop()
    os.utime(stored, (now - 40 * 86400, now - 40 * 86400))
    scan()                                         # reused, unchanged: the use is noted
    assert stored.stat().st_mtime > now - 60


def test_the_cache_file_is_written_again_only_when_it_saves_work(tree, monkeypatch):
    """After an edit that changes no result, the file stays as it was (writing it costs more than
    reading the edited file again next time); once more files than REREAD_AT_MOST would be read again,
    or a group was scanned again, it is rewritten."""
    from deserialguard.engine import cache

    root, calls = tree
    first = scan()
    stored = next(cache_folder().glob("scan-*.json"))
    written = stored.read_text()
    edit(root / "app" / "unrelated.py", "def double(x):\n    return x + x\n")
    assert scan() == first and scan() == first and stored.read_text() == written and len(calls) == 1
    monkeypatch.setattr(cache, "REREAD_AT_MOST", 0)
    assert scan() == first and stored.read_text() != written and len(calls) == 1
    written = stored.read_text()
    edit(root / "app" / "codec.py", CODEC.replace("pickle.loads(blob)", "pickle.loads(blob[4:])"))
    monkeypatch.setattr(cache, "REREAD_AT_MOST", 100)
    scan()
    assert [kind for kind, _ in calls] == ["scan_paths", "rescan_parts"] and stored.read_text() != written


def test_every_source_of_a_finding_is_kept_and_moved_with_the_lines(tree):
    """Two views reach the codec's one call: one finding with two sources. A comment added above both
    views keeps the cached result, every source's line moved with it, as a fresh scan reports it."""
    root, calls = tree
    views = root / "app" / "views.py"
    views.write_text(HANDLER + "\n\n@app.post('/again')\ndef again():\n    return restore(request.get_data())\n")
    first = scan()
    (finding,) = first
    assert [(s["path"], s["line"]) for s in finding["sources"]] == [("app/views.py", 9), ("app/views.py", 14)]
    edit(views, "# a comment that moves the views\n\n" + views.read_text())
    again = scan()
    assert len(calls) == 1                                   # reused, not scanned again
    assert [(s["path"], s["line"]) for s in again[0]["sources"]] == [("app/views.py", 11), ("app/views.py", 16)]
    assert again == [f.to_dict() for f in scan_paths(["app"], threat_models.DEFAULT, jobs=1).findings]
