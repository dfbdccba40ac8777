"""What `fix` decides and produces: per finding an applied fix, a manual instruction or a refusal; per file
the original text, the fixed text and their diff."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from deserialguard.findings import Finding, ScanResult

STRATEGIES = ("auto", "signed-json", "restricted")
DEFAULT_KEY_ENV = "DESERIALGUARD_SIGNING_KEY"


@dataclass(frozen=True)
class FixOptions:
    strategy: str = "auto"               # auto | signed-json | restricted (pickle-family and jsonpickle sinks)
    key_env: str = DEFAULT_KEY_ENV       # environment variable the signed-json fix reads its keys from
    max_size: int | None = None          # byte limit passed to guard (None: guard's default, 1 MiB)
    unsafe_fixes: bool = False           # apply unsafe fixes too (otherwise they are only listed)

    def __post_init__(self):
        if self.strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {self.strategy!r}; choose from {', '.join(STRATEGIES)}")
        if not self.key_env.isidentifier():
            raise ValueError(f"--key-env must be an environment variable name, not {self.key_env!r}")
        if self.max_size is not None and self.max_size <= 0:
            raise ValueError("max_size must be a positive number of bytes")


@dataclass(frozen=True)
class Codemod:
    """One kind of rewrite, with its applicability as Ruff names it. A *safe* fix keeps every input the
    code handled legitimately working as before: only what the rule forbids is refused. An *unsafe* fix
    changes what happens to some legitimate data or callers (a wire format, a class that no longer
    loads); `fix` lists it with `effect` and applies it only with --unsafe-fixes."""

    name: str                     # the strategy fix reports: signed-json, restricted, safe-loader, ...
    safe: bool
    effect: str                   # what changes for legitimate data (for a safe fix: why nothing does)


@dataclass(frozen=True)
class AppliedFix:
    """A finding rewritten into safe code (or, for an unsafe fix not applied, the rewrite it would get)."""

    finding: Finding
    codemod: Codemod
    summary: str                  # what changed, one or two sentences
    callers: str | None = None    # what callers/clients must now do differently
    notes: tuple[str, ...] = ()   # follow-up advice (e.g. why signed-json was not possible)

    @property
    def strategy(self) -> str:
        return self.codemod.name

    @property
    def safe(self) -> bool:
        return self.codemod.safe


@dataclass(frozen=True)
class ManualAdvice:
    """A finding that no automatic change can fix: what to do by hand."""

    finding: Finding
    text: str


@dataclass(frozen=True)
class Refusal:
    """A change that was not made, and why. `finding` is None when the whole file was refused."""

    path: str
    reason: str
    finding: Finding | None = None


@dataclass
class FileFix:
    path: str                     # as the scan names it
    original: str
    fixed: str
    applied: list[AppliedFix] = field(default_factory=list)
    unsafe: list[AppliedFix] = field(default_factory=list)     # unsafe fixes not applied (no --unsafe-fixes)
    manual: list[ManualAdvice] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    @property
    def diff(self) -> str:
        return unified_diff(self.path, self.original, self.fixed)


@dataclass
class FixResult:
    files: list[FileFix] = field(default_factory=list)
    scan: ScanResult = field(default_factory=ScanResult)

    @property
    def applied(self) -> list[AppliedFix]:
        return [fix for file in self.files for fix in file.applied]

    @property
    def unsafe(self) -> list[AppliedFix]:
        return [fix for file in self.files for fix in file.unsafe]

    @property
    def manual(self) -> list[ManualAdvice]:
        return [advice for file in self.files for advice in file.manual]

    @property
    def refusals(self) -> list[Refusal]:
        return [refusal for file in self.files for refusal in file.refusals]

    @property
    def changed_files(self) -> list[FileFix]:
        return [file for file in self.files if file.changed]

    @property
    def diff(self) -> str:
        return "".join(file.diff for file in self.files)

    def file(self, path) -> FileFix | None:
        """The FileFix of `path` (any spelling of it), or None if fix did not touch that file."""
        wanted = Path(path).resolve()
        return next((f for f in self.files if Path(f.path).resolve() == wanted), None)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff `a/<path>` -> `b/<path>` that `patch -p1` and `git apply` accept; empty if equal."""
    if before == after:
        return ""
    name = path.replace("\\", "/").lstrip("/")
    lines = difflib.unified_diff(_lines(before), _lines(after), fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(lines)


def _lines(text: str) -> list[str]:
    # Imported here: importing engine.parse imports the whole engine, and every command's argument parser
    # imports this module (`explain` and `rules` analyse nothing).
    from deserialguard.engine.parse import source_lines
    lines = source_lines(text, keepends=True)        # a form feed is no line break to the diff either
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines
