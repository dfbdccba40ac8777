"""The knowledge of APIs, as data: sources by threat model, sinks and the conditions that make them safe,
propagators and barriers. Adding a framework is adding rows to these modules, not code to the engine."""
from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

from deserialguard.catalog import barriers, propagators, sinks, sources, types
from deserialguard.catalog.aliases import ALIASES

SINKS = {row.api: row for row in sinks.SINKS}
SOURCES = {row.api: row for row in sources.SOURCES}
PARAMETER_SOURCES = {row.decorator: row for row in sources.PARAMETER_SOURCES}
CALLBACK_SOURCES = {row.api: row for row in sources.CALLBACK_SOURCES}


@lru_cache(maxsize=65536)
def canonical(qualname: str) -> str:
    """The catalog's name for an API: `_pickle.loads` -> `pickle.loads`, `tensorflow.keras.models.x` ->
    `keras.models.x`. The longest aliased prefix wins."""
    parts = qualname.split(".")
    for end in range(len(parts), 0, -1):
        target = ALIASES.get(".".join(parts[:end]))
        if target is not None:
            return ".".join([target, *parts[end:]])
    return qualname


_PREFIXES = frozenset(".".join(api.split(".")[:end]) for api in [*SINKS, *SOURCES]
                      for end in range(1, api.count(".") + 2))


def knows(qualname: str) -> bool:
    """Whether the catalog has rows for this name or for members of it (`flask.request`)."""
    return canonical(qualname) in _PREFIXES


_VERIFIED_DECODERS = re.compile("|".join(map(fnmatch.translate, barriers.VERIFIED_DECODERS)))


def is_verified_decoder(qualname: str) -> bool:
    return _VERIFIED_DECODERS.match(qualname) is not None


def returns_no_data(method: str) -> bool:
    """Whether a method of this name returns a truth value or a number (propagators.NO_DATA_METHODS)."""
    return method in propagators.NO_DATA_METHODS or \
        any(fnmatch.fnmatchcase(method, pattern) for pattern in propagators.NO_DATA_METHOD_PATTERNS)


def returns(qualname: str) -> str:
    """The type of what calling `qualname` returns; an external callable is taken to construct its own type."""
    return types.RETURNS.get(qualname, qualname)


def refine(type_name: str, keywords: dict[str, object]) -> str:
    for (base, keyword, literal), refined in types.REFINEMENTS.items():
        if base == type_name and keywords.get(keyword) == literal:
            return refined
    return type_name

