"""An ignore file that cannot be read or parsed never takes the scan down (issue 20, item 2): it is not
applied, the scan lists it as an error (path and reason) in every format, and goes on."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pathspec
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from deserialguard.engine import scan_paths  # noqa: E402
from deserialguard.engine.parse import MAX_BYTES  # noqa: E402
from test_engine_inputs import VULNERABLE, reports, shows_error, sinks, write  # noqa: E402

# Lines pathspec refuses, as found in the test data of formatters and linters: a lone `!`, a trailing
# backslash, character ranges the wrong way round or holding a slash.
KNOWN_BAD = ["!", "! \t", "\\", "foo\\", "\\/", "[z-a]", "[?-#!]", "[\\-.]", "*.py[9-0]"]


def rejected(line: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except Exception:
            return True
    return False


def tree(root: Path, ignore: str | bytes) -> Path:
    """A finding at the top, and in pkg/ an ignore file that would exclude the other finding's file."""
    write(root / "app.py", VULNERABLE)
    write(root / "pkg" / "generated_views.py", VULNERABLE)
    write(root / "pkg" / ".gitignore", ignore)
    return root


def assert_not_applied(root: Path, reason_start: str) -> None:
    result = scan_paths([root], jobs=1)
    assert sinks(result) == {("app.py", 5), ("generated_views.py", 5)}      # the excluded file is scanned
    [error] = result.errors
    assert os.path.abspath(error.path) == str(root / "pkg" / ".gitignore")
    assert error.reason.startswith(reason_start), error.reason


@pytest.mark.parametrize("line", KNOWN_BAD)
def test_a_known_bad_line_leaves_its_ignore_file_unapplied(tmp_path, line):
    assert rejected(line)
    tree(tmp_path, f"generated_*.py\n{line}\n")
    assert_not_applied(tmp_path, f"ignore file not applied: invalid pattern {line!r} (line 2): ")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(line=st.text(alphabet="!\\[]-az/ \t*?", min_size=1, max_size=6).filter(rejected),
       before=st.lists(st.sampled_from(["# comment", "", "*.log", "build/", "!keep.py"]), max_size=3))
def test_any_line_pathspec_rejects_leaves_its_ignore_file_unapplied(tmp_path, line, before):
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    tree(root, "\n".join(["generated_*.py", *before, line]) + "\n")
    assert_not_applied(root, f"ignore file not applied: invalid pattern {line!r} (line {len(before) + 2}): ")


def unreadable(kind: str, path: Path) -> str:
    """Makes `path` an ignore file that cannot be read in this way; returns the start of the reason."""
    if kind == "folder":
        path.mkdir()
        return "ignore file not applied: cannot be read: Is a directory"
    if kind == "broken link":
        os.symlink("nowhere", path)
        return "ignore file not applied: cannot be read: broken symbolic link (to 'nowhere')"
    if kind == "link loop":
        os.symlink(path.name, path)
        return "ignore file not applied: cannot be read: symbolic link loop"
    if kind == "not UTF-8":
        path.write_bytes(b"generated_*.py\n# caf\xe9\n")
        return "ignore file not applied: not valid UTF-8 text at byte 20"
    if kind == "too large":
        path.write_bytes(b"generated_*.py\n" + b"#" * MAX_BYTES + b"\n")
        return "ignore file not applied: file too large to analyse"
    assert kind == "no permission"
    path.write_text("generated_*.py\n")
    path.chmod(0)
    return "ignore file not applied: cannot be read: Permission denied"


@pytest.mark.parametrize("kind", ["folder", "broken link", "link loop", "not UTF-8", "too large", "no permission"])
def test_an_ignore_file_that_cannot_be_read_is_an_error(tmp_path, kind):
    if kind == "no permission" and os.geteuid() == 0:
        pytest.skip("root reads any file")
    write(tmp_path / "app.py", VULNERABLE)
    write(tmp_path / "pkg" / "generated_views.py", VULNERABLE)
    assert_not_applied(tmp_path, unreadable(kind, tmp_path / "pkg" / ".gitignore"))


def test_a_fifo_named_gitignore_does_not_stall_the_scan(tmp_path):
    """Opened for reading, a FIFO waits for a writer that never comes: run in a process of its own, so
    that the code before the fix fails the test rather than hanging it."""
    write(tmp_path / "app.py", VULNERABLE)
    os.mkfifo(tmp_path / ".gitignore")
    done = subprocess.run([sys.executable, "-m", "deserialguard", "scan", ".", "--no-cache", "--format", "json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert shows_error(done.stdout, "json", ".gitignore", "ignore file not applied: not a regular file")


@pytest.mark.parametrize("with_finding", [True, False])
def test_every_format_lists_the_ignore_file_and_the_exit_status_says_so(tmp_path, monkeypatch, capsys,
                                                                         with_finding):
    """1 with a finding; else 3, as for any file that could not be analysed, and 0 with --ignore-errors."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pkg" / ".gitignore", "*.log\n!\n")
    write(tmp_path / "pkg" / "views.py", VULNERABLE if with_finding else "x = 1\n")
    reason = "ignore file not applied: invalid pattern '!' (line 2): Invalid git pattern: '!'"
    for format, (status, output) in reports(capsys, [".", "--no-cache"]).items():
        assert status == (1 if with_finding else 3), format
        assert shows_error(output, format, "pkg/.gitignore", reason), format
    if not with_finding:
        assert {status for status, _ in reports(capsys, [".", "--no-cache", "--ignore-errors"]).values()} == {0}
