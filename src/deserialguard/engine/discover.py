"""Which files a scan reads: the paths given, folders walked without following links, skipping hidden
folders, virtual environments, caches and whatever .gitignore excludes."""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from deserialguard.findings import ScanError

if TYPE_CHECKING:
    import pathspec

# Never source of the project itself. Other folders are skipped by what they are, not by their name: a
# package may well be called `build` or `env`.
SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})


def is_virtualenv(folder: str, names: set[str]) -> bool:
    """Whether a folder, whose entries are `names`, holds a virtual environment or a conda one."""
    join, isfile = os.path.join, os.path.isfile
    return ("pyvenv.cfg" in names or "conda-meta" in names
            or "bin" in names and isfile(join(folder, "bin", "activate"))
            or "Scripts" in names and isfile(join(folder, "Scripts", "activate")))


def _ignore_spec(folder: str) -> pathspec.PathSpec | None:
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as file:
            text = file.read()
    except OSError:
        return None
    import pathspec     # here: a re-scan that reuses its cache walks no folder and need not pay its import
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())


def discover(paths: Iterable[str | Path], errors: list[ScanError], folders: dict | None = None) -> Iterator[Path]:
    """Yield each Python file once. Paths given explicitly are scanned whatever their name. `folders`,
    if given, receives each folder walked with its modification time: while none changes, the same
    files are there (a cached scan relies on it)."""
    seen: set[tuple[int, int]] = set()      # (device, inode): the same file reached twice
    for given in paths:
        path = Path(given)
        try:
            status = path.resolve(strict=True).stat()
        except (OSError, RuntimeError) as error:
            errors.append(ScanError(str(path), f"cannot be read: {_reason(error)}"))
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
            errors.append(ScanError(folder, f"cannot be listed: {_reason(error)}"))
            continue
        device = status.st_dev
        if (device, status.st_ino) in visited:
            continue
        visited.add((device, status.st_ino))
        folders[folder] = status.st_mtime_ns
        names = {entry.name for entry in entries}
        if folder != root and is_virtualenv(folder, names):
            continue
        spec = _ignore_spec(folder) if ".gitignore" in names else None
        if spec is not None:
            specs = specs + [(spec, folder)]
        subfolders = []
        for entry in entries:
            if entry.is_symlink():
                continue   # never follow links: loops, and files outside the tree
            is_dir = entry.is_dir(follow_symlinks=False)
            if specs and _ignored(entry.path, is_dir, specs):
                continue
            if is_dir:
                if entry.name.startswith(".") or entry.name in SKIP_DIRS:
                    continue
                subfolders.append((entry.path, specs))
            elif entry.name.endswith((".py", ".pyw")) and entry.is_file(follow_symlinks=False):
                yield entry.path, (device, entry.inode())
        stack.extend(reversed(subfolders))


def _ignored(path: str, is_dir: bool, specs: list) -> bool:
    for spec, base in specs:
        relative = os.path.relpath(path, base).replace(os.sep, "/") + ("/" if is_dir else "")
        if spec.match_file(relative):
            return True
    return False


def _reason(error: BaseException) -> str:
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == 40:
        return "symbolic link loop"
    return getattr(error, "strerror", None) or str(error)
