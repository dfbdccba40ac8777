"""Which files can matter, decided from their bytes before anything is parsed.

Most files in a large tree hold no deserialization sink. A file is a candidate when it contains the words
of a sink family (catalog.sinks.PREFILTER) and names one of the catalog's sink callables the way a call
to it must: as an attribute (`torch.load`, `yaml.Loader`), imported by name (`from pickle import loads`),
or, for the classes that deserialize, as the end of a subclass's name (`SafeUnpickler`). Only candidates
are parsed and analysed up front. Code in other files joins when the analysis needs it: modules it
imports (loaded when a name resolves into them) and callers of functions that pass a parameter to a sink
(found by searching every file for the function's name), so the findings are those of an exhaustive scan.
"""
from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections import Counter
from typing import Iterable

import ahocorasick_rs

from deserialguard import catalog
from deserialguard.catalog import sinks
from deserialguard.catalog.sinks import PREFILTER


def _last_part(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _callables(family: str) -> list[str]:
    """The last part of the name of every sink of the family, and of every alias for one."""
    apis = {api for api, row in catalog.SINKS.items() if row.family == family}
    return sorted({_last_part(api) for api in apis}
                  | {_last_part(alias) for alias, target in catalog.ALIASES.items() if target in apis},
                  key=len, reverse=True)


def _call_patterns(family: str) -> list[re.Pattern[bytes]]:
    # Each pattern starts with a literal, which `re` finds quickly; one alternation of them all is many
    # times slower.
    word = "|".join(map(re.escape, _callables(family)))
    return [re.compile(pattern.encode()) for pattern in (
        rf"\.\s*(?:{word})\b",                       # module.load, obj.recv_pyobj
        rf"import[^;\n]*?\b(?:{word})\b",            # from pickle import loads as l
        rf"import\s*\([^)]*?\b(?:{word})\b",         # from pickle import (\n    loads,\n)
    )]


# A project subclass of an Unpickler, used in another file, is a sink there: `SafeUnpickler(f).load()`.
_SUBCLASS_PATTERNS = [re.compile(rf"{re.escape(name)}\b".encode())
                      for name in sorted({_last_part(api) for api in sinks.UNPICKLER_CLASSES})]
_UNPICKLER = "Unpickler"     # a word of the pickle family (catalog.sinks.PREFILTER)
_FAMILIES = [(frozenset(_callables(family)), [frozenset(words) for words in alternatives], _call_patterns(family))
             for family, alternatives in PREFILTER.items()]
SINK_CALLABLES = frozenset(name for callables, _, _ in _FAMILIES for name in callables)
_WORDS = sorted({word for _, alternatives, _ in _FAMILIES for words in alternatives for word in words})
_SINK_WORDS = ahocorasick_rs.BytesAhoCorasick([w.encode() for w in _WORDS])


def may_hold_sink(data: bytes) -> bool:
    return bool(sink_callables(data))


def sink_callables(data: bytes) -> set[str]:
    """The last names of the sinks the file may call: those of every family whose words it contains and
    whose callables it spells as a call would. Empty: it holds no sink."""
    found = {_WORDS[index] for index, _, _ in _SINK_WORDS.find_matches_as_indexes(data, overlapping=True)}
    if not found:
        return set()
    names = set()
    for callables, alternatives, patterns in _FAMILIES:
        if any(words <= found for words in alternatives) and any(p.search(data) for p in patterns):
            names |= callables
    if _UNPICKLER in found:
        names |= _unpickler_subclasses(data)
    return names


def _unpickler_subclasses(data: bytes) -> set[str]:
    """Names ending in Unpickler that are longer than it: project subclasses, like `SafeUnpickler`."""
    names = set()
    for pattern in _SUBCLASS_PATTERNS:
        for match in pattern.finditer(data):
            start = match.start()
            while start > 0 and is_identifier_byte(data[start - 1]):
                start -= 1
            if start < match.start():
                names.add(data[start:match.end()].decode("utf-8", "replace"))
    return names


def is_identifier_byte(byte: int) -> bool:
    return byte == 95 or 48 <= byte <= 57 or 65 <= byte <= 90 or 97 <= byte <= 122 or byte >= 128


def strings_and_comments(data: bytes):
    """(start, end) of each comment and string literal but f-strings (their fields are code), in order.
    Read left to right, the first quote or `#` outside these always opens one: the same spans as
    Python's tokenizer gives. Python 3.12's f-strings may nest their own quotes (`f"{d["k"]}"`), which
    this reading takes for a string ending and another beginning; a string right after a name that is no
    string prefix (`k"]}"`) is such a piece, or follows a keyword (`return"x"`): code, to be safe."""
    for match in _STRING_OR_COMMENT.finditer(data):
        start, end = match.span()
        if _is_literal(data, start, end):
            yield start, end


def without_comments(data: bytes) -> bytes:
    """The data with its comments taken out, line for line (a comment holds no line break), and a mark
    (byte 1) after each line break inside a string: a line that begins in a string holds something even
    when blank, as it does in the string's value. A piece strings_and_comments() would call code (an
    f-string, a type name) is marked as a string: it only keeps more lines."""
    return _STRING_OR_COMMENT.sub(_without_comment, data)


def _without_comment(match: re.Match) -> bytes:
    text = match.group()
    return b"" if text[0] == 35 else text.replace(b"\n", b"\n\x01")        # 35: `#`


def _is_literal(data: bytes, start: int, end: int) -> bool:
    """Whether a piece _STRING_OR_COMMENT read is a comment or a string literal (see
    strings_and_comments()). Whatever the answer, the reading goes on after the piece."""
    return not (names_a_type(data[start:end]) or _is_f_string(data, start) or _after_a_name(data, start))


def names_a_type(literal: bytes) -> bool:
    """A string annotation (`x: "Holder"`, `"dict[str, Holder] | None"`): code, for our purposes."""
    return _TYPE_NAME.fullmatch(literal) is not None


def _after_a_name(data: bytes, quote: int) -> bool:
    if data[quote] == 35 or quote == 0 or not is_identifier_byte(data[quote - 1]):    # 35: a comment's #
        return False
    start = quote
    while start > 0 and is_identifier_byte(data[start - 1]):
        start -= 1
    return data[start:quote].lower() not in _STRING_PREFIXES


_STRING_PREFIXES = frozenset({b"r", b"u", b"b", b"br", b"rb"})


def _is_f_string(data: bytes, quote: int) -> bool:
    prefix = data[max(0, quote - 2):quote].lower()
    return prefix[-1:] == b"f" or prefix in (b"fr", b"rf")


_STRING_OR_COMMENT = re.compile(
    rb'''#[^\r\n]*'''
    rb'''|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'''
    rb"""|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"""
    rb'''|"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"'''
    rb"""|'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'""", re.DOTALL)
_TYPE_NAME = re.compile(rb"""(["'])[\w.\[\]]+(?:[ \t]*[|,][ \t]*[\w.\[\]]+)*\1""")
_AFTER_ALL = 1 << 62


class Quoted:
    """Whether an offset is in a comment or a string literal (see strings_and_comments()), reading the
    file only as far as asked (most files settle the question at their first occurrence of a name), and
    asking only of the piece that holds the offset whether it is a literal."""

    def __init__(self, data: bytes):
        self._data = data
        self._unread = _STRING_OR_COMMENT.finditer(data)
        self._starts = array("q")           # a scan keeps one for every file it searches: not lists of ints
        self._ends = array("q")
        self._last_start = -1

    def __contains__(self, at: int) -> bool:
        while self._last_start <= at:
            match = next(self._unread, None)
            if match is None:
                self._last_start = _AFTER_ALL
                break
            self._last_start, end = match.span()
            self._starts.append(self._last_start)
            self._ends.append(end)
        index = bisect.bisect_right(self._starts, at) - 1
        return index >= 0 and at < self._ends[index] and _is_literal(self._data, self._starts[index], self._ends[index])


@functools.lru_cache(maxsize=1024)
def _matcher(names: tuple[str, ...]):
    """One automaton per set of names: the scan of each group asks for the same few sets again and again,
    and building one took as long as the rest of a small file's scan."""
    return ahocorasick_rs.BytesAhoCorasick([name.encode() for name in names]) if names else None


class Words:
    """Finds any of a set of names as whole words in a file's bytes, anywhere or in code only. A name may
    start with a dot (`.check`: a method, called on something). Code that calls or passes on a function
    named `check` spells `check`, not `checkpoint`."""

    def __init__(self, names: Iterable[str]):
        self._names = sorted(set(names))
        self._matcher = _matcher(tuple(self._names))

    def in_bytes(self, data: bytes) -> bool:
        return next(self.starts(data), None) is not None

    def starts(self, data: bytes):
        """Where the names occur in the bytes, as whole words."""
        return (start for _, start in self._matches(data))

    def found(self, data: bytes) -> set[str]:
        """The names that occur in the bytes, as whole words."""
        return {self._names[index] for index, _ in self._matches(data)}

    def counts(self, data: bytes) -> Counter:
        """How often each name occurs in the bytes, as a whole word."""
        return Counter(self._names[index] for index, _ in self._matches(data))

    def starts_in_code(self, data: bytes, quoted: Quoted | None = None):
        """Where the names occur in code, in order: not in comments, nor in strings other than type names
        (`x: "Holder"`). Docstrings show calls that the code does not make (`>>> Model.load(...)`).
        `quoted`: the file's Quoted, if a search before this one began reading it."""
        return (start for _, start in self._matches_in_code(data, quoted))

    def found_in_code(self, data: bytes, quoted: Quoted | None = None) -> set[str]:
        """The names that occur in code (see starts_in_code())."""
        return {self._names[index] for index, _ in self._matches_in_code(data, quoted)}

    def _matches_in_code(self, data: bytes, quoted: Quoted | None):
        quoted = quoted or Quoted(data)
        for index, start in sorted(set(self._matches(data)), key=lambda match: match[1]):
            if start not in quoted:
                yield index, start

    def _matches(self, data: bytes):
        """(index of the name, start) of each whole-word occurrence."""
        if self._matcher is None:
            return
        end_of_data = len(data)
        for index, start, end in self._matcher.find_matches_as_indexes(data, overlapping=True):
            if (start == 0 or data[start] == 46 or not is_identifier_byte(data[start - 1])) and \
                    (end == end_of_data or not is_identifier_byte(data[end])):
                yield index, start

