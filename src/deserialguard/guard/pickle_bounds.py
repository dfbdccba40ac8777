"""What a pickle stream would build, measured before anything is built.

Why: a pickle holds one object many times by reference (through its memo), so 200 bytes can describe a
list that holds 10^9 elements when walked (by json.dumps, ==, copy.deepcopy, or hashing a tuple used as
a dict key, which the unpickler itself does), and N bytes can nest N/2 levels deep, deeper than any
recursive walk survives (CPython's own tuple hash crashes the process). The C unpickler builds both
without complaint; the damage comes later, in whoever walks the result. So `read_checked` first runs
the stream through a model of the pickle machine that builds no object and imports nothing: each value
is a node whose children are the values it was built from or holds, and a memo reference (GET, DUP) is
the same node again, as the unpickler shares the same object. Then every node is measured as a walk
sees it: its size counts what it holds, each reference as a full copy of what it refers to, and its
depth the levels down to the deepest scalar (a scalar is 1 level, ``[[1]]`` is 3). A constructor call
holds its arguments, so an object counts one level more than its state. Nodes are measured whether or
not the result holds them, because the unpickler hashes dict keys and set items as it builds them.
"""
from __future__ import annotations

import pickletools
from array import array
from dataclasses import dataclass

from .errors import GuardError, Malformed, TooLarge
from .options import DEFAULT_MAX_DEPTH, count_option

DEFAULT_MAX_OBJECTS = 1_000_000

_SCALAR = -1   # the node of every scalar (see _Machine)
_SCALAR_TYPES = {"int", "int_or_bool", "bytes_or_str", "bytes", "None", "bool", "str", "float", "tuple"}
_NO_EFFECT = {"PROTO", "FRAME", "READONLY_BUFFER"}
_MEMO_PUTS = {"PUT", "BINPUT", "LONG_BINPUT"}
_MEMO_GETS = {"GET", "BINGET", "LONG_BINGET"}
_IN_PLACE = {"APPEND", "APPENDS", "SETITEM", "SETITEMS", "ADDITEMS", "BUILD"}  # add to their first operand
_OPCODES = {opcode.code.encode("latin-1"): opcode for opcode in pickletools.opcodes}


def _takes(opcode) -> tuple[int | None, int]:
    """What `opcode` takes from the stack: (values below a mark, None without a mark; values)."""
    names = [item.name for item in opcode.stack_before]
    if "mark" in names:
        return names.index("mark"), 0
    return None, len(names)


_TAKES = {opcode.name: _takes(opcode) for opcode in pickletools.opcodes}


@dataclass(frozen=True)
class Limits:
    """Bytes of one stream; levels of nesting; objects the stream builds (a memo reference counted as
    one built) and objects a full walk of any value built visits (each reference counted in full)."""

    max_size: int
    max_depth: int = DEFAULT_MAX_DEPTH
    max_objects: int = DEFAULT_MAX_OBJECTS

    def __post_init__(self):
        for name in ("max_size", "max_depth", "max_objects"):
            count_option(getattr(self, name), name)


def read_checked(file, limits: Limits) -> bytes:
    """Read one pickle (up to its STOP) from `file`, check what it would build, return its bytes.

    Raises TooLarge (over `max_size` bytes or `max_objects` objects), Malformed (over `max_depth`
    levels, a value that contains itself, a broken stream) and EOFError when `file` is at its end, as
    `pickle.load` does.
    """
    reader = _Recorder(file, limits.max_size)
    machine = _Machine(limits.max_objects)
    try:
        for opcode, arg in _opcodes(reader):
            machine.step(opcode, arg)
    except (GuardError, EOFError):
        raise
    except _FileError as failure:                # the file's own error (OSError...), not the stream's
        raise failure.__cause__ from None
    except Exception as error:   # pickletools' readers raise ValueError and others on broken streams
        raise Malformed(f"not a valid pickle stream ({type(error).__name__})") from None
    _measure(machine.children, limits)
    if machine.result == _SCALAR:                 # the only value not among the nodes
        _check(1, 1, limits)
    return bytes(reader.data)


def _opcodes(reader):
    """The opcodes of one pickle and their arguments, up to its STOP (pickletools.genops, but the
    argument of STRING, a protocol 0 string the unpickler decodes with a caller's encoding, is kept
    as bytes: its value is never needed here, and pickletools decodes it as ASCII only)."""
    while True:
        code = reader.read(1)
        opcode = _OPCODES.get(code)
        if opcode is None:
            if reader.size == 0:
                raise EOFError("Ran out of input")   # as pickle.load says at the end of a file
            raise Malformed("pickle stream ends before its STOP" if not code else
                            f"pickle stream holds an unknown opcode {code!r}")
        if opcode.arg is None:
            arg = None
        elif opcode.name == "STRING":
            arg = reader.readline()
        else:
            arg = opcode.arg.reader(reader)
        yield opcode, arg
        if opcode.name == "STOP":
            return


class _FileError(Exception):
    """Raised from an error of the file (OSError, not a file at all), so that `read_checked` raises that
    error as it is instead of taking it for a broken stream."""


class _Recorder:
    """`file` as pickletools reads it, keeping what was read and never reading past the size limit."""

    def __init__(self, file, limit: int):
        self.file = file
        self.limit = limit
        self.data = bytearray()

    @property
    def size(self) -> int:
        return len(self.data)

    def read(self, n: int = -1) -> bytes:
        # One byte more than the limit leaves tells "too large" from "ends early" without reading more.
        left = self.limit - len(self.data) + 1
        return self._keep("read", left if n < 0 or n > left else n)

    def readline(self) -> bytes:
        return self._keep("readline", self.limit - len(self.data) + 1)

    def _keep(self, method: str, size: int) -> bytes:
        try:
            chunk = getattr(self.file, method)(size)
        except Exception as error:
            raise _FileError from error
        self.data += chunk
        if len(self.data) > self.limit:
            raise TooLarge(f"pickle stream is over the limit of {self.limit} bytes")
        return chunk


class _Machine:
    """The pickle machine's stack, marks and memo, holding node numbers instead of objects.

    Node n's children are `children[n]` (None while it has none); scalars are all one node, _SCALAR,
    as they hold nothing and nothing is added to them. As in the unpickler, marks are positions in the
    stack, and no value below the last mark can be taken except by an opcode that takes everything
    above it. `built` counts the values pushed, each memo reference as one: over `max_objects`, the
    stream stops there.
    """

    def __init__(self, max_objects: int):
        self.stack: list[int] = []
        self.marks: list[int] = []
        self.memo: dict = {}
        self.children: list[list[int] | None] = []
        self.max_objects = max_objects
        self.built = 0
        self.result = _SCALAR

    def step(self, opcode, arg) -> None:
        name = opcode.name
        if name in _NO_EFFECT:
            return
        if name in _MEMO_PUTS:
            # The unpickler's memo is an array as long as the largest index written: 9 bytes naming
            # entry 10^9 would have it allocate 16 GB.
            if not 0 <= arg < self.max_objects:
                raise TooLarge(f"pickle stream writes memo entry {arg}; "
                               f"the limit is {self.max_objects} objects")
            self.memo[arg] = self._top()
        elif name == "MEMOIZE":
            self.memo[len(self.memo)] = self._top()
        elif name in _MEMO_GETS:
            if arg not in self.memo:
                raise Malformed(f"pickle stream reads memo entry {arg}, which was never written")
            self._push(self.memo[arg])
        elif name == "MARK":
            self.marks.append(len(self.stack))
        elif name == "POP":     # pops the last mark instead when nothing is above it, as the unpickler does
            if self.marks and self.marks[-1] == len(self.stack):
                self.marks.pop()
            else:
                self._pop()
        elif name == "POP_MARK":
            self._pop_to_mark()
        elif name == "DUP":
            self._push(self._top())
        elif name == "STOP":
            self.result = self._pop()
        else:
            self._build(opcode)

    def _build(self, opcode) -> None:
        below_mark, count = _TAKES[opcode.name]
        if below_mark is not None:   # [container,] mark, items: the items above the mark, then below it
            items = self._pop_to_mark()
            items = [self._pop() for _ in range(below_mark)][::-1] + items
        else:
            items = [self._pop() for _ in range(count)][::-1]
        if opcode.name in _IN_PLACE:
            self._add_to(items[0], items[1:])
        elif not items and opcode.stack_after[0].name in _SCALAR_TYPES:
            self._push(_SCALAR)
        else:
            self.children.append(items or None)
            self._push(len(self.children) - 1)

    def _add_to(self, node: int, items: list[int]) -> None:
        if node == _SCALAR:
            raise Malformed("pickle stream adds to a scalar")
        if self.children[node] is None:
            self.children[node] = []
        self.children[node].extend(items)
        self.stack.append(node)

    def _push(self, node: int) -> None:
        self.built += 1
        if self.built > self.max_objects:
            raise TooLarge(f"pickle builds more than {self.max_objects} objects "
                           "(memo references counted as built)")
        self.stack.append(node)

    def _top(self) -> int:
        if len(self.stack) <= (self.marks[-1] if self.marks else 0):
            raise Malformed("pickle stream needs a value where there is none")
        return self.stack[-1]

    def _pop(self) -> int:
        node = self._top()
        self.stack.pop()
        return node

    def _pop_to_mark(self) -> list[int]:
        if not self.marks:
            raise Malformed("pickle stream needs a mark where there is none")
        at = self.marks.pop()
        items = self.stack[at:]
        del self.stack[at:]
        return items


_NEW, _ON_PATH, _DONE = 0, 1, 2


def _measure(children: list[list[int] | None], limits: Limits) -> None:
    """Size and depth of every node as a walk sees it, in one pass over the graph (each node once)."""
    count = len(children)
    size, depth, state = array("q", bytes(8 * count)), array("q", bytes(8 * count)), bytearray(count)
    for start in range(count):
        if state[start] == _DONE:
            continue
        state[start] = _ON_PATH
        path = [(start, iter(children[start] or ()))]
        while path:
            node, below = path[-1]
            for child in below:
                if child == _SCALAR or state[child] == _DONE:
                    continue
                if state[child] == _ON_PATH:
                    raise Malformed("pickle holds a value that contains itself (endless when walked)")
                state[child] = _ON_PATH
                path.append((child, iter(children[child] or ())))
                break
            else:
                path.pop()
                state[node] = _DONE
                size[node], depth[node] = _size_and_depth(children[node] or (), size, depth, limits)


def _size_and_depth(below, size, depth, limits: Limits) -> tuple[int, int]:
    total, deepest = 1, 1 if below else 0
    for child in below:
        if child == _SCALAR:
            total += 1
        else:
            total += size[child]
            deepest = max(deepest, depth[child])
    _check(total, deepest + 1, limits)
    return total, deepest + 1


def _check(objects: int, levels: int, limits: Limits) -> None:
    if levels > limits.max_depth:
        raise Malformed(f"pickle nests deeper than {limits.max_depth} levels")
    if objects > limits.max_objects:
        raise TooLarge(f"pickle holds more than {limits.max_objects} objects when walked "
                       "(shared references counted each time)")
