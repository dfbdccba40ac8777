"""Read a file as Python source text and parse it, never importing it; bad input becomes a ScanError."""
from __future__ import annotations

import ast
import codecs
import errno
import os
import re
import stat
import warnings
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from deserialguard.findings import ScanError

MAX_BYTES = 8 * 1024 * 1024     # larger files are generated data, not code worth the parse


@dataclass
class Parsed:
    path: Path
    display: str
    lines: Sequence[str]            # as the parser numbers them: a list, or Lines
    tree: ast.Module


class Lines(Sequence):
    """A file's lines, read from its UTF-8 bytes when asked. One str per line of every module a large scan
    parses took as much memory as what was left of their syntax trees once their bodies were let go
    (engine/bodies.py); the bytes are those the scan read, kept anyway."""
    __slots__ = ("data", "ends", "count")

    def __init__(self, data: bytes):
        """`data`: UTF-8 without a byte order mark or a carriage return (lines end at \\n only)."""
        self.data = data
        self.ends = array("I", [0])             # line i is data[ends[i] + i:ends[i + 1] + i]
        self.ends.extend(accumulate(map(len, data.split(b"\n"))))
        self.count = len(self.ends) - 1 - (data.endswith(b"\n") or not data)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count)
            if step != 1 or start >= stop:
                return [self[i] for i in range(start, stop, step)]
            return self.data[self.ends[start] + start:self.ends[stop] + stop - 1].decode("utf-8").split("\n")
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError("line number out of range")
        return self.data[self.ends[index] + index:self.ends[index + 1] + index].decode("utf-8")

    def __iter__(self):
        return iter(self[:])


def read_bytes(path: Path | str, display: str | None = None, regular_only: bool = False) -> bytes | ScanError:
    """The file's bytes, or an error naming it (`display`; display_path(path) if None: worked out only
    then, a scan reads thousands of files). One open, one fstat, one read. `regular_only`: refuse
    anything but a regular file, opened without blocking (a FIFO found in a tree must not stall the
    scan); else a pipe or a device, named on the command line, is read up to the size limit."""
    try:
        with open(path, "rb", buffering=0, opener=_without_blocking if regular_only else None) as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISREG(status.st_mode):
                if status.st_size <= MAX_BYTES:
                    return handle.readall()
                problem = _too_large(status.st_size)
            elif regular_only:
                problem = "not a regular file"
            else:
                data = _read_at_most(handle, MAX_BYTES + 1)
                if len(data) <= MAX_BYTES:
                    return data
                problem = _too_large(None)
    except OSError as error:
        problem = f"cannot be read: {os_problem(error, path)}"
    return ScanError(display or display_path(path), problem)


def _too_large(size: int | None) -> str:
    """Why a file over MAX_BYTES is not analysed (`size` None: unknown, a pipe)."""
    return (f"file too large to analyse ({'more than ' if size is None else ''}{size or MAX_BYTES:,} bytes; "
            f"the limit is {MAX_BYTES >> 20} MiB a file)")


def os_problem(error: BaseException, path: Path | str) -> str:
    """What an error of the operating system means for a path: a broken link says where it leads."""
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:   # RuntimeError: Path.resolve()
        return "symbolic link loop"
    if getattr(error, "errno", None) == errno.ENOENT and os.path.islink(path):
        try:
            return f"broken symbolic link (to {os.readlink(path)!r})"
        except OSError:
            return "broken symbolic link"
    return getattr(error, "strerror", None) or str(error)


def _without_blocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def _read_at_most(handle, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit and (chunk := handle.read(limit - size)):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode_source(data: bytes, display: str) -> str | ScanError:
    """The text, decoded as Python would (PEP 263), or an error saying what is wrong with the encoding."""
    if b"\x00" in data:
        return ScanError(display, "binary file (contains NUL bytes), not Python source")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if bom else data
    declared = coding_declaration(body)
    problem = _declaration_problem(declared, bom) if declared else None
    if problem:
        return ScanError(display, problem)
    try:
        text = body.decode(_normal_name(declared.name) if declared else "utf-8")
    except UnicodeError as error:
        return ScanError(display, _decoding_problem(body, error, declared, bom))
    return text[1:] if text.startswith("\ufeff") else text


@dataclass
class Declaration:
    name: str           # as written
    line: int


# PEP 263 as CPython reads it: in the bytes of line 1, or of line 2 after a blank or comment-only line 1.
# tokenize.detect_encoding() also insists those lines are UTF-8, and refuses files CPython compiles.
_CODING = re.compile(rb"[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
_BLANK = re.compile(rb"[ \t\f]*(?:[#\r\n]|$)", re.ASCII)


def coding_declaration(data: bytes) -> Declaration | None:
    """The encoding declaration of source bytes (without a byte order mark), if there is one."""
    start = 0
    for number in (1, 2):
        end = data.find(b"\n", start)
        line = data[start:] if end < 0 else data[start:end + 1]
        found = _CODING.match(line)
        if found:
            return Declaration(found.group(1).decode("ascii"), number)
        if end < 0 or not _BLANK.match(line):
            return None
        start = end + 1
    return None


def _normal_name(name: str) -> str:
    """As CPython's tokenizer spells the name before it looks the codec up: `utf-8-foo` is UTF-8."""
    lowered = name[:12].lower().replace("_", "-")
    if lowered == "utf-8" or lowered.startswith("utf-8-"):
        return "utf-8"
    if lowered in ("latin-1", "iso-8859-1", "iso-latin-1") or lowered.startswith(("latin-1-", "iso-8859-1-",
                                                                                   "iso-latin-1-")):
        return "iso-8859-1"
    return name


def _declaration_problem(declared: Declaration, bom: bool) -> str | None:
    """In the order CPython checks: the BOM (by name: `utf8` is not `utf-8` there), then the codec."""
    name, where = repr(declared.name[:80]), f"(line {declared.line})"
    encoding = _normal_name(declared.name)
    if bom and encoding != "utf-8":
        return f"UTF-8 BOM contradicts coding declaration {name} {where}"
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        return f"unknown encoding {name} in coding declaration {where}"
    if not getattr(codec, "_is_text_encoding", True):    # what bytes.decode() refuses: rot13, base64, zlib
        return f"encoding {name} in coding declaration {where} is not a text encoding"
    return None


def _decoding_problem(body: bytes, error: UnicodeError, declared: Declaration | None, bom: bool) -> str:
    if not isinstance(error, UnicodeDecodeError):     # a codec that refuses every input: 'undefined'
        return f"cannot be decoded as {declared.name[:80]!r}, the encoding its coding declaration " \
               f"(line {declared.line}) names: {error}"
    line = body.count(b"\n", 0, error.start) + 1
    where = f"at line {line} (byte {error.start + (len(codecs.BOM_UTF8) if bom else 0)})"
    if declared:
        return f"not valid {declared.name[:80]!r} text {where}, the encoding its coding declaration " \
               f"(line {declared.line}) names"
    if bom:
        return f"not valid UTF-8 text {where}, though it starts with a UTF-8 BOM"
    return f"not valid UTF-8 text {where} and no encoding declaration (PEP 263): wrong encoding, or not a text file"


def parse_source(text: str, path: Path, display: str, data: bytes | None = None) -> Parsed | ScanError:
    """`data`: the bytes `text` was decoded from, if at hand (see lines_of())."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # invalid escape sequences in the scanned code are not ours
            tree = ast.parse(text, filename=display)
    except SyntaxError as error:
        where = f"line {error.lineno}" + (f", column {error.offset}" if error.offset else "")
        return ScanError(display, f"syntax error at {where}: {error.msg}")
    except (RecursionError, MemoryError):
        return ScanError(display, "too deeply nested for the parser")
    except ValueError as error:
        return ScanError(display, f"cannot be parsed: {error}")
    return Parsed(path, display, lines_of(text, data), tree)


def lines_of(text: str, data: bytes | None) -> Sequence[str]:
    """The text's lines: as Lines where they can be read from its bytes as they are (UTF-8, lines
    ending at \\n alone), else a list."""
    if data is not None and b"\r" not in data and text.encode("utf-8") == data:
        return Lines(data)
    return source_lines(text)


_LINE_BREAK = re.compile("\r\n|\r|\n")
_LINE_WITH_BREAK = re.compile("[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\\Z")
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"     # where str.splitlines() also breaks


def source_lines(text: str, keepends: bool = False) -> list[str]:
    r"""The lines as the parser numbers them: str.splitlines() also breaks at form feeds (page breaks in
    old code), \x1c to \x1e, \x85 and \u2028, which would put every later line's text under the wrong
    number. Texts that hold none of those, nearly all, it splits still: twice as fast as the regex.
    `keepends`: each line with its line break, as str.splitlines(keepends=True) gives them."""
    if not any(other in text for other in _OTHER_BREAKS):      # each `in`: one fast scan
        return text.splitlines(keepends)
    if keepends:
        return _LINE_WITH_BREAK.findall(text)
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def parse_file(path: Path, display: str, data: bytes | None = None) -> Parsed | ScanError:
    if data is None:
        data = read_bytes(path, display)
        if isinstance(data, ScanError):
            return data
    text = decode_source(data, display)
    return text if isinstance(text, ScanError) else parse_source(text, path, display, data)


def display_path(path: Path | str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative
