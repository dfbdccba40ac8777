"""An allowlist unpickler, for pickles that cannot be replaced by signed JSON yet.

Why: unpickling runs code chosen by whoever wrote the bytes, because a pickle names any importable
callable (``os.system``, ``builtins.eval``, ``subprocess.Popen``) and calls it. Every such name goes
through `Unpickler.find_class`; refusing all names except an explicit allowlist leaves only plain data
that the pickle machine builds without looking up any global: None, bool, int, float, str, list, tuple,
dict, bytes from protocol 3 on and set/frozenset from protocol 4 on (older protocols build those by
calling ``_codecs.encode`` and ``builtins.set``, which must then be allowed explicitly).

Prefer signed JSON where you can: an allowlisted class can still misbehave in its ``__setstate__``, so
allow only simple value classes, and never anything that can call or import (``builtins.getattr``...).

    guard.restricted_loads(data)                                      # containers and scalars only
    guard.restricted_loads(data, allow={"datetime.date", "collections.OrderedDict"})

The result is bounded, so walking it is safe: before anything is unpickled, the stream is measured
(`deserialguard.guard.pickle_bounds`) and refused with TooLarge beyond `max_size` bytes (1 MiB) or
`max_objects` objects (1,000,000; a value shared through the pickle's memo counts every time it is
referenced, as a walk meets it), and with Malformed beyond `max_depth` levels of nesting (100) or for
a value that contains itself.

Arguments: the pickle bytes may be anything; a wrong type is Malformed. `allow` and the limits are the
server's configuration: unusable ones (a number for `allow`, a name without a dot, a negative limit)
raise Misconfigured (500, also a ValueError). Both are GuardErrors.
"""
from __future__ import annotations

import importlib
import io
import pickle
import sys
from collections.abc import Iterable

import _compat_pickle

from .errors import ForbiddenGlobal, GuardError, Malformed, Misconfigured
from .options import DEFAULT_MAX_DEPTH, count_option
from .pickle_bounds import DEFAULT_MAX_OBJECTS, Limits, read_checked
from .signing import DEFAULT_MAX_SIZE, bounded_bytes


class RestrictedUnpickler(pickle.Unpickler):
    """`pickle.Unpickler` whose `find_class` resolves only allowlisted globals, and whose `load`
    measures each pickle before unpickling it (limits in the module docstring).

    `allow` holds names as ``"module.name"`` (split at the last dot) or ``"module:qualname"`` for
    nested names. Python 2 names in old pickles (``__builtin__.set``) are mapped to their Python 3
    names when the name as written is not allowed. Everything else raises ForbiddenGlobal, before
    anything is imported. Each `load()` reads one self-contained pickle from `file`: the memo is not
    shared between loads.
    """

    def __init__(self, file, *, allow: Iterable[str] | None = (), max_size: int = DEFAULT_MAX_SIZE,
                 max_depth: int = DEFAULT_MAX_DEPTH, max_objects: int = DEFAULT_MAX_OBJECTS, **kwargs):
        if not (hasattr(file, "read") and hasattr(file, "readline")):   # as pickle.Unpickler says it
            raise TypeError("file must have 'read' and 'readline' attributes")
        self.limits = Limits(max_size, max_depth, max_objects)
        self.allowed = _allowlist(allow)
        self._source = file
        self._checked = _Checked()
        super().__init__(self._checked, **kwargs)

    def load(self):
        self._checked.hold(read_checked(self._source, self.limits))
        self.memo.clear()
        return super().load()

    def find_class(self, module: str, name: str):
        for candidate in ((module, name), _python3_name(module, name)):
            if candidate in self.allowed:
                return _resolve(*candidate)
        raise ForbiddenGlobal(f"{module}.{name}")


def restricted_loads(data: bytes, *, allow: Iterable[str] | None = (), max_size: int = DEFAULT_MAX_SIZE,
                     max_depth: int = DEFAULT_MAX_DEPTH, max_objects: int = DEFAULT_MAX_OBJECTS):
    """Unpickle `data` with `RestrictedUnpickler`, after checking its size and measuring what it builds.

    Raises TooLarge (over `max_size` bytes or `max_objects` objects), Malformed (over `max_depth`
    levels, a value that contains itself, a broken stream, `data` not bytes or str) and ForbiddenGlobal
    for a global that is not allowed.
    """
    stream = io.BytesIO(bounded_bytes(data, count_option(max_size, "max_size")))
    try:
        return RestrictedUnpickler(stream, allow=allow, max_size=max_size, max_depth=max_depth,
                                   max_objects=max_objects).load()
    except GuardError:
        raise
    except Exception as error:  # any failure inside the pickle machine means a bad stream
        raise Malformed(f"not a valid pickle stream ({type(error).__name__})") from None


class _Checked:
    """The file the C unpickler reads: the bytes of one pickle that `read_checked` has let through."""

    def __init__(self):
        self._buffer = io.BytesIO()

    def hold(self, data: bytes) -> None:
        self._buffer = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._buffer.read(size)

    def readinto(self, buffer) -> int:
        return self._buffer.readinto(buffer)

    def readline(self, size: int = -1) -> bytes:
        return self._buffer.readline(size)


def _allowlist(allow) -> frozenset[tuple[str, str]]:
    if allow is None:
        return frozenset()
    if isinstance(allow, str):
        allow = [allow]
    if not isinstance(allow, Iterable) or isinstance(allow, (bytes, bytearray, memoryview)):
        raise Misconfigured(f"allow must be a name or a collection of names, not a {type(allow).__name__}")
    return frozenset(_split_name(name) for name in allow)


def _resolve(module: str, qualname: str):
    sys.audit("pickle.find_class", module, qualname)
    value = importlib.import_module(module)
    for part in qualname.split("."):
        value = getattr(value, part)
    return value


def _split_name(name: str) -> tuple[str, str]:
    if not isinstance(name, str):
        raise Misconfigured(f"an allowed global must be a str, not a {type(name).__name__}")
    module, sep, qualname = name.partition(":")
    if not sep:
        module, sep, qualname = name.rpartition(".")
    if not (sep and module and qualname):
        raise Misconfigured("allowed global must look like 'module.name' or 'module:qualname': "
                            f"{name[:100]!r}")
    return module, qualname


def _python3_name(module: str, name: str) -> tuple[str, str]:
    if (module, name) in _compat_pickle.NAME_MAPPING:
        return _compat_pickle.NAME_MAPPING[(module, name)]
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name
