"""The parts of a tree that cannot reach one another's code, found from the files' import statements.

The analysis goes from one module into another only through an import: engine/flow.py and project.py
resolve no other name into the scanned code (a name a module neither binds nor imports is a builtin, or
a NameError). Files whose imports never meet, directly or through other files, share no flow, and a
demand-driven scan of each part finds what a scan of the whole finds. Scanning them apart also spares each
part the search for callers of the other parts' functions (a method named `load` elsewhere), and lets them
run side by side.

An import is read from the text, wherever it stands (in a function, under `if TYPE_CHECKING:`, even in a
docstring's example): reading too many only joins parts that could have stayed apart. It joins the file
with the module the analysis would take for each name it imports, and for each package on the way
(`import a.b.c`: a, a.b, a.b.c), chosen as engine/project.py chooses among modules of the same name: the
one nearest the importing file, all of them on a tie.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import re
from pathlib import Path
from typing import NamedTuple

from deserialguard.engine.project import Project, absolute_import, nearest
from deserialguard.engine.spellings import BLANK


class ModuleFiles(NamedTuple):
    """Where the modules of `paths` are: module name -> the positions of the files of that name; and the
    positions of the few files only some importers can take (project.importable: script folders)."""
    by_name: dict[str, list[int]]
    restricted: frozenset[int]


def module_files(paths: list[Path], project: Project) -> ModuleFiles:
    by_name: dict[str, list[int]] = {}
    for index, path in enumerate(paths):
        by_name.setdefault(project.module_name(path)[0], []).append(index)
    return ModuleFiles(by_name, frozenset(index for index, path in enumerate(paths)
                                          if project.script_root(path) is not None))


def import_targets(index: int, imported: set[str], where: ModuleFiles, paths: list[Path],
                   project: Project) -> list[int]:
    """The positions of the files that the imports of file `index` (what file_imports() says) join it to."""
    by_name, restricted = where
    return [target for name in imported for target in _chosen(by_name.get(name, ()), index, paths, project, restricted)]


def joined_groups(paths: list[Path], targets: list[list[int]]) -> list[list[Path]]:
    """The files in groups, each file with the files import_targets() gives it: in the order of `paths`,
    the groups by their first file."""
    parent = list(range(len(paths)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for index, joined in enumerate(targets):
        for target in joined:
            parent[root(target)] = root(index)
    groups: dict[int, list[Path]] = {}
    for index, path in enumerate(paths):
        groups.setdefault(root(index), []).append(path)
    return list(groups.values())


def file_imports(data: bytes, path: Path, project: Project) -> set[str]:
    """The module names that join the file to others: those it imports, and the packages it belongs to
    (Python runs them first: a/__init__.py for a.b)."""
    name, is_package = project.module_name(path)
    return imported_modules(data, name, is_package) | (_prefixes(name) - {name})


def imports_digest(imports: set[str]) -> str:
    """A short fingerprint of what file_imports() says of a file: while it stays, so do the groups."""
    return hashlib.sha256("\n".join(sorted(imports)).encode()).hexdigest()[:16]


def imported_modules(data: bytes, name: str, is_package: bool) -> set[str]:
    """Every module name the file's imports can resolve into: each dotted prefix of what `import` and
    `from ... import` name, and for `from m import x`, m.x too (x may be a submodule)."""
    found, starts, ends = set(), [], []
    for match in _FROM_IMPORT.finditer(data):
        source, imported = match.groups()
        relative = source.startswith(b".")
        found |= _from_import_modules(source, imported, name if relative else "", relative and is_package)
        starts.append(match.start())
        ends.append(match.end())
    for match in _IMPORT.finditer(data):
        before = bisect.bisect_right(starts, match.start()) - 1
        if before < 0 or match.start() >= ends[before]:         # not the `import` of a `from` statement
            found |= _import_modules(match.group(1))
    return found


# The same import lines recur in file after file (`from typing import Any`): each is read once. What a
# relative one names depends on the importing module, part of the key.
@functools.lru_cache(maxsize=1 << 16)
def _from_import_modules(source: bytes, imported: bytes, name: str, is_package: bool) -> frozenset[str]:
    level = len(source) - len(source.lstrip(b"."))
    base = absolute_import(name, is_package, source[level:].decode("ascii", "replace") or None, level)
    if not base:
        return frozenset()
    return frozenset(_prefixes(base) | {f"{base}.{clause}" for clause in _clauses(imported)})


@functools.lru_cache(maxsize=1 << 16)
def _import_modules(names: bytes) -> frozenset[str]:
    return frozenset(prefix for clause in _clauses(names) for prefix in _prefixes(clause))


def _clauses(names: bytes) -> list[str]:
    """The first word of each comma-separated clause: `a.b as c, (d as e)` -> a.b, d."""
    names = _COMMENT.sub(b"", names.replace(b"\\\r\n", b" ").replace(b"\\\n", b" ")).strip(b"() \t\r\n")
    words = (clause.split() for clause in names.split(b","))
    return [clause[0].decode("ascii", "replace") for clause in words if clause]


def _prefixes(dotted: str) -> set[str]:
    parts = dotted.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


def _chosen(candidates: list[int], importer: int, paths: list[Path], project: Project,
            restricted: frozenset[int]) -> list[int]:
    """The files of one module name the analysis may take for an import in `importer`."""
    if candidates and not restricted.isdisjoint(candidates):
        candidates = [index for index in candidates
                      if index not in restricted or project.importable(paths[index], paths[importer])]
    if len(candidates) <= 1:
        return candidates
    here = project.real_folder(paths[importer])
    return [candidates[i] for i in nearest(here, [project.real_folder(paths[index]) for index in candidates])]


# Each starts with a literal, which `re` finds fast. Read anywhere (a docstring's example too): a line
# taken for an import by mistake only joins groups that could have stayed apart.
_FROM_IMPORT = re.compile(rb"from" + BLANK + rb"+(\.*[\w.]*)" + BLANK + rb"+import" + BLANK
                          + rb"*(\([^)]*\)|(?:[^\n;\\]|\\\r?\n)*)")
_IMPORT = re.compile(rb"import" + BLANK + rb"+((?:[\w. \t,]|\\\r?\n)+)")
_COMMENT = re.compile(rb"#[^\n]*")
