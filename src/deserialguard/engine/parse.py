"""Read a file as Python source text and parse it, never importing it; bad input becomes a ScanError."""
from __future__ import annotations

import ast
import io
import os
import re
import tokenize
import warnings
from dataclasses import dataclass
from pathlib import Path

from deserialguard.findings import ScanError

MAX_BYTES = 8 * 1024 * 1024     # larger files are generated data, not code worth the parse


@dataclass
class Parsed:
    path: Path
    display: str
    lines: list[str]
    tree: ast.Module


def read_bytes(path: Path | str, display: str | None = None) -> bytes | ScanError:
    """The file's bytes, or an error naming it (`display`; display_path(path) if None: worked out only
    then, a scan reads thousands of files). One open, one fstat, one read."""
    try:
        with open(path, "rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size <= MAX_BYTES:
                return handle.readall()
            problem = f"file too large to analyse ({size} bytes, limit {MAX_BYTES})"
    except OSError as error:
        problem = f"cannot be read: {error.strerror or error}"
    return ScanError(display or display_path(path), problem)


def read_source(path: Path, display: str) -> str | ScanError:
    data = read_bytes(path, display)
    return data if isinstance(data, ScanError) else decode_source(data, display)


def decode_source(data: bytes, display: str) -> str | ScanError:
    if b"\x00" in data:
        return ScanError(display, "binary file (contains NUL bytes), not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except LookupError as error:
        return ScanError(display, f"unknown source encoding: {error}")
    except SyntaxError:
        return ScanError(display, "not valid UTF-8 text and no encoding declaration (PEP 263): "
                                  "wrong encoding, or not a text file")
    except UnicodeDecodeError as error:
        return ScanError(display, f"not valid {error.encoding} text at byte {error.start} "
                                  "(wrong encoding, or not a text file)")
    return text[1:] if text.startswith("\ufeff") else text


def parse_source(text: str, path: Path, display: str) -> Parsed | ScanError:
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
    return Parsed(path, display, source_lines(text), tree)


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
    text = read_source(path, display) if data is None else decode_source(data, display)
    return text if isinstance(text, ScanError) else parse_source(text, path, display)


def display_path(path: Path | str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative
