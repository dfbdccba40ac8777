"""Issue 20 item 11: `guard.read_json_object`, the one reader of a request's JSON body that the secure
services and the code `fix` generates share, ends every bad body in a GuardError (400 or 413).

Families: JSON of every shape under every depth limit (the limit is exact, with brackets, quotes and
backslashes inside strings, and does not move with the interpreter's recursion limit); bodies nested up
to 100,000 deep; streams of every chunking, over the limit (read one byte past it, no further, even when
endless), failing while read (OSError, ValueError), or giving text; chunked bodies read through
Werkzeug's own de-chunker, intact and broken; sources and limits of every type; JSON that is not an object.
"""
from __future__ import annotations

import io
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.serving import DechunkedInput

from deserialguard import guard

KEY = b"body-test-key-0123456789"

# Strings full of what a depth counter could mistake for structure.
TRICKY_TEXT = st.text(alphabet='[]{}"\\,:ab\u00e9\u2028', max_size=8)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) \
    | TRICKY_TEXT
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(TRICKY_TEXT, inner, max_size=3), max_leaves=30)


def depth(value) -> int:
    """Levels of arrays and objects, as guard counts them: a scalar 0, `[]` 1, `[[1]]` 2."""
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def nested(levels: int, pattern: str) -> bytes:
    """An object `levels` deep whose inner levels follow `pattern` ("a" array, "o" object)."""
    kinds = ("o" + pattern * levels)[:levels]
    opening = b"".join(b"[" if kind == "a" else b'{"[k\\"":' for kind in kinds)
    closing = b"".join(b"]" if kind == "a" else b"}" for kind in reversed(kinds))
    return opening + b'"]]}}"' + closing


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES, ascii_only=st.booleans(), data=st.data())
def test_the_depth_limit_is_exact(value, ascii_only, data):
    body = {"v": value}
    text = json.dumps(body, ensure_ascii=ascii_only).encode()
    max_depth = data.draw(st.integers(0, depth(body) + 2), label="max_depth")
    if depth(body) <= max_depth:
        assert guard.read_json_object(text, max_depth=max_depth) == body
        assert guard.read_json_object(io.BytesIO(text), max_depth=max_depth) == body
    else:
        with pytest.raises(guard.Malformed, match="levels deep"):
            guard.read_json_object(text, max_depth=max_depth)


@settings(max_examples=40, deadline=None)
@given(levels=st.integers(guard.DEFAULT_MAX_DEPTH + 1, 100_000), pattern=st.sampled_from(["a", "o", "ao", "aao"]))
def test_deep_bodies_are_malformed(levels, pattern):
    with pytest.raises(guard.Malformed, match="levels deep"):
        guard.read_json_object(nested(levels, pattern), max_size=10**7)


@pytest.mark.parametrize("levels", [guard.DEFAULT_MAX_DEPTH + 1, 900, 2_000])
def test_the_depth_limit_does_not_follow_the_recursion_limit(levels):
    """Before, the only limit was RecursionError: 900 levels parsed under the default recursion limit,
    and any depth under a raised one."""
    signed = nested(levels, "ao")
    signature = guard.sign(signed, KEY)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)
    try:
        with pytest.raises(guard.Malformed, match="levels deep"):
            guard.read_json_object(nested(levels, "ao"))
        with pytest.raises(guard.Malformed, match="levels deep"):
            guard.load_signed_json(signed, signature, keys=KEY)
        assert guard.load_signed_json(signed, signature, keys=KEY, max_depth=levels)["[k\""]
    finally:
        sys.setrecursionlimit(old)


class Stream:
    """A readable stream over `data` (repeated forever if `endless`) that gives at most `chunk` bytes a
    read, as raw and chunked streams do, raises `error` once `fail_after` bytes are read, and counts
    what it gave."""

    def __init__(self, data: bytes, chunk: int, *, endless=False, error=None, fail_after=None):
        self.data, self.chunk, self.endless = data, chunk, endless
        self.error, self.fail_after = error, fail_after
        self.given = 0

    def read(self, n: int = -1) -> bytes:
        if self.error is not None and self.given >= self.fail_after:
            raise self.error
        size = self.chunk if n < 0 else min(n, self.chunk)
        if self.endless:
            piece = (self.data * (size // max(len(self.data), 1) + 1))[:size]
        else:
            piece = self.data[self.given:self.given + size]
        self.given += len(piece)
        return piece


BODIES = st.dictionaries(TRICKY_TEXT, SCALARS, max_size=6).map(lambda value: json.dumps(value).encode())


@settings(max_examples=200, deadline=None)
@given(body=BODIES, padding=st.integers(0, 300), chunk=st.integers(1, 64), data=st.data())
def test_a_stream_is_read_one_byte_past_the_limit_and_no_further(body, padding, chunk, data):
    body += b" " * padding
    max_size = data.draw(st.integers(0, len(body) + 5), label="max_size")
    stream = Stream(body, chunk)
    if len(body) <= max_size:
        assert guard.read_json_object(stream, max_size=max_size) == json.loads(body)
        assert stream.given == len(body)
    else:
        with pytest.raises(guard.TooLarge):
            guard.read_json_object(stream, max_size=max_size)
        assert stream.given == max_size + 1


@settings(max_examples=50, deadline=None)
@given(unit=st.binary(min_size=1, max_size=10), chunk=st.integers(1, 5000), max_size=st.integers(0, 50_000))
def test_an_endless_stream_is_too_large(unit, chunk, max_size):
    stream = Stream(unit, chunk, endless=True)
    with pytest.raises(guard.TooLarge):
        guard.read_json_object(stream, max_size=max_size)
    assert stream.given == max_size + 1


FAILURES = st.sampled_from([OSError("Invalid chunk header"), ConnectionResetError(104, "reset by peer"),
                            TimeoutError("timed out"), ValueError("I/O operation on closed file"),
                            OSError("secret server detail /srv/app")])


@settings(max_examples=100, deadline=None)
@given(body=BODIES, chunk=st.integers(1, 16), error=FAILURES, data=st.data())
def test_a_stream_that_fails_while_read_is_malformed(body, chunk, error, data):
    fail_after = data.draw(st.integers(0, len(body)), label="fail_after")
    with pytest.raises(guard.Malformed, match="could not be read") as raised:
        guard.read_json_object(Stream(body, chunk, error=error, fail_after=fail_after))
    assert str(error) not in str(raised.value)          # the stream's own words may describe the server


def chunked(body: bytes, sizes: list[int]) -> bytes:
    """`body` in HTTP/1.1 chunked framing, cut into pieces of `sizes` (the rest in one last piece)."""
    pieces, at = [], 0
    for size in sizes:
        if at < len(body):
            pieces.append(body[at:at + size])
            at += size
    pieces.append(body[at:])
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces if piece) + b"0\r\n\r\n"


BREAKS = {
    "bad chunk size": lambda framed: b"zz\r\n" + framed,
    "negative chunk size": lambda framed: b"-5\r\n" + framed,
    "truncated": lambda framed: framed[:max(len(framed) // 2, 3)].replace(b"0\r\n\r\n", b""),
    "missing chunk terminator": lambda framed: framed.replace(b"\r\n", b"", 2)[:-5] + b"\r\n",
    "size beyond the data": lambda framed: b"ffff\r\n" + framed[framed.index(b"\r\n") + 2:-5],
}


@settings(max_examples=150, deadline=None)
@given(body=BODIES, sizes=st.lists(st.integers(1, 20), max_size=6), broken=st.sampled_from([None, *BREAKS]))
def test_chunked_bodies_through_werkzeugs_dechunker(body, sizes, broken):
    """The stream Werkzeug's development server hands a Flask app for a chunked request: it raises OSError
    where the framing is broken, which reached the app as a 500 before."""
    framed = chunked(body, sizes)
    if broken is None:
        assert guard.read_json_object(DechunkedInput(io.BytesIO(framed))) == json.loads(body)
        return
    with pytest.raises(guard.Malformed):
        guard.read_json_object(DechunkedInput(io.BytesIO(BREAKS[broken](framed))))


ANY_SOURCE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.complex_numbers(),
                       st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers()),
                       st.tuples(st.binary()), st.builds(object), st.binary().map(lambda b: [b]))


@settings(max_examples=100, deadline=None)
@given(source=ANY_SOURCE)
def test_a_source_of_any_other_type_is_malformed(source):
    with pytest.raises(guard.Malformed, match="readable stream, bytes or str"):
        guard.read_json_object(source)


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=20))
def test_a_text_stream_is_malformed(text):
    with pytest.raises(guard.Malformed):
        guard.read_json_object(io.StringIO(text or "{}"))


@settings(max_examples=100, deadline=None)
@given(value=JSON_VALUES.filter(lambda value: not isinstance(value, dict)),
       wrap=st.sampled_from([bytes, bytearray, memoryview, lambda data: data.decode(), io.BytesIO]))
def test_json_that_is_not_an_object_is_malformed(value, wrap):
    with pytest.raises(guard.Malformed, match="must be a JSON object"):
        guard.read_json_object(wrap(json.dumps(value).encode()))


@settings(max_examples=100, deadline=None)
@given(option=st.sampled_from(["max_size", "max_depth"]),
       value=ANY_SOURCE.filter(lambda value: not (isinstance(value, int) and not isinstance(value, bool)
                                                  and value >= 0)))
def test_unusable_limits_are_misconfigured(option, value):
    with pytest.raises(guard.Misconfigured, match=option):
        guard.read_json_object(b"{}", **{option: value})
    if option == "max_depth":
        with pytest.raises(guard.Misconfigured, match=option):
            guard.load_signed_json(b"{}", guard.sign(b"{}", KEY), keys=KEY, max_depth=value)
