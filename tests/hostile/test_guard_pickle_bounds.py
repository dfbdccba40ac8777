"""Issue 20 item 8: what `restricted_loads` returns is bounded, so walking it is safe.

Families: memo-shared bombs (lists, tuples, dicts, frozensets and mixes of them, every protocol, several
widths) that pickle.dumps writes in a few hundred bytes and that hold millions to billions of elements
when walked; nesting up to 100,000 levels deep through lists, tuples and dicts in every opcode form;
values that contain themselves; deep or shared tuples the unpickler would hash (as dict keys, as set
items), which crash or hang CPython. The limits are exact: a value whose walk visits exactly
`max_objects` objects and `max_depth` levels loads, one less of either is refused; the walk is counted
here independently of guard.
"""
from __future__ import annotations

import io
import math
import pickle
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deserialguard import guard

PROTOCOLS = st.integers(0, pickle.HIGHEST_PROTOCOL)
SETS_ALLOWED = ["builtins.frozenset", "builtins.set"]   # protocols 0-3 build sets through these


def bomb(shapes: list[str], width: int):
    """One level per entry of `shapes`, each holding the level below `width` times by reference
    (frozenset levels go innermost: their items must be hashable)."""
    value = 0
    for shape in sorted(shapes, key=lambda shape: shape != "frozenset"):
        if shape == "list":
            value = [value] * width
        elif shape == "tuple":
            value = (value,) * width
        elif shape == "dict":
            value = {f"k{i}": value for i in range(width)}
        else:                       # frozenset items must differ: value, (value,), (value, value), ...
            value = frozenset([value] + [(value,) * i for i in range(1, width)])
    return value


def walk(value, seen: dict | None = None) -> tuple[int, int]:
    """(objects, levels) a full walk of `value` visits: every reference counted again, dict keys and
    values both, a scalar or an empty container 1 object and 1 level. Shared parts are counted once
    by identity and reused, so the count costs no more than the value's size."""
    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, frozenset)):
        children = list(value)
    else:
        children = []
    counted = [walk(child, seen) for child in children]
    result = (1 + sum(objects for objects, _ in counted),
              1 + max((levels for _, levels in counted), default=0))
    seen[id(value)] = result
    return result


@settings(max_examples=60, deadline=None)
@given(shapes=st.data(), width=st.integers(2, 6), protocol=PROTOCOLS)
def test_memo_shared_bombs_are_refused_as_too_large(shapes, width, protocol):
    levels = math.ceil(7 / math.log10(width))                      # at least 10^7 objects when walked
    levels += shapes.draw(st.integers(0, 4))
    value = bomb(shapes.draw(st.lists(st.sampled_from(["list", "tuple", "dict", "frozenset"]),
                                      min_size=levels, max_size=levels)), width)
    data = pickle.dumps(value, protocol=protocol)
    assert len(data) < 4096                                         # a few hundred bytes, typically
    with pytest.raises(guard.TooLarge, match="objects"):
        guard.restricted_loads(data, allow=SETS_ALLOWED)


def test_the_issue_example_a_billion_elements_in_a_few_hundred_bytes():
    data = pickle.dumps(bomb(["list"] * 9, 10), protocol=4)        # 10^9 zeros when walked
    assert len(data) < 300
    with pytest.raises(guard.TooLarge):
        guard.restricted_loads(data)


@st.composite
def shared_values(draw):
    """Lists, tuples and dicts built from earlier values, so parts are shared by reference."""
    pool = [draw(st.none() | st.integers() | st.text(max_size=3) | st.floats(allow_nan=False))]
    for _ in range(draw(st.integers(1, 10))):
        items = draw(st.lists(st.sampled_from(pool), max_size=4))
        kind = draw(st.sampled_from(["list", "tuple", "dict"]))
        pool.append(items if kind == "list" else tuple(items) if kind == "tuple"
                    else {f"k{i}": item for i, item in enumerate(items)})
    return pool[-1]


@settings(max_examples=150, deadline=None)
@given(value=shared_values(), protocol=PROTOCOLS)
def test_limits_are_exact_and_count_shared_references_each_time(value, protocol):
    objects, levels = walk(value)
    data = pickle.dumps(value, protocol=protocol)
    assert guard.restricted_loads(data, max_objects=objects, max_depth=levels) == value
    with pytest.raises(guard.TooLarge):
        guard.restricted_loads(data, max_objects=objects - 1, max_depth=levels)
    with pytest.raises(guard.Malformed, match="deeper"):
        guard.restricted_loads(data, max_objects=objects, max_depth=levels - 1)


# Each level of a hand-written stream: (opcodes before the inner value, opcodes after it, the value).
LEVELS = {
    "list": (b"]", b"a", lambda inner: [inner]),                    # EMPTY_LIST ... APPEND
    "list from mark": (b"(", b"l", lambda inner: [inner]),          # MARK ... LIST (protocol 0)
    "tuple from mark": (b"(", b"t", lambda inner: (inner,)),        # MARK ... TUPLE
    "tuple1": (b"", b"\x85", lambda inner: (inner,)),              # ... TUPLE1
    "dict": (b"}N", b"s", lambda inner: {None: inner}),             # EMPTY_DICT key ... SETITEM
    "dict from mark": (b"(N", b"d", lambda inner: {None: inner}),   # MARK key ... DICT
    "appends": (b"](", b"e", lambda inner: [inner]),                # EMPTY_LIST MARK ... APPENDS
}


def nested(kinds: list[str]) -> bytes:
    """A stream nesting None in one container per entry of `kinds`, outermost first."""
    opening = b"".join(LEVELS[kind][0] for kind in kinds)
    closing = b"".join(LEVELS[kind][1] for kind in reversed(kinds))
    return b"\x80\x02" + opening + b"N" + closing + b"."


def nested_value(kinds: list[str]):
    value = None
    for kind in reversed(kinds):
        value = LEVELS[kind][2](value)
    return value


KINDS = st.sampled_from(sorted(LEVELS))


@settings(max_examples=15, deadline=None)
@given(depth=st.integers(guard.DEFAULT_MAX_DEPTH, 100_000), data=st.data())
def test_deep_nesting_is_refused_as_malformed(depth, data):
    pattern = data.draw(st.lists(KINDS, min_size=1, max_size=5))
    kinds = (pattern * (depth // len(pattern) + 1))[:depth]
    with pytest.raises(guard.Malformed, match="deeper"):
        guard.restricted_loads(nested(kinds))


@settings(max_examples=100, deadline=None)
@given(kinds=st.lists(KINDS, min_size=1, max_size=300), max_depth=st.integers(1, 400))
def test_nesting_up_to_the_limit_loads(kinds, max_depth):
    data = nested(kinds)
    if len(kinds) + 1 <= max_depth:                                 # None itself is one level
        assert guard.restricted_loads(data, max_depth=max_depth) == nested_value(kinds)
    else:
        with pytest.raises(guard.Malformed):
            guard.restricted_loads(data, max_depth=max_depth)


def test_the_default_limits_let_ordinary_data_through():
    value = {"weights": [float(i) for i in range(50_000)], "names": [f"n{i}" for i in range(20_000)],
             "grid": [[i, j] for i in range(100) for j in range(100)]}
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert guard.restricted_loads(pickle.dumps(value, protocol=protocol)) == value


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("make", [
    lambda: (lambda items: (items.append(items), items)[1])([]),
    lambda: (lambda d: (d.update(me=d), d)[1])({}),
    lambda: (lambda items: (items.append((items, 1)), items)[1])([]),
], ids=["list", "dict", "through a tuple"])
def test_a_value_that_contains_itself_is_refused(make, protocol):
    with pytest.raises(guard.Malformed, match="contains itself"):
        guard.restricted_loads(pickle.dumps(make(), protocol=protocol))


# The unpickler hashes dict keys and set items while it builds them: a deep tuple crashes CPython's
# tuple hash (SIGSEGV), a memo-shared one makes it walk 2^60 references. Run where a crash or a hang
# cannot take the test session down; the timeout only ends a hang, the assertion is on the answer.
HASHED = {
    "deep tuple as a dict key": "b'\\x80\\x02}' + b')' + b'\\x85' * 200_000 + b'Ns.'",
    "deep tuple in a frozenset": "b'\\x80\\x04(' + b')' + b'\\x85' * 200_000 + b'\\x91.'",
    "shared tuple as a dict key": "b'\\x80\\x02}' + b')q\\x000' + b'h\\x00h\\x00\\x86q\\x000' * 60 + b'h\\x00Ns.'",
}


@pytest.mark.parametrize("stream", sorted(HASHED))
def test_tuples_the_unpickler_would_hash_are_refused_before_it_builds_them(stream):
    code = textwrap.dedent(f"""
        from deserialguard import guard
        try:
            guard.restricted_loads({HASHED[stream]}, max_size=10**7)
        except guard.GuardError as error:
            print(type(error).__name__)
        else:
            print("loaded")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("TooLarge", "Malformed")


def test_a_bomb_with_a_forbidden_global_runs_nothing(tmp_path):
    marker = tmp_path / "marker"
    call = f"cos\nsystem\n(Vtouch {marker}\ntR".encode()
    data = pickle.dumps(bomb(["list"] * 30, 2), protocol=2)[:-1] + b"0" + call + b"."
    with pytest.raises(guard.GuardError):
        guard.restricted_loads(data)
    assert not marker.exists()


def test_the_unpickler_class_reads_files_within_the_limits(tmp_path):
    path = tmp_path / "records.pickle"
    with open(path, "wb") as handle:
        for record in ([1, 2], {"a": (3,)}, "last"):
            pickle.dump(record, handle)
    with open(path, "rb") as handle:
        unpickler = guard.RestrictedUnpickler(handle)
        assert [unpickler.load() for _ in range(3)] == [[1, 2], {"a": (3,)}, "last"]
        with pytest.raises(EOFError):                              # as pickle.load ends a file
            unpickler.load()
    with open(path, "wb") as handle:
        pickle.dump(bomb(["list"] * 30, 2), handle)
    with open(path, "rb") as handle, pytest.raises(guard.TooLarge):
        guard.RestrictedUnpickler(handle).load()


def test_a_long_stream_is_refused_without_reading_it_all():
    stream = io.BytesIO(b"\x80\x02]" + b"N" * 10_000_000)       # never ends
    with pytest.raises(guard.TooLarge):
        guard.RestrictedUnpickler(stream, max_size=1000).load()
    assert stream.tell() <= 1001


@pytest.mark.parametrize("put", [b"r" + (10**8).to_bytes(4, "little"), b"r\xff\xff\xff\xff",
                                 b"p100000000\n", b"p" + b"9" * 40 + b"\n"])
def test_a_memo_index_past_the_object_limit_is_refused(put):
    """The C unpickler sizes its memo array by the largest index written: LONG_BINPUT 10^8 alone
    allocates 1.6 GB (16 GB for 10^9) before anything else happens."""
    with pytest.raises(guard.TooLarge, match="memo"):
        guard.restricted_loads(b"\x80\x02N" + put + b".")


def test_an_error_of_the_file_itself_is_raised_as_it_is():
    class FailingDisk(io.BytesIO):
        def read(self, size=-1):
            if self.tell() >= 4:
                raise OSError(5, "Input/output error")
            return super().read(size)

    with pytest.raises(OSError, match="Input/output"):
        guard.RestrictedUnpickler(FailingDisk(pickle.dumps(list(range(100)), protocol=2))).load()
    with pytest.raises(TypeError, match="read"):              # not a file: a programming error
        guard.RestrictedUnpickler(b"not a file")
