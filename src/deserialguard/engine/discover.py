"""Which files a scan reads: the paths given, folders walked without following links, skipping hidden
folders, virtual environments, caches and whatever .gitignore excludes. What cannot be used is an error
of the scan, which goes on: a path or a link named like a module that leads nowhere, a folder that
cannot be listed, an ignore file that cannot be read or parsed (not applied)."""
from __future__ import annotations

import os
import re
import stat
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from deserialguard.engine.parse import display_path, os_problem, read_bytes
from deserialguard.findings import ScanError

if TYPE_CHECKING:
    import pathspec

# Never source of the project itself. Other folders are skipped by what they are, not by their name: a
# package may well be called `build` or `env`.
SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})
SOURCE_SUFFIXES = (".py", ".pyw")

# What pathspec raises for a line it rejects: GitIgnorePatternError (a ValueError) for `!` or a trailing
# `\\`, re.error for a character range such as `[z-a]`.
PATTERN_ERRORS = (ValueError, re.error)


def is_virtualenv(folder: str, names: set[str]) -> bool:
    """Whether a folder, whose entries are `names`, holds a virtual environment or a conda one."""
    join, isfile = os.path.join, os.path.isfile
    return ("pyvenv.cfg" in names or "conda-meta" in names
            or "bin" in names and isfile(join(folder, "bin", "activate"))
            or "Scripts" in names and isfile(join(folder, "Scripts", "activate")))


def _ignore_spec(path: str, errors: list[ScanError], folders: dict) -> pathspec.PathSpec | None:
    """The rules of an ignore file, or None with an error naming it if it cannot be read or parsed: the
    files it would exclude are then scanned. `folders` receives its modification time (-1 if it has
    none), so that a cached scan sees an edit to it."""
    try:
        folders[path] = os.stat(path).st_mtime_ns
    except OSError:
        folders[path] = -1
    data = read_bytes(path, regular_only=True)
    if isinstance(data, ScanError):
        problem = data.reason
    else:
        try:
            lines = data.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError as error:
            problem = f"not valid UTF-8 text at byte {error.start}"
        else:
            try:
                return _compiled(lines)
            except PATTERN_ERRORS:
                problem = _bad_pattern(lines)
    errors.append(ScanError(display_path(path), f"ignore file not applied: {problem}"))
    return None


def _compiled(lines: list[str]) -> pathspec.PathSpec:
    import pathspec     # here: a re-scan that reuses its cache walks no folder and need not pay its import
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # re's FutureWarning on patterns such as `[[a]`: not ours to report
        return pathspec.GitIgnoreSpec.from_lines(lines)


def _bad_pattern(lines: list[str]) -> str:
    """Which line pathspec rejects, and why: each line is compiled on its own."""
    for number, line in enumerate(lines, 1):
        try:
            _compiled([line])
        except PATTERN_ERRORS as error:
            return f"invalid pattern {line[:80]!r} (line {number}): {error}"
    return "invalid pattern"


def discover(paths: Iterable[str | Path], errors: list[ScanError], folders: dict | None = None) -> Iterator[Path]:
    """Yield each Python file once. Paths given explicitly are scanned whatever their name. `folders`,
    if given, receives each folder walked and each ignore file read with its modification time: while
    none changes, the same files are there (a cached scan relies on it)."""
    seen: set[tuple[int, int]] = set()      # (device, inode): the same file reached twice
    for given in paths:
        path = Path(given)
        try:
            status = path.resolve(strict=True).stat()
        except (OSError, RuntimeError) as error:
            errors.append(ScanError(str(path), f"cannot be read: {os_problem(error, path)}"))
            continue
        if stat.S_ISDIR(status.st_mode):
            for file, key in _walk(str(path), errors, {} if folders is None else folders):
                if key not in seen:
                    seen.add(key)
                    yield Path(file)
        elif (status.st_dev, status.st_ino) not in seen:
            seen.add((status.st_dev, status.st_ino))
            yield path


def _walk(root: str, errors: list[ScanError], folders: dict) -> Iterator[tuple[str, tuple[int, int]]]:
    """Files below root with their (device, inode). Strings and scandir entries, not Path objects: a
    large tree has tens of thousands of entries, and the walk must cost next to nothing."""
    # (folder, [(spec, base folder)]) : .gitignore rules apply below the folder that holds them
    stack = [(root, [])]
    visited: set[tuple[int, int]] = set()
    while stack:
        folder, specs = stack.pop()
        try:
            status = os.stat(folder)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            errors.append(ScanError(folder, f"cannot be listed: {os_problem(error, folder)}"))
            continue
        device = status.st_dev
        if (device, status.st_ino) in visited:
            continue
        visited.add((device, status.st_ino))
        folders[folder] = status.st_mtime_ns
        names = {entry.name for entry in entries}
        if folder != root and is_virtualenv(folder, names):
            continue
        spec = _ignore_spec(os.path.join(folder, ".gitignore"), errors, folders) if ".gitignore" in names else None
        if spec is not None:
            specs = specs + [(spec, folder)]
        subfolders = []
        for entry in entries:
            is_dir = entry.is_dir(follow_symlinks=False)
            if specs and _ignored(entry.path, is_dir, specs):
                continue
            if entry.is_symlink():      # never followed: loops, and files outside the tree
                if entry.name.endswith(SOURCE_SUFFIXES):
                    _check_link(entry.path, errors)
            elif is_dir:
                if entry.name.startswith(".") or entry.name in SKIP_DIRS:
                    continue
                subfolders.append((entry.path, specs))
            elif entry.name.endswith(SOURCE_SUFFIXES) and entry.is_file(follow_symlinks=False):
                yield entry.path, (device, entry.inode())
        stack.extend(reversed(subfolders))


def _ignored(path: str, is_dir: bool, specs: list) -> bool:
    for spec, base in specs:
        relative = os.path.relpath(path, base).replace(os.sep, "/") + ("/" if is_dir else "")
        if spec.match_file(relative):
            return True
    return False


def _check_link(path: str, errors: list[ScanError]) -> None:
    """A link named like a Python file that leads nowhere is reported: whoever made it meant a module."""
    try:
        os.stat(path)
    except OSError as error:
        errors.append(ScanError(display_path(path), f"cannot be read: {os_problem(error, path)}"))
