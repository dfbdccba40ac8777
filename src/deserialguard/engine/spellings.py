"""How code spells imports and calls, read from a file's bytes without parsing it: the modules an import
takes a name from, the names that only ever stand for an outside module, what a method is called on, and
on which line. The demand-driven scan (engine/demand.py) uses them to find the files that can call a
function before it parses them.
"""
from __future__ import annotations

import functools
import re

from deserialguard.engine.prefilter import Quoted, is_identifier_byte


def import_sources(data: bytes, name: str) -> list[str]:
    """The modules the file's import statements take `name` from (`from codec import restore`: codec),
    over lines in parentheses or after backslashes; "" for `import name`."""
    sources = []
    for match in _importing(name).finditer(data):
        head = _IMPORT_HEAD.search(_logical_line_before(data, match.start()))
        if head is not None:
            sources.append((head.group(1) or b"").decode("ascii", "replace"))
    return sources


def _logical_line_before(data: bytes, at: int) -> bytes:
    """The text before `at` on its line, and on the lines it continues with a backslash."""
    start = data.rfind(b"\n", 0, at) + 1
    while start >= 2 and data[start - 2] == 92:      # 92: a backslash ending the line before
        start = data.rfind(b"\n", 0, start - 2) + 1
    return data[start:at]


@functools.lru_cache(maxsize=1024)
def _importing(name: str) -> re.Pattern[bytes]:
    # From the literal `import`, which `re` finds fast; what comes before it on the line is read apart.
    word = re.escape(name.encode())
    return re.compile(rb"import(?:\b(?:[^\n;(]|\\\n)*\b" + word + rb"\b|[ \t]*\([^)]*\b" + word + rb"\b)")


# Space within a logical line: a blank, a tab, or a backslash ending the line.
BLANK = rb"(?:[ \t]|\\\r?\n)"
# What stands before an `import` that starts a statement: nothing but the start of the line, a `;` or a
# `:` (`if TYPE_CHECKING: import codec`), then `from <module>` if it is one.
_IMPORT_HEAD = re.compile(rb"(?:^|[;:])" + BLANK + rb"*(?:from" + BLANK + rb"+([\w.]+)" + BLANK + rb"+)?\Z")


def receiver_root(text: bytes, dot: int) -> bytes | None:
    """The first name of the dotted name before the dot at `dot` (`a` for `a.b.loads`); None when what
    comes before is not a name (a call's result, a subscript, a string)."""
    end = dot
    while True:
        while end > 0 and text[end - 1] in _SPACE:
            end -= 1
        start = end
        while start > 0 and is_identifier_byte(text[start - 1]):
            start -= 1
        if start == end or text[start] in _DIGITS:
            return None
        before = start
        while before > 0 and text[before - 1] in _SPACE:
            before -= 1
        if before == 0 or text[before - 1] != 46:
            return text[start:end]
        end = before - 1


def outside_modules(data: bytes, project_tops: set[str], quoted: Quoted | None = None) -> set[bytes]:
    """The names a file binds only to modules outside the scanned code, by `import json` or `import
    ujson as json`, and uses only before a dot. None at all if a star import could rebind them.
    `quoted`: the file's Quoted, if a search before this one began reading it."""
    if has_star_import(data):
        return set()
    spans, bound = [], set()
    for match in _IMPORT_STATEMENT.finditer(data):
        if data[data.rfind(b"\n", 0, match.start()) + 1:match.start()].strip(b" \t"):
            continue                # `from x import y`, or `import` inside a longer line
        spans.append(match.span())
        for clause in match.group(1).split(b","):
            words = clause.split()
            if len(words) == 1 or len(words) == 3 and words[1] == b"as":
                top = words[0].split(b".")[0]
                if top.decode("ascii", "replace") not in project_tops:
                    bound.add(words[-1] if len(words) == 3 else top)
    quoted = quoted or Quoted(data)         # read only as far as a question asks
    return {name for name in bound if _only_before_a_dot(data, name, spans, quoted)}


def _only_before_a_dot(data: bytes, name: bytes, import_spans: list[tuple[int, int]], quoted: Quoted) -> bool:
    """Every use of the name outside the import statements is `name.attribute` or `from name ...`:
    nothing else (a parameter, an assignment, `except ... as name`) gives it another value. What does not
    give it one either: the name in a comment or a string (`"application/json"`), as a call's keyword
    (`post(url, json=body)`), or renamed by an import (`from x import json as _json`)."""
    for match in _word_not_before_a_dot(name).finditer(data):
        at = match.start()
        if at > 0 and (is_identifier_byte(data[at - 1]) or data[at - 1] == 46):
            continue                # part of a longer name, or an attribute of something else
        if any(start <= at < end for start, end in import_spans) or _FROM_BEFORE.search(data, max(0, at - 16), at):
            continue
        renamed = _RENAMED.match(data, match.end())
        if renamed is not None and renamed.group(1) != name:
            continue
        if at in quoted or _KEYWORD.match(data, match.end()) and _is_call_keyword(data, at, quoted):
            continue
        return False
    return True


def _is_call_keyword(data: bytes, at: int, quoted: Quoted) -> bool:
    """Whether `name=` at `at` names a keyword argument: right after `(` or `,`, inside parentheses that
    are not a `def`'s parameter list, with no `lambda` in between (whose parameters it would be)."""
    before = at
    while before > 0 and data[before - 1] in _SPACE:
        before -= 1
    if before == 0 or data[before - 1] not in b"(,":
        return False
    depth, position = 0, at
    while position > 0:
        position -= 1
        if position in quoted:
            continue
        byte = data[position]
        if byte in b")]}":
            depth += 1
        elif byte in b"([{":
            if depth == 0:
                break
            depth -= 1
    else:
        return False
    if data[position] != 40 or b"lambda" in data[position:at]:     # 40: `(`
        return False
    return _DEF_BEFORE.search(data, max(0, position - 200), position) is None


@functools.lru_cache(maxsize=256)
def _word_not_before_a_dot(name: bytes) -> re.Pattern[bytes]:
    return re.compile(re.escape(name) + rb"\b(?!\s*\.)")


def has_star_import(data: bytes) -> bool:
    return next(_star_imports_at(data), None) is not None


def _star_imports_at(data: bytes):
    # `\bimport` would be many times slower: `re` finds a pattern quickly only when it starts with a literal.
    return (match for match in _STAR_IMPORT.finditer(data)
            if match.start() == 0 or not is_identifier_byte(data[match.start() - 1]))


def has_relative_star_import(data: bytes) -> bool:
    """`from . import *`, `from .codec import *`."""
    return _RELATIVE_STAR_IMPORT.search(data) is not None


def star_imports(data: bytes) -> list[str] | None:
    """The modules the file star-imports, as written (`.codec`); None if some of its star imports are
    not spelled plainly enough to read (`from codec \\` on one line, `import *` on the next)."""
    written = [match.group(1).decode("ascii", "replace") for match in _STAR_IMPORT_FROM.finditer(data)]
    return written if len(written) == sum(1 for _ in _star_imports_at(data)) else None


def line_number(data: bytes, offset: int) -> int:
    """As the parser counts lines: after each \\n, \\r\\n or lone \\r."""
    line = data.count(b"\n", 0, offset) + 1
    if b"\r" in data:
        line += data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset)
    return line


_IMPORT_STATEMENT = re.compile(rb"import[ \t]+([\w. \t,]+)(?:#[^\n]*)?\r?$", re.MULTILINE)
_FROM_BEFORE = re.compile(rb"\bfrom[ \t]+$")
_RENAMED = re.compile(rb"[ \t]+as[ \t]+(\w+)")
_KEYWORD = re.compile(rb"[ \t]*=(?!=)")
_DEF_BEFORE = re.compile(rb"\bdef[ \t]+\w+[ \t]*(?:\[[^\]]*\][ \t]*)?$")       # `def f[T](` too
_SPACE = frozenset(b" \t\r\n\\")
_DIGITS = frozenset(b"0123456789")
_STAR_IMPORT = re.compile(rb"import\s*\*")
_STAR_IMPORT_FROM = re.compile(rb"\bfrom[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*\*")
_RELATIVE_STAR_IMPORT = re.compile(rb"\bfrom\s+\.+\s*import\s*\*")
