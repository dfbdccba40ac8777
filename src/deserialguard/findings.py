"""The one shape every verb and every report format reads: a finding and the scan's result."""
from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        """Lower case, as in JSON and on the command line."""
        return self.name.lower()

    @property
    def title(self) -> str:
        """Capitalised, as in the markdown record."""
        return self.name.capitalize()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]


# Immutable by convention, not frozen: a frozen dataclass sets each field through object.__setattr__, which
# made building locations and the engine's values (by the million in a large scan) six times slower.
value_type = dataclass(slots=True, unsafe_hash=True)


@value_type
class Location:
    """One place the tainted value passes: where it enters, each step, where it is deserialized."""

    path: str
    line: int
    column: int
    code: str
    label: str

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column,
                "code": self.code, "label": self.label}


@value_type
class Source:
    """Where untrusted data that reaches a finding's sink enters, and who controls it there."""

    location: Location           # the source step: its label says what is read ("an HTTP header (...)")
    threat_model: str
    severity: Severity

    def to_dict(self) -> dict:
        return {**self.location.to_dict(), "threat_model": self.threat_model, "severity": self.severity.label}


SHOWN_STEPS = 100     # steps of a flow that the text and SARIF reports show (the JSON report has them all)


@dataclass(frozen=True)
class Finding:
    """One sink call that untrusted data reaches. Its severity and threat model are those of the primary
    source (the highest severity; the flow is the shortest from it); every other source that reaches the
    call is in `others`, without its flow."""

    rule: str                    # e.g. "DG001"; see deserialguard.rules
    severity: Severity
    threat_model: str            # remote, network, download, local, datastore, library
    title: str                   # "Pickle Deserialization via `pickle.loads()`"
    sink_api: str                # fully qualified API, e.g. "pickle.loads"
    family: str                  # sink family: pickle, yaml, torch, ... (picks remediation and fix)
    source_description: str      # "an HTTP header (X-Model-Checkpoint)"
    flow: tuple[Location, ...]   # source first, sink last; every step in between
    cwe: str = "CWE-502"
    others: tuple[Source, ...] = ()     # the other sources, by severity, then length of flow, then place
    occurrence: int = 0          # how many findings of the same rule, API and sink code come before it in its file

    @property
    def source(self) -> Location:
        return self.flow[0]

    @property
    def sink(self) -> Location:
        return self.flow[-1]

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source that reaches the sink, the primary first."""
        return (Source(self.source, self.threat_model, self.severity), *self.others)

    @property
    def fingerprint(self) -> str:
        """Stable across runs and unrelated edits: rule, sink API, the sink's file and code, and the sink's
        occurrence among identical ones in its file; no line number (inserting lines above a finding does
        not change it) and no source (a second source reaching the call does not either)."""
        parts = [self.rule, self.sink_api, self.sink.path, _squash(self.sink.code)]
        if self.occurrence:
            parts.append(str(self.occurrence))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    def relocated(self, move) -> "Finding":
        """The finding with `move` applied to each of its locations (the cache: lines an edit moved)."""
        return replace(self, flow=tuple(map(move, self.flow)),
                       others=tuple(replace(other, location=move(other.location)) for other in self.others))

    def abridged_flow(self, limit: int = SHOWN_STEPS) -> tuple[tuple[Location, ...], int, tuple[Location, ...]]:
        """The flow for a reader: its first and last steps, `limit` in all, and how many lie between. A
        flow through a generated function of a hundred thousand assignments has as many steps."""
        if len(self.flow) <= limit:
            return self.flow, 0, ()
        head = limit // 2
        return self.flow[:head], len(self.flow) - limit, self.flow[head - limit:]

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "cwe": self.cwe,
            "severity": self.severity.label,
            "threat_model": self.threat_model,
            "title": self.title,
            "source": self.source.to_dict(),
            "sources": [source.to_dict() for source in self.sources],
            "flow": [step.to_dict() for step in self.flow],
            "sink": self.sink.to_dict(),
            "fingerprint": self.fingerprint,
        }


def numbered(findings: list[Finding]) -> list[Finding]:
    """The findings with their `occurrence` set: two calls on identical lines of one file (the same rule,
    API and code) get distinct fingerprints, numbered in the order of their lines, which moving lines
    keeps."""
    seen: dict[tuple, int] = {}
    out = []
    for finding in sorted(findings, key=lambda f: (f.sink.path, f.sink.line, f.sink.column, f.rule, f.sink_api)):
        same = (finding.rule, finding.sink_api, finding.sink.path, _squash(finding.sink.code))
        count = seen.get(same, 0)
        seen[same] = count + 1
        out.append(finding if finding.occurrence == count else replace(finding, occurrence=count))
    return out


@dataclass(frozen=True)
class ScanError:
    """A file that could not be analysed, and why. The scan goes on without it."""

    path: str
    reason: str

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files_scanned: int = 0

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings],
                "errors": [e.to_dict() for e in self.errors]}


def _squash(code: str) -> str:
    return " ".join(code.split())
