"""What the engine knows about a value: where its untrusted parts came from, and what kind of thing it is."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deserialguard.findings import Location


@dataclass(frozen=True)
class SourceHit:
    """Untrusted data entering the program. Identity is the line, not the wording or the column: one
    finding per source line and sink, however many times the line reads the source."""

    path: str
    line: int
    column: int = field(compare=False)
    threat_model: str = field(compare=False)
    row: Any = field(compare=False, default=None)   # the catalog Source, when the key can refine it


@dataclass(frozen=True)
class Param:
    """The value of a parameter of the function being analysed: becomes a summary, not a finding."""

    index: int
    name: str


@dataclass(frozen=True)
class Trace:
    origin: SourceHit | Param
    steps: tuple[Location, ...]      # steps[0] is where the origin is

    def then(self, step: Location, always: bool = True) -> "Trace":
        """Add a step. One on the line of the last step is kept only if `always` and it says something new."""
        last = self.steps[-1]
        if (last.path, last.line) == (step.path, step.line) and (not always or step.label == last.label):
            return self
        return Trace(self.origin, self.steps + (step,))

    def via(self, steps: tuple[Location, ...]) -> "Trace":
        trace = self
        for step in steps:
            trace = trace.then(step)
        return trace


@dataclass(frozen=True)
class Value:
    traces: tuple[Trace, ...] = ()
    type: str | None = None          # qualified name: a module attribute, or the type of an instance
    ref: Any = None                  # the project function, class or module this names
    instance: bool = False           # ref is a class and this is an instance of it
    bound: "Value | None" = None     # the receiver of a bound method
    pending: tuple = ()              # (sink row, traces): a constructed unpickler waiting for .load()

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


def merge_traces(*groups: tuple[Trace, ...]) -> tuple[Trace, ...]:
    """Union by origin; the first (usually shortest) path to each origin is kept."""
    seen: dict = {}
    for group in groups:
        for trace in group:
            seen.setdefault(trace.origin, trace)
    return tuple(seen.values())


def merge(*values: Value) -> Value:
    values = [v for v in values if v is not None]
    if not values:
        return UNKNOWN
    first = values[0]
    if all(v is first for v in values):
        return first
    traces = merge_traces(*(v.traces for v in values))
    if all(v.type == first.type and v.ref is first.ref for v in values[1:]):
        return Value(traces, first.type, first.ref, first.instance, first.bound, first.pending)
    return Value(traces=traces)
