"""Which files can matter, decided from their bytes before anything is parsed.

Most files in a large tree hold no deserialization sink. A file is a candidate when it contains the words
of a sink family (catalog.sinks.PREFILTER); only candidates are parsed and analysed up front. Code in
other files joins when the analysis needs it: modules it imports (loaded when a name resolves into them)
and callers of functions that pass a parameter to a sink (found by searching every file for the
function's name), so the findings are those of an exhaustive scan.
"""
from __future__ import annotations

from typing import Iterable

import ahocorasick_rs

from deserialguard.catalog.sinks import PREFILTER

_ALTERNATIVES = [frozenset(words) for family in PREFILTER.values() for words in family]
_WORDS = sorted({word for words in _ALTERNATIVES for word in words})
_SINK_WORDS = ahocorasick_rs.BytesAhoCorasick([w.encode() for w in _WORDS])


def may_hold_sink(data: bytes) -> bool:
    found = {_WORDS[index] for index, _, _ in _SINK_WORDS.find_matches_as_indexes(data, overlapping=True)}
    return any(words <= found for words in _ALTERNATIVES)


def mentioning(names: Iterable[str], texts: dict) -> set:
    """The keys of `texts` (path -> bytes) whose bytes contain any of `names`."""
    names = sorted(set(names))
    if not names:
        return set()
    matcher = ahocorasick_rs.BytesAhoCorasick([n.encode() for n in names])
    return {path for path, data in texts.items() if matcher.find_matches_as_indexes(data)}
