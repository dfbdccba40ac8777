"""What a demand-driven scan read of each file it parsed, so that an edit to the rest keeps its result.

A scan parses many files only to resolve names (a module that code it analyses imports), and reads few
of their function bodies. An edit inside a body the scan did not read cannot alter its findings if the
edit leaves alone all that the scan did read: the code outside those bodies (top-level code, classes,
signatures, the bodies it analysed; comments and blank lines mean nothing to it) and the facts it takes
from the whole file (its definitions and imports, the names its top-level code binds, which sinks it
spells, the attributes each method reads and stores, the names it binds only to outside modules). A
Reading records the lines of code read, in order, and one digest of their text and of those facts.
After an edit, engine/cache.py reads the file again the same way: the same digest means the same
findings, each line of code they show renumbered to where it stands now.

A body counts as read when the analysis computed the function's summary or looked into it otherwise
(Engine.read_bodies: code that walks a function's body, other than to summarise it, must add it there).
The unread text must spell in code no sink and no name the scan searched callers of: then the caller
search and the choice of functions find nothing in it, before and after (in strings and comments, only
searches of the whole file's bytes see such names, and their answers are among the facts).

A function defined at the top of the module, undecorated, holding no class, writing no shared state (where
the scan asked), whose body the scan did not read, is idle: the scan learnt nothing from it but its name
(top-level code does not run a `def`'s defaults or annotations: engine/flow.py). Its whole text, signature
included, is left out of the reading, and its name noted apart: adding one, removing one or editing one
keeps the result, as long as no code of the group spells the name of one added or removed (engine/cache.py
asks): a call of it would resolve differently. The usual edit, a new function, then costs a parse of one
file, not a group's scan.
"""
from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from deserialguard.engine import prefilter
from deserialguard.engine.bodies import body_start
from deserialguard.engine.demand import (attributes_in, self_attributes, shared_state_writes, shared_state_written,
                                         sink_aliases)
from deserialguard.engine.parse import display_path, parse_file
from deserialguard.engine.project import FunctionInfo, ModuleInfo, Project, first_line
from deserialguard.engine.spellings import (has_relative_star_import, has_star_import, import_sources, outside_modules,
                                            star_imports)
from deserialguard.findings import ScanError

ATTRIBUTES = "attributes"       # the scan asked which attributes each method reads and stores
OUTSIDE = "outside"             # the scan asked which names the file binds only to outside modules


@dataclass
class Reading:
    lines: list[int]                    # the lines read that hold code (not only a comment), in order
    unread: list[int]                   # positions in kept_functions() of the bodies not read
    uses: list[str]                     # the facts above the scan asked of this file
    digest: str
    idle: list[str]                     # the names of the idle functions (see above), sorted
    read_top: list[str]                 # names of functions that would be idle had the scan not read them

    def to_json(self) -> list:
        runs = []                       # [first, count, first, count, ...]: far shorter than every number
        for line in self.lines:
            if runs and runs[-2] + runs[-1] == line:
                runs[-1] += 1
            else:
                runs += [line, 1]
        return [runs, self.unread, self.uses, self.digest, self.idle, self.read_top]

    @classmethod
    def from_json(cls, stored: list) -> "Reading":
        runs, unread, uses, digest, idle, read_top = stored
        lines = [line for first, count in zip(runs[::2], runs[1::2]) for line in range(first, first + count)]
        return cls(lines, list(unread), list(uses), digest, sorted(idle), list(read_top))


class Searches:
    """What a group's scan searched files for: sinks, and the names whose callers it looked for (see
    engine/demand.py); with the first parts of the group's module names (outside_modules() asks)."""

    def __init__(self, searched: set[str], tops: set[str]):
        self.words = prefilter.Words(prefilter.SINK_CALLABLES | searched)
        self.named = prefilter.Words(searched)
        self.tops = tops


def reading_of(module: ModuleInfo, data: bytes, read: set[FunctionInfo], classes: list[str], callables: set[str],
               searches: Searches, uses: list[str]) -> Reading | None:
    """How the scan read the module (`classes`: the qualified names of the module's classes;
    `callables`: prefilter.sink_callables(data)); None if the text it did not read spells a sink or a
    searched name in code (the searches would find it there: such a file is scanned again after any
    edit)."""
    candidates = idle_candidates(module, classes, uses)
    holding_read = set(_enclosing([f for f in module.every_function if f in read], candidates))
    idle = [f for index, f in enumerate(candidates) if index not in holding_read]
    read_top = sorted({f.name for f in candidates} - {f.name for f in idle})
    kept = kept_functions(module, idle)
    unread = [index for index, function in enumerate(kept) if function not in read]
    return _reading(module, data, kept, unread, idle, read_top, classes, callables, searches, uses)


def reread(path: Path, data: bytes, before: Reading,
           searches: Searches) -> tuple[Reading, dict[int, int], list[str]] | None:
    """After an edit, the file's reading now, where each line of code the scan read now stands (old line
    -> new line), and the file's lines now; None if the scan could read something else in the file."""
    parsed = parse_file(path, display_path(path), data)
    if isinstance(parsed, ScanError):
        return None
    project = Project()
    module = project.add(parsed)
    classes = [cls.qualname for cls in project.classes]
    idle = [f for f in idle_candidates(module, classes, before.uses) if f.name not in before.read_top]
    kept = kept_functions(module, idle)
    if len(kept) <= max(before.unread, default=-1):
        return None
    after = _reading(module, data, kept, before.unread, idle, before.read_top, classes,
                     prefilter.sink_callables(data), searches, before.uses)
    if after is None or after.digest != before.digest:
        return None
    return after, dict(zip(before.lines, after.lines)), module.parsed.lines


def idle_candidates(module: ModuleInfo, classes: list[str], uses: list[str]) -> list[FunctionInfo]:
    """The functions that are idle if the scan did not read them (see above), in order. What a function
    writes of shared state matters only where the scan asked (ATTRIBUTES: in a module whose functions
    it chose from, engine/demand.py); elsewhere the module's facts leave it out too."""
    top = {id(node) for node in module.tree.body}
    found = [f for f in module.every_function
             if f.parent is None and f.cls is None and id(f.node) in top and not f.node.decorator_list]
    if not found:
        return []
    writes = shared_state_writes(module) if ATTRIBUTES in uses else []
    holders = sorted(classes)
    return [f for f in found if not shared_state_written(f, writes) and not _holds(holders, f.qualname + ".")]


def kept_functions(module: ModuleInfo, idle: list[FunctionInfo]) -> list[FunctionInfo]:
    """The module's functions but the idle ones and those they hold: a reading's `unread` counts in these."""
    if not idle:
        return module.every_function
    functions = module.every_function
    return [f for f, outer in zip(functions, _enclosing(functions, idle)) if outer is None]


def _enclosing(functions: list[FunctionInfo], outer: list[FunctionInfo]) -> list[int | None]:
    """For each function, the index in `outer` (top-level functions) of the one it is or is defined in."""
    spans = sorted((f.node.lineno, f.node.end_lineno, index) for index, f in enumerate(outer))   # no overlaps
    starts = [start for start, _, _ in spans]
    found = []
    for function in functions:
        at = bisect.bisect_right(starts, function.node.lineno) - 1
        found.append(spans[at][2] if at >= 0 and function.node.lineno <= spans[at][1] else None)
    return found


def _holds(sorted_names: list[str], prefix: str) -> bool:
    """Whether a name in `sorted_names` starts with `prefix`."""
    after = bisect.bisect_left(sorted_names, prefix)
    return after < len(sorted_names) and sorted_names[after].startswith(prefix)


def _reading(module: ModuleInfo, data: bytes, kept: list[FunctionInfo], unread: list[int], idle: list[FunctionInfo],
             read_top: list[str], classes: list[str], callables: set[str], searches: Searches,
             uses: list[str]) -> Reading | None:
    lines = module.parsed.lines
    bodies = _blank_spans(module, kept, unread, classes)
    blanks = _outermost(bodies + [(first_line(f.node), f.node.end_lineno) for f in idle])
    body = module.tree.body
    last = body[-1].end_lineno if body else 0
    # The spans of code read, in order, and a mark (None) where a body was left out: a body that moves
    # changes the reading. An idle function leaves no mark: a whole top-level statement is gone.
    regions, unread_text, line = [], [], 1
    left_out = set(bodies)
    for start, end in blanks:
        if start > line:
            regions.append((line, start - 1))
        if (start, end) in left_out:
            regions.append(None)
        unread_text += lines[start - 1:end]
        line = end + 1
    if last >= line:
        regions.append((line, last))
    unread_text += lines[last:]                     # comments and blank lines after the last statement
    text = "\n".join(unread_text).encode("utf-8", "surrogatepass")
    if _spells_in_code(searches.words, text) or _spells_in_code(callables | sink_aliases(module), text):
        return None
    digest, read = hashlib.sha256(), []
    for region in regions:
        if region is None:
            digest.update(b"\x00")
            continue
        for number, code in _code_lines(lines, *region):
            digest.update(code + b"\n")
            read.append(number)
    facts = _facts(module, data, kept, unread, bodies, callables, searches, uses)
    digest.update(json.dumps(facts, sort_keys=True, default=sorted).encode())
    return Reading(read, unread, uses, digest.hexdigest(), sorted(f.name for f in idle), read_top)


def _code_lines(lines: list[str], start: int, end: int) -> list[tuple[int, bytes]]:
    """(number, text without its comment) of each line from start to end that holds code, or that begins
    inside a string (a blank line in a docstring is part of its value). Comments and blank lines elsewhere
    mean nothing to the analysis: an edit to them keeps the result, the lines after them renumbered."""
    text = "\n".join(lines[start - 1:end]).encode("utf-8", "surrogatepass")
    if b"#" in text or b"'" in text or b'"' in text:        # else no comment and no string: as it is
        text = prefilter.without_comments(text)
    return [(number, code) for number, code in enumerate((line.rstrip() for line in text.split(b"\n")), start)
            if code]


def _blank_spans(module: ModuleInfo, functions: list[FunctionInfo], unread: list[int],
                 classes: list[str]) -> list[tuple[int, int]]:
    """The line spans of the unread bodies among `functions`, outermost only, in order. A body stays in
    the text read if it holds a body that was read or a class (its name, bases and methods are the
    project's), or if it begins on its header's line."""
    blank = {index for index in unread if _body_on_own_lines(module, functions[index])}
    kept = sorted([f.qualname + "." for index, f in enumerate(functions) if index not in blank]
                  + [name + "." for name in classes])
    spans = []
    for index in blank:
        function = functions[index]
        # the names of what it holds begin with its own and a dot, and sort right after it
        if not _holds(kept, function.qualname + "."):
            spans.append((body_start(function.node)[0], function.node.end_lineno))
    return _outermost(spans)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    outermost = []
    for start, end in sorted(spans):
        if not outermost or start > outermost[-1][1]:
            outermost.append((start, end))
    return outermost


def _body_on_own_lines(module: ModuleInfo, function: FunctionInfo) -> bool:
    number, column = body_start(function.node)
    line = module.parsed.lines[number - 1]
    if line.lstrip().startswith("@"):           # a decorated definition: on a line of its own
        return True
    before = line[:column] if line.isascii() else line.encode("utf-8", "surrogatepass")[:column]
    return not before.strip()      # col_offset counts bytes


def _spells_in_code(words: prefilter.Words | set[str], text: bytes) -> bool:
    """In code: in a string or a comment, the searches find a name only when they read the file's bytes
    whole, and what they find so is among the facts."""
    if isinstance(words, set):
        if not words:
            return False
        words = prefilter.Words(words)
    return next(words.starts_in_code(text), None) is not None


def _facts(module: ModuleInfo, data: bytes, kept: list[FunctionInfo], unread: list[int], blanks: list,
           callables: set[str], searches: Searches, uses: list[str]) -> list:
    """What the scan learns of the file from more than the lines it reads, or from the whole of it (of
    its functions, those not idle)."""
    prefix = len(module.name) + 1
    named = searches.named.found(data)          # in bytes: a caller search's first question
    stars = has_star_import(data)
    facts = [[f.qualname[prefix:] for f in kept], unread, len(blanks),
             module.imports, module.star_imports, module.imported_roots, module.assigned, callables,
             stars and [has_relative_star_import(data), star_imports(data)],
             named, {name: import_sources(data, name) for name in named}]
    if ATTRIBUTES in uses:
        attributes, writes = self_attributes(module), shared_state_writes(module)
        facts.append([[attributes_in(attributes, f.node, store=False), attributes_in(attributes, f.node, store=True),
                       shared_state_written(f, writes)] for f in kept])
    if OUTSIDE in uses:
        facts.append(sorted(name.decode("utf-8", "replace") for name in outside_modules(data, searches.tops)))
    return facts
