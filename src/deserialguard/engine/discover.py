"""Which files a scan reads: the paths given, folders walked without following links, skipping hidden
folders, virtual environments, caches and whatever .gitignore excludes."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

import pathspec

from deserialguard.findings import ScanError

# Never source of the project itself. Other folders are skipped by what they are, not by their name: a
# package may well be called `build` or `env`.
SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})


def is_virtualenv(path: Path) -> bool:
    return ((path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir()
            or (path / "bin" / "activate").is_file() or (path / "Scripts" / "activate").is_file())


def _ignore_spec(folder: Path) -> pathspec.PathSpec | None:
    gitignore = folder / ".gitignore"
    try:
        text = gitignore.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())


def discover(paths: Iterable[str | Path], errors: list[ScanError]) -> Iterator[Path]:
    """Yield each Python file once. Paths given explicitly are scanned whatever their name."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as error:
            errors.append(ScanError(str(path), f"cannot be read: {_reason(error)}"))
            continue
        if real.is_dir():
            for file in _walk(path, errors):
                key = file.resolve()
                if key not in seen:
                    seen.add(key)
                    yield file
        elif real not in seen:
            seen.add(real)
            yield path


def _walk(root: Path, errors: list[ScanError]) -> Iterator[Path]:
    # (folder, [(spec, base folder)]) : .gitignore rules apply below the folder that holds them
    stack = [(root, [])]
    visited: set[tuple[int, int]] = set()
    while stack:
        folder, specs = stack.pop()
        try:
            stat = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            errors.append(ScanError(str(folder), f"cannot be listed: {_reason(error)}"))
            continue
        if (stat.st_dev, stat.st_ino) in visited:
            continue
        visited.add((stat.st_dev, stat.st_ino))
        spec = _ignore_spec(folder)
        if spec is not None:
            specs = specs + [(spec, folder)]
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if _ignored(path, entry.is_dir(follow_symlinks=False), specs):
                continue
            if entry.is_symlink():
                continue   # never follow links: loops, and files outside the tree
            if entry.is_dir(follow_symlinks=False):
                if entry.name.startswith(".") or entry.name in SKIP_DIRS or is_virtualenv(path):
                    continue
                subfolders.append((path, specs))
            elif entry.name.endswith((".py", ".pyw")) and entry.is_file(follow_symlinks=False):
                yield path
        stack.extend(reversed(subfolders))


def _ignored(path: Path, is_dir: bool, specs: list) -> bool:
    for spec, base in specs:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(relative):
            return True
    return False


def _reason(error: BaseException) -> str:
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == 40:
        return "symbolic link loop"
    return getattr(error, "strerror", None) or str(error)
