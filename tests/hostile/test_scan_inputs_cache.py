"""A damaged cache file never costs more than a full scan (issue 20, item 3): whatever happened to the
file a real scan wrote, the next scan reports what a scan without the cache reports, with the same exit
status, and does not crash.

Damage leaves the digest the file carries unchanged (a truncated write, a disk error, an edit by hand):
every such file is refused before its content is parsed. Content written again with its right digest
(a bug of a writer, or a hand that knew the layout) is checked field by field: a value of the wrong type
anywhere means a full scan too. Content of the right types but other values cannot be told from a real
result: those cases must only not crash."""
from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from deserialguard import report  # noqa: E402
from deserialguard.catalog import threat_models  # noqa: E402
from deserialguard.cli import exit_status  # noqa: E402
from deserialguard.engine import scan_paths  # noqa: E402
from deserialguard.engine.cache import FORMAT, cache_folder, cached_scan, decode, encode, framed  # noqa: E402
from deserialguard.findings import Severity  # noqa: E402
from test_cache import CODEC, HANDLER  # noqa: E402

PATHS = ["app"]
REPLACEMENTS = [None, 7, True, 2.5, "x", [], {}]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A flow across two modules, a module that is not UTF-8 (an error of the group's scan) and a link
    that leads nowhere (an error of the walk): every part of a cache file holds something. Returns the
    file a real scan wrote, and what a scan without the cache reports."""
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "views.py").write_text(HANDLER)
    (root / "app" / "codec.py").write_text(CODEC)
    (root / "app" / "legacy.py").write_bytes(b"import pickle\nNAME = '\xe9t\xe9'\n")
    os.symlink("gone.py", root / "app" / "moved.py")
    monkeypatch.chdir(root)
    cached_scan(PATHS, threat_models.DEFAULT, jobs=1)
    [file] = cache_folder().glob("scan-*.json")
    fresh = scan_paths(PATHS, threat_models.DEFAULT, jobs=1)
    assert fresh.findings and len(fresh.errors) == 2
    return file, outcome(fresh)


def outcome(result) -> tuple:
    return result.to_dict(), exit_status(result, Severity.LOW)


def scan_with(file: Path, data: bytes) -> tuple:
    """The next scan's outcome, the cache file holding `data`."""
    file.write_bytes(data)
    return outcome(cached_scan(PATHS, threat_models.DEFAULT, jobs=1))


def mismatched(original: bytes, content: dict) -> bytes:
    """The file with this content and the digest of what it held before."""
    body_start = original.index(b'"content":') + len(b'"content":')
    return original[:body_start] + json.dumps(content).encode() + b"}"


def nodes(value, path=()):
    """The path to every value inside a JSON document, the document's own last."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from nodes(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from nodes(inner, (*path, index))
    if path:
        yield path


def value_at(content, path: tuple):
    for step in path:
        content = content[step]
    return content


def replaced(content: dict, path: tuple, value) -> dict:
    changed = json.loads(json.dumps(content))
    value_at(changed, path[:-1])[path[-1]] = value
    return changed


def removed(content: dict, path: tuple) -> dict:
    changed = json.loads(json.dumps(content))
    del value_at(changed, path[:-1])[path[-1]]
    return changed


def test_a_file_cut_short_anywhere_means_a_full_scan(project):
    file, fresh = project
    original = file.read_bytes()
    step = max(1, len(original) // 60)
    for cut in [*range(0, len(original), step), len(original) - 1]:
        assert scan_with(file, original[:cut]) == fresh, cut


@pytest.mark.parametrize("damage", [
    lambda original: b"[" * 200_000,
    lambda original: b"{" * 200_000,
    lambda original: framed(b"[" * 200_000 + b"]" * 200_000),                         # nested, with its digest
    lambda original: framed(b'{"parts":' + b"[" * 200_000 + b"]" * 200_000 + b"}"),
    lambda original: random.Random(0).randbytes(len(original)),                       # binary garbage
    lambda original: b"\x80\x04\x95" + original[3:],
    lambda original: original.replace(b'"sha256":"', b'"sha256":"0', 1)[:-1] + b"}",  # digest one digit off
    lambda original: original.replace(b"critical", b"low", 1),                        # content edited, digest kept
    lambda original: original.replace(b'{"format":%d' % FORMAT, b'{"format":%d' % (FORMAT - 1), 1),
    lambda original: original.replace(b'{"format":%d' % FORMAT, b'{"format":%d' % (FORMAT + 1), 1),
    lambda original: json.dumps({"format": FORMAT - 1, **decode(original)}).encode(),   # the previous layout
    lambda original: json.dumps(decode(original)).encode(),
    lambda original: encode([]),
    lambda original: framed(b"null"),
    lambda original: framed(b'"text"'),
    lambda original: original + b"\n",
    lambda original: b" " + original,
    lambda original: original.replace(b"}", b"", 1),
], ids=["deep lists", "deep objects", "deep lists, signed", "deep parts, signed", "garbage", "pickle header",
        "digest off", "content edited", "older format", "newer format", "older layout", "no digest",
        "a list, signed", "null, signed", "a string, signed", "a byte after", "a byte before", "a brace gone"])
def test_a_damaged_file_means_a_full_scan(project, damage):
    file, fresh = project
    assert scan_with(file, damage(file.read_bytes())) == fresh


@pytest.mark.parametrize("findings", [[], {}, None])
def test_findings_emptied_are_never_reported_as_none(project, findings):
    """The issue's two silent cases: `findings` emptied in the file hid the finding, exit status 0."""
    file, fresh = project
    original = file.read_bytes()
    content = decode(original)
    assert scan_with(file, mismatched(original, replaced(content, ("parts", 0, "findings"), findings))) == fresh


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_replaced_or_removed_without_its_digest_means_a_full_scan(project, data):
    file, fresh = project
    original = file.read_bytes()
    content = decode(original)
    path = data.draw(st.sampled_from(list(nodes(content))))
    if data.draw(st.booleans()):
        changed = replaced(content, path, data.draw(st.sampled_from(REPLACEMENTS)))
    else:
        changed = removed(content, path)
    assert scan_with(file, mismatched(original, changed)) == fresh


def test_every_value_of_a_wrong_type_means_a_full_scan_even_with_its_digest(project):
    """Every value in the file, each replaced by each value of another type and written with its right
    digest: the fields' checks refuse them all."""
    file, fresh = project
    content = decode(file.read_bytes())
    wrong = []
    for path in nodes(content):
        for value in REPLACEMENTS:
            if type(value) is not type(value_at(content, path)) \
                    and scan_with(file, encode(replaced(content, path, value))) != fresh:
                wrong.append((path, value))
    assert wrong == []


@pytest.mark.parametrize("where", ["top", "finding", "step", "part"])
def test_keys_added_or_missing_mean_the_same_result_or_a_full_scan(project, where):
    file, fresh = project
    content = decode(file.read_bytes())
    holder = {"top": (), "finding": ("parts", 0, "findings", 0), "step": ("parts", 0, "findings", 0, "flow", 0),
              "part": ("parts", 0)}[where]
    target = value_at(content, holder)
    assert scan_with(file, encode(replaced(content, (*holder, "extra"), [1, 2]) if holder
                                  else {**content, "extra": [1, 2]})) == fresh
    for key in target:
        assert scan_with(file, encode(removed(content, (*holder, key)))) == fresh, key


def test_values_of_the_right_type_never_crash_the_scan(project):
    """What the digest and the types cannot refuse (other strings, numbers, lists) may change the
    result, as a real result could be; the scan and every report must still go through."""
    file, _ = project
    content = decode(file.read_bytes())
    for path in nodes(content):
        for value in {str: ["", "x\x00y", "../../etc/passwd"], int: [0, -1, 10 ** 30], list: [[]],
                      dict: [{}]}.get(type(value_at(content, path)), []):
            file.write_bytes(encode(replaced(content, path, value)))
            result = cached_scan(PATHS, threat_models.DEFAULT, jobs=1)
            for name in ("text", "json", "sarif", "markdown"):
                report.write(result, name, io.StringIO(), root=os.getcwd())


@pytest.mark.parametrize("damage", ["deep", "findings emptied", "rule None"])
def test_the_command_after_damage_reports_as_without_the_cache(project, damage):
    """End to end, as the issue saw it: a traceback and exit status 1, or no finding and 0."""
    file, _ = project
    original = file.read_bytes()
    content = decode(original)
    file.write_bytes({"deep": b"[" * 200_000,
                      "findings emptied": mismatched(original, replaced(content, ("parts", 0, "findings"), [])),
                      "rule None": encode(replaced(content, ("parts", 0, "findings", 0, "rule"), None))}[damage])
    command = [sys.executable, "-m", "deserialguard", "scan", *PATHS, "--format", "json"]
    cached = subprocess.run(command, capture_output=True, text=True, timeout=300)
    uncached = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, timeout=300)
    assert (cached.returncode, cached.stdout, cached.stderr) == (uncached.returncode, uncached.stdout, "")
    assert cached.returncode == 1 and json.loads(cached.stdout)["findings"]
