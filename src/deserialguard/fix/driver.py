"""Scan, then fix file by file: locate each finding's sink call, let its family's codemod decide, apply
all edits of a file in one pass, check the result still compiles, and (with write=True) save it."""
from __future__ import annotations

import io
import tokenize
from collections import defaultdict
from pathlib import Path
from typing import Iterable

import libcst as cst

from deserialguard.catalog import threat_models
from deserialguard.findings import Finding, ScanResult
from deserialguard.fix.editor import Editor
from deserialguard.fix.families import codemod_for
from deserialguard.fix.model import (DEFAULT_KEY_ENV, AppliedFix, FileFix, FixOptions, FixResult,
                                     ManualAdvice, Refusal)
from deserialguard.fix.site import Applied, Manual, Refused, Site


# libcst takes 2 to 5 ms a line to parse, resolve and rewrite a file: a generated module of 100,000 lines
# took minutes and gigabytes, in `fix` and in every markdown record of a scan.
MAX_LINES = 20_000


def fix_paths(paths: Iterable[str | Path], *, strategy: str = "auto", key_env: str = DEFAULT_KEY_ENV,
              write: bool = False, threat_models_enabled: frozenset[str] = threat_models.DEFAULT,
              max_size: int | None = None, unsafe_fixes: bool = False) -> FixResult:
    """Scan `paths` and fix every finding; with `write=True` save the fixed files. Unsafe fixes are only
    listed (FixResult.unsafe) unless `unsafe_fixes`."""
    from deserialguard.engine import scan_paths

    options = FixOptions(strategy=strategy, key_env=key_env, max_size=max_size, unsafe_fixes=unsafe_fixes)
    scan = scan_paths(list(paths), threat_models_enabled)
    return fix_scan(scan, options, write=write)


def fix_scan(scan: ScanResult, options: FixOptions = FixOptions(), *, write: bool = False) -> FixResult:
    """Fix the findings of a scan already made; files the scan could not read are reported as refused."""
    result = FixResult(scan=scan)
    by_file: dict[Path, list[Finding]] = defaultdict(list)
    for finding in scan.findings:
        by_file[Path(finding.sink.path).resolve()].append(finding)
    for findings in by_file.values():
        file_fix = fix_file(findings[0].sink.path, findings, options)
        if write and file_fix.changed and not _file_refused(file_fix):
            write_text(file_fix.path, file_fix.fixed)
            file_fix.written = True
        result.files.append(file_fix)
    for error in scan.errors:
        text = read_text(error.path)
        result.files.append(FileFix(error.path, text or "", text or "",
                                    refusals=[Refusal(error.path, f"not fixed: {error.reason}")]))
    return result


def fix_file(path: str, findings: list[Finding], options: FixOptions = FixOptions()) -> FileFix:
    """The fixed text of one file for `findings` (whose sinks are all in it). Nothing is written."""
    text = read_text(path)
    if text is None:
        return _refused(path, "", "the file cannot be read")
    lines = text.count("\n")
    if lines > MAX_LINES:
        return _refused(path, text, f"not fixed: too large to rewrite ({lines:,} lines; fix rewrites files of "
                                    f"up to {MAX_LINES:,} lines); apply the remediation by hand")
    try:
        compile(text, path, "exec", dont_inherit=True, flags=0x400)        # ast.PyCF_ONLY_AST
    except (SyntaxError, ValueError) as error:
        return _refused(path, text, f"not fixed: the file has a syntax error ({_syntax(error)})")
    try:
        result = _rewrite(path, text, findings, options)
    except cst.ParserSyntaxError as error:
        return _refused(path, text, f"not fixed: libcst cannot parse the file ({error.message})")
    except Exception as error:                       # a bug of ours costs this file, never a half edit
        return _refused(path, text, f"not fixed: internal error while rewriting "
                                    f"({type(error).__name__}: {error}); please report it")
    try:
        compile(result.fixed, path, "exec", dont_inherit=True, flags=0x400)
    except (SyntaxError, ValueError) as error:
        return _refused(path, text, f"not fixed: the rewritten file would not compile ({_syntax(error)}); "
                                    "please report it")
    return result


def _rewrite(path: str, text: str, findings: list[Finding], options: FixOptions) -> FileFix:
    """Every site's codemod decides and schedules its edits, then they are applied. Unsafe fixes, unless
    options.unsafe_fixes, are listed instead: codemods edit as they decide, so leaving them out takes a
    second plan of the file with those sites withheld (none when no safe fix is left to make)."""
    editor, result, outcomes = _plan(path, text, findings, options, {})
    fixes = {index: outcome for index, outcome in enumerate(outcomes) if isinstance(outcome, Applied)}
    unsafe = {index: outcome for index, outcome in fixes.items() if not outcome.codemod.safe}
    if unsafe and not options.unsafe_fixes:
        if len(unsafe) == len(fixes):                  # no safe fix to keep: the file stays as it was
            result.unsafe, result.applied = result.applied, []
            return result
        editor, result, _ = _plan(path, text, findings, options, unsafe)
    result.fixed = editor.apply()
    return result


def _plan(path: str, text: str, findings: list[Finding], options: FixOptions,
          withheld: dict[int, Applied]) -> tuple[Editor, FileFix, list]:
    """Each site's codemod decides (and schedules its edits on the editor returned), except for the
    sites in `withheld` (by index): their outcome of an earlier plan, an unsafe fix, is listed."""
    editor = Editor(path, text)
    result = FileFix(path, text, text)
    outcomes = []
    for index, site in enumerate(_sites(editor, findings, options, result)):
        if index in withheld:
            outcome = withheld[index]
            result.unsafe += [_applied_fix(finding, outcome) for finding in site.findings]
        else:
            outcome = codemod_for(site.finding.family)(site)
            _record(result, site.findings, outcome)
        outcomes.append(outcome)
    return editor, result, outcomes


def _sites(editor: Editor, findings: list[Finding], options: FixOptions, result: FileFix) -> list[Site]:
    """Findings grouped by the sink call they end in (several sources may reach one call)."""
    sites: dict[int, Site] = {}
    for finding in findings:
        call = editor.call_at(finding.sink, [_called_name(finding.sink_api)])
        if call is None:
            result.refusals.append(Refusal(result.path, f"line {finding.sink.line}: the call to "
                                           f"`{finding.sink_api}` was not found where the scan reported it; "
                                           "nothing was changed for it", finding))
            continue
        site = sites.get(id(call))
        if site is None:
            sites[id(call)] = Site(editor, call, [finding], options)
        else:
            site.findings.append(finding)
    return list(sites.values())


def _record(result: FileFix, findings: list[Finding], outcome) -> None:
    for finding in findings:
        if isinstance(outcome, Applied):
            result.applied.append(_applied_fix(finding, outcome))
        elif isinstance(outcome, Manual):
            result.manual.append(ManualAdvice(finding, outcome.text))
        elif isinstance(outcome, Refused):
            result.refusals.append(Refusal(result.path, f"line {finding.sink.line}: {outcome.reason}; "
                                           "nothing was changed for it", finding))


def _applied_fix(finding: Finding, outcome: Applied) -> AppliedFix:
    return AppliedFix(finding, outcome.codemod, outcome.summary, outcome.callers, outcome.notes)


def _called_name(api: str) -> str:
    return api.rsplit(".", 1)[-1].split("(")[0]


def _refused(path: str, text: str, reason: str) -> FileFix:
    return FileFix(path, text, text, refusals=[Refusal(path, reason)])


def _file_refused(file_fix: FileFix) -> bool:
    return any(refusal.finding is None for refusal in file_fix.refusals)


def _syntax(error: Exception) -> str:
    if isinstance(error, SyntaxError):
        return f"line {error.lineno}: {error.msg}"
    return str(error)


# ----- files, in their own encoding and line endings

def read_text(path: str) -> str | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None


def write_text(path: str, text: str) -> None:
    data = Path(path).read_bytes()
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    with open(path, "w", encoding=encoding, newline="") as file:
        file.write(text)


# ----- for the markdown record

class RecordFixes:
    """The fix of each file of a scan, made once, for the markdown record's Secure Code and Remediation.
    A record shows the secure code whether its fix is safe or not (the seeds' own fix, signed JSON, is
    unsafe: it changes the wire format); its Remediation says when it takes --unsafe-fixes, and what
    changes for legitimate data."""

    def __init__(self, findings: list[Finding], options: FixOptions = FixOptions(unsafe_fixes=True)):
        self.options = options
        self.findings = list(findings)
        self._files: dict[Path, FileFix] = {}

    def file_fix(self, finding: Finding) -> FileFix:
        key = Path(finding.sink.path).resolve()
        if key not in self._files:
            same = [f for f in self.findings if Path(f.sink.path).resolve() == key] or [finding]
            if finding not in same:
                same.append(finding)
            self._files[key] = fix_file(finding.sink.path, same, self.options)
        return self._files[key]

    def secure_code(self, finding: Finding) -> str | None:
        file_fix = self.file_fix(finding)
        return file_fix.fixed if file_fix.changed and _applied(file_fix, finding) else None

    def remediation(self, finding: Finding) -> str | None:
        """What the fix changed for this finding and what callers must now do; None if it was not fixed."""
        file_fix = self.file_fix(finding)
        applied = _applied(file_fix, finding)
        if applied is not None and file_fix.changed:
            command = "deserialguard fix" if applied.safe else "deserialguard fix --unsafe-fixes"
            parts = [f"Applied by `{command}` ({applied.strategy}): {applied.summary}"]
            if applied.callers:
                parts.append(applied.callers)
            parts += applied.notes
            if not applied.safe:
                parts.append(f"This is an unsafe fix: {applied.codemod.effect}")
            return " ".join(parts)
        manual = next((m for m in file_fix.manual if m.finding == finding), None)
        if manual is not None:
            return f"No automatic fix: {manual.text}"
        return None


def _applied(file_fix: FileFix, finding: Finding) -> AppliedFix | None:
    return next((a for a in file_fix.applied if a.finding == finding), None)


def secure_code_for(finding: Finding, *, findings: list[Finding] | None = None,
                    strategy: str = "auto", key_env: str = DEFAULT_KEY_ENV,
                    max_size: int | None = None) -> str | None:
    """The full fixed text of the file holding `finding`'s sink (fixing `findings` in that file too, when
    given), unsafe fixes included as in the record, or None when fix makes no change for it."""
    options = FixOptions(strategy=strategy, key_env=key_env, max_size=max_size, unsafe_fixes=True)
    return RecordFixes(findings or [finding], options).secure_code(finding)
