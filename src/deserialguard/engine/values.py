"""What the engine knows about a value: where its untrusted parts came from, and what kind of thing it is."""
from __future__ import annotations

from dataclasses import field
from typing import Any

from deserialguard.findings import Location, value_type


@value_type
class SourceHit:
    """Untrusted data entering the program. Identity is the line, not the wording or the column: one
    finding per source line and sink, however many times the line reads the source."""

    path: str
    line: int
    column: int = field(compare=False)
    threat_model: str = field(compare=False)
    row: Any = field(compare=False, default=None)   # the catalog Source, when the key can refine it


@value_type
class Param:
    """The value of a parameter of the function being analysed: becomes a summary, not a finding."""

    index: int
    name: str
    attr: str | None = None          # the value of that parameter's attribute (`payload.data`), not the whole


class Steps:
    """The locations of one path, source first: a list that shares its beginning with the path it was
    extended from. Extending a path costs one node, where a tuple copied every step before it: a chain
    of n assignments (`v2 = v1`, `v3 = v2`, ...) cost n² in time and memory."""

    __slots__ = ("last", "before", "first", "length")

    def __init__(self, last: Location, before: "Steps | None" = None):
        self.last = last
        self.before = before
        self.first = last if before is None else before.first
        self.length = 1 if before is None else before.length + 1

    @classmethod
    def of(cls, locations) -> "Steps":
        steps = None
        for location in locations:
            steps = cls(location, steps)
        if steps is None:
            raise ValueError("a path has at least one step")
        return steps

    def then(self, location: Location) -> "Steps":
        return Steps(location, self)

    def __len__(self) -> int:
        return self.length

    def __iter__(self):
        return iter(self.as_tuple())

    def as_tuple(self) -> tuple[Location, ...]:
        found, node = [], self
        while node is not None:
            found.append(node.last)
            node = node.before
        found.reverse()
        return tuple(found)


@value_type
class Trace:
    """How untrusted data gets somewhere. Its identity is where it came from: the steps are one path, a
    witness. A recursive function's summary would otherwise change at every pass (each adds the cycle's
    steps to the path once more) and never settle."""

    origin: SourceHit | Param
    steps: Steps = field(compare=False)      # steps.first is where the origin is

    @classmethod
    def at(cls, origin: SourceHit | Param, location: Location) -> "Trace":
        return cls(origin, Steps(location))

    def then(self, step: Location, always: bool = True) -> "Trace":
        """Add a step. One on the line of the last step is kept only if `always` and it says something new."""
        last = self.steps.last
        if (last.path, last.line) == (step.path, step.line) and (not always or step.label == last.label):
            return self
        return Trace(self.origin, self.steps.then(step))

    def via(self, steps: Steps) -> "Trace":
        trace = self
        for step in steps:
            trace = trace.then(step)
        return trace


@value_type
class Value:
    traces: tuple[Trace, ...] = ()
    type: str | None = None          # qualified name: a module attribute, or the type of an instance
    ref: Any = None                  # the project function, class or module this names
    instance: bool = False           # ref is a class and this is an instance of it
    bound: "Value | None" = None     # the receiver of a bound method
    pending: tuple = ()              # (sink row, traces): a constructed unpickler waiting for .load()
    digest_of: tuple = ()            # traces of the data this is a hash or MAC of (not data itself)
    verifies: frozenset | None = None   # the result of a MAC comparison: the origins it authenticates
    attrs: tuple = ()                # (attribute, traces) a constructed object holds in its own fields
    alternatives: tuple = ()         # the kinds of object it may be, when branches assigned different ones
    elements: tuple = ()             # the project classes and functions a container display holds

    @property
    def tainted(self) -> bool:
        return bool(self.traces)

    def then(self, step: Location, always: bool = True) -> "Value":
        if not self.traces:
            return self
        return Value(tuple(t.then(step, always) for t in self.traces), self.type, self.ref, self.instance,
                     self.bound, self.pending)

    def only_taint(self) -> "Value":
        return Value(traces=self.traces)


UNKNOWN = Value()
MAX_ALTERNATIVES = 4
MAX_ELEMENTS = 16      # of a registry (`{"json": JsonCodec, "pickle": PickleCodec}`) that a lookup may pick


def element_kinds(values) -> tuple:
    """The project classes and functions among a container's items, each once, in order."""
    kinds: dict = {}
    for value in values:
        for kind in value.alternatives or (value,):
            if kind.ref is not None and len(kinds) < MAX_ELEMENTS:
                kinds.setdefault(id(kind.ref), Value(type=kind.type, ref=kind.ref, instance=kind.instance))
    return tuple(kinds.values())


def one_of(kinds: tuple, traces: tuple = ()) -> Value:
    """A value that is one of `kinds` (a registry's entry picked at run time), carrying `traces`."""
    if len(kinds) == 1:
        return Value(traces, kinds[0].type, kinds[0].ref, kinds[0].instance)
    return Value(traces, alternatives=kinds)


def merge_traces(*groups: tuple[Trace, ...]) -> tuple[Trace, ...]:
    """Union by origin; the shortest path to each origin is kept (the first of those)."""
    seen: dict = {}
    for group in groups:
        for trace in group:
            kept = seen.get(trace.origin)
            if kept is None or len(trace.steps) < len(kept.steps):
                seen[trace.origin] = trace
    return tuple(seen.values())


def merge(*values: Value) -> Value:
    values = [v for v in values if v is not None]
    if not values:
        return UNKNOWN
    first = values[0]
    if all(v is first for v in values):
        return first
    traces = merge_traces(*(v.traces for v in values))
    kinds: dict = {}
    for value in values:
        for kind in value.alternatives or (value,):
            if kind.type or kind.ref:
                kinds.setdefault((kind.type, id(kind.ref)), kind)
    if len(kinds) == 1:        # `codec or SnapshotCodec()`: the one kind of thing it can be
        kind = next(iter(kinds.values()))
        return Value(traces, kind.type, kind.ref, kind.instance, kind.bound, kind.pending)
    if 1 < len(kinds) <= MAX_ALTERNATIVES:     # `serde = PickleSerde() if ... else JSONSerde()`
        alternatives = tuple(Value(type=k.type, ref=k.ref, instance=k.instance, bound=k.bound, pending=k.pending)
                             for k in kinds.values())
        return Value(traces=traces, alternatives=alternatives)
    return Value(traces=traces)
