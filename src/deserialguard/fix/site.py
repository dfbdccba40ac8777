"""What a family codemod receives (a Site: one sink call and the findings that end there) and what it
returns (Applied, Manual or Refused). Codemods decide first and schedule edits only once they know the
change can be made, so a refusal leaves the file as it was."""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from deserialguard.findings import Finding
from deserialguard.fix.editor import Editor
from deserialguard.fix.model import Codemod, FixOptions


@dataclass
class Site:
    editor: Editor
    call: cst.Call
    findings: list[Finding]
    options: FixOptions

    @property
    def finding(self) -> Finding:
        return self.findings[0]

    @property
    def api(self) -> str:
        return self.finding.sink_api

    @property
    def call_text(self) -> str:
        return f"`{self.api}()`" if not self.api.endswith(")") else f"`{self.api}`"


@dataclass(frozen=True)
class Applied:
    codemod: Codemod
    summary: str
    callers: str | None = None
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Manual:
    text: str


@dataclass(frozen=True)
class Refused:
    reason: str


Outcome = Applied | Manual | Refused
