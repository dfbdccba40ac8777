"""A file the scan cannot analyse is listed with the reason that is true of it (issue 20, item 6): what is
wrong with its encoding, a symbolic link that leads nowhere or in a loop (inside a folder walked or
named on the command line, never exit 2 for the whole run), or the size limit."""
from __future__ import annotations

import ast
import codecs
import encodings
import encodings.aliases
import os
import pkgutil
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from deserialguard.engine import scan_paths  # noqa: E402
from deserialguard.engine.parse import MAX_BYTES, decode_source  # noqa: E402
from deserialguard.findings import ScanError  # noqa: E402
from test_engine_inputs import VULNERABLE, reports, shows_error, sinks, write  # noqa: E402

BOM = codecs.BOM_UTF8
NO_DECLARATION = "no encoding declaration"


def reason(data: bytes) -> str:
    decoded = decode_source(data, "m.py")
    assert isinstance(decoded, ScanError), decoded
    return decoded.reason


# --- encodings ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, expected", [
    (b"# coding: foo\nx = 1\n", "unknown encoding 'foo' in coding declaration (line 1)"),
    (b"#!/usr/bin/env python\n# -*- coding: klingon -*-\n",
     "unknown encoding 'klingon' in coding declaration (line 2)"),
    (BOM + b"# coding: latin-1\nx = 1\n", "UTF-8 BOM contradicts coding declaration 'latin-1' (line 1)"),
    (BOM + b"\n# vim: set fileencoding=cp1252 :\n", "UTF-8 BOM contradicts coding declaration 'cp1252' (line 2)"),
    (b"# coding: rot13\nx = 1\n", "encoding 'rot13' in coding declaration (line 1) is not a text encoding"),
    (b"# coding: undefined\nx = 1\n",
     "cannot be decoded as 'undefined', the encoding its coding declaration (line 1) names"),
    (b"# coding: ascii\n\nx = '\xe9'\n",
     "not valid 'ascii' text at line 3 (byte 22), the encoding its coding declaration (line 1) names"),
    (BOM + b"\n\nx = '\xe9'\n", "not valid UTF-8 text at line 3 (byte 10), though it starts with a UTF-8 BOM"),
    (b"x = 1\ny = '\xe9t\xe9'\n", "not valid UTF-8 text at line 2 (byte 11) and no encoding declaration (PEP 263)"),
    (b"x = 1\n# coding: latin-1\ny = '\xe9'\n", "not valid UTF-8 text at line 3 (byte 29) and no encoding declaration"),
])
def test_each_encoding_problem_is_named(data, expected):
    assert reason(data).startswith(expected)


@pytest.mark.parametrize("data", [
    b"# caf\xe9\n# coding: latin-1\nx = '\xe9'\n",         # line 1 is no UTF-8: tokenize refuses, CPython reads it
    b"# coding: latin-1 \xe9\nx = '\xe9'\n",
    b"# coding: utf-8-unix\nx = '\xc3\xa9'\n",            # utf-8-*: UTF-8 to CPython
    BOM + b"# coding: utf-8\nx = 1\n",
    b"\n# -*- coding: iso-latin-1-unix -*-\nx = '\xe9'\n",
    b"# coding: cp1252\nx = '\x80'\n",
])
def test_files_python_decodes_are_decoded_as_python_does(data):
    """The parser itself is the reference (it reads bytes; nothing is run)."""
    text = decode_source(data, "m.py")
    assert isinstance(text, str), text
    assert ast.dump(ast.parse(text)) == ast.dump(ast.parse(data))


CODECS = sorted({module.name for module in pkgutil.iter_modules(encodings.__path__)} | set(encodings.aliases.aliases)
                - {"aliases"})


# How CPython's messages about a file's encoding begin or end; its others are about the text.
ENCODING_ERRORS = ("unknown encoding", "with BOM", "is not a text encoding", "codec can't decode", "decoding with",
                   "(unicode error)")


def python_refuses(header: bytes) -> str | None:
    """What CPython's own tokenizer says of a declaration (parsing a comment runs nothing)."""
    try:
        ast.parse(header)
    except SyntaxError as error:
        return error.msg
    return None


@settings(max_examples=300, deadline=None)
@given(name=st.one_of(st.sampled_from(CODECS), st.from_regex(r"[-A-Za-z0-9_.]{1,14}", fullmatch=True)),
       bom=st.booleans(), line=st.sampled_from([1, 2]))
def test_every_declaration_is_judged_as_python_judges_it(name, bom, line):
    """Known or not, a text encoding or not, with or without a BOM, on line 1 or 2: refused when CPython
    refuses it, for the reason CPython gives, and never for want of a declaration."""
    header = (BOM if bom else b"") + b"#!/bin/sh\n" * (line - 1) + f"# coding: {name}\n".encode()
    decoded, python = decode_source(header, "m.py"), python_refuses(header)
    if python is None or not any(words in python for words in ENCODING_ERRORS):
        assert isinstance(decoded, str)         # the text may still be no Python: '# coding: cp037'
        return
    assert isinstance(decoded, ScanError)
    problem = decoded.reason
    where = f"coding declaration (line {line})"
    if "unknown encoding" in python:
        assert problem == f"unknown encoding {name!r} in {where}"
    elif "with BOM" in python:
        assert problem == f"UTF-8 BOM contradicts coding declaration {name!r} (line {line})"
    elif "is not a text encoding" in python:
        assert problem == f"encoding {name!r} in {where} is not a text encoding"
    else:                               # the declaration's own bytes are not of the encoding it names
        assert problem.startswith((f"not valid {name!r} text at line ", f"cannot be decoded as {name!r}"))
        assert where in problem
    assert NO_DECLARATION not in problem


TEXT_ENCODINGS = ["ascii", "utf-8", "latin-1", "cp1252", "koi8-r", "shift_jis", "euc-jp", "big5", "mac-roman",
                  "cp437", "utf-7"]


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(TEXT_ENCODINGS), line=st.sampled_from([1, 2]),
       lines=st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"").replace(b"\0", b"")), max_size=5))
def test_declared_bytes_are_decoded_or_named_at_their_line(name, line, lines):
    header = b"#!/bin/sh\n" * (line - 1) + f"# -*- coding: {name} -*-\n".encode()
    data = header + b"".join(b"x = 1  # " + text + b"\n" for text in lines)
    decoded = decode_source(data, "m.py")
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        newlines = data.count(b"\n", 0, error.start)
        assert decoded == ScanError("m.py", f"not valid {name!r} text at line {newlines + 1} (byte {error.start}), "
                                            f"the encoding its coding declaration (line {line}) names")
    else:
        assert decoded == text


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"").replace(b"\0", b"")), max_size=5),
       bom=st.booleans())
def test_undeclared_bytes_are_utf8_or_named_at_their_line(lines, bom):
    """No declaration: UTF-8, or the first byte that is not, by line; "no encoding declaration" unless a
    BOM says UTF-8."""
    body = b"".join(b"x = 1  # " + line + b"\n" for line in lines)
    decoded = decode_source((BOM if bom else b"") + body, "m.py")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        newlines = body.count(b"\n", 0, error.start)
        where = f"at line {newlines + 1} (byte {error.start + len(BOM) * bom})"
        assert isinstance(decoded, ScanError)
        assert where in decoded.reason
        assert ("though it starts with a UTF-8 BOM" if bom else NO_DECLARATION) in decoded.reason
    else:
        assert decoded == (text[1:] if text.startswith("\ufeff") else text)


# --- symbolic links ------------------------------------------------------------------------------------

LINKS = {   # name -> (how it is made in a folder, the reason's end)
    "broken": (lambda folder: os.symlink("missing.py", folder / "broken.py"),
               "broken symbolic link (to 'missing.py')"),
    "self": (lambda folder: os.symlink("self.py", folder / "self.py"), "symbolic link loop"),
    "cycle": (lambda folder: (os.symlink("b.py", folder / "cycle.py"), os.symlink("cycle.py", folder / "b.py")),
              "symbolic link loop"),
    "chain": (lambda folder: (os.symlink("hop.py", folder / "chain.py"), os.symlink("gone/x.py", folder / "hop.py")),
              "broken symbolic link (to 'hop.py')"),
}


@pytest.mark.parametrize("kind", LINKS)
@pytest.mark.parametrize("named", [False, True], ids=["in a folder walked", "named on the command line"])
def test_a_link_that_leads_nowhere_is_an_error_and_the_run_goes_on(tmp_path, monkeypatch, capsys, kind, named):
    monkeypatch.chdir(tmp_path)
    make, why = LINKS[kind]
    links = tmp_path / "links"
    links.mkdir()
    make(links)
    os.symlink("..", links / "up")                   # a loop in the tree, never followed: no error
    os.symlink("nowhere", links / "data")            # not a Python file's name: never read, no error
    write(tmp_path / "app" / "views.py", VULNERABLE)
    write(tmp_path / "quiet" / "ok.py", "x = 1\n")
    link = f"links/{kind}.py"
    for targets, status in ([["app", link] if named else ["app", "links"], 1],
                            [["quiet", link] if named else ["quiet", "links"], 3]):
        for format, (got, output) in reports(capsys, [*targets, "--no-cache"]).items():
            assert got == status, (format, output)
            assert shows_error(output, format, link, f"cannot be read: {why}"), (format, output)
    result = scan_paths(["app", "links"], jobs=1)
    assert sinks(result) == {("views.py", 5)}
    assert [(error.path, error.reason) for error in result.errors
            if error.path != "links/b.py" and error.path != "links/hop.py"] == [(link, f"cannot be read: {why}")]


# --- the size limit ------------------------------------------------------------------------------------

def test_the_size_limit_is_a_files_and_its_reason_says_so(tmp_path):
    write(tmp_path / "at_limit.py", VULNERABLE + "#" * (MAX_BYTES - len(VULNERABLE) - 1) + "\n")
    write(tmp_path / "over.py", VULNERABLE + "#" * (MAX_BYTES - len(VULNERABLE)) + "\n")
    assert (tmp_path / "over.py").stat().st_size == MAX_BYTES + 1
    result = scan_paths([tmp_path], jobs=1)
    assert sinks(result) == {("at_limit.py", 5)}
    assert [(Path(e.path).name, e.reason) for e in result.errors] == [
        ("over.py", f"file too large to analyse ({MAX_BYTES + 1:,} bytes; the limit is 8 MiB a file)")]


def test_a_pipe_named_on_the_command_line_is_read_up_to_the_limit(tmp_path):
    """A pipe has no size to check first: it is read until the limit, not until memory runs out."""
    fifo = tmp_path / "stream.py"
    os.mkfifo(fifo)

    def feed():                     # a megabyte more than the limit, or until the scan stops reading
        with open(fifo, "wb", buffering=0) as pipe:
            try:
                for _ in range(MAX_BYTES // 65536 + 16):
                    pipe.write(b"#" * 65535 + b"\n")
            except BrokenPipeError:
                pass
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    result = scan_paths([fifo], jobs=1)
    feeder.join()
    assert [(Path(e.path).name, e.reason) for e in result.errors] == [
        ("stream.py", f"file too large to analyse (more than {MAX_BYTES:,} bytes; the limit is 8 MiB a file)")]
