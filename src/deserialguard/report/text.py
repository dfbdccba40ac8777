"""Text: for people reading a terminal or a CI log.

    app.py:11  CRITICAL  DG001  Pickle Deserialization via `pickle.loads()`
      source (remote): an HTTP header (X-Model-Checkpoint)
        app.py:6   an HTTP header (X-Model-Checkpoint)
                   encrypted_state = request.headers.get('X-Model-Checkpoint')
        app.py:10  base64-decoded
                   decoded_checkpoint = base64.b64decode(encrypted_state)
        app.py:11  deserialized by pickle.loads()
                   model_params = pickle.loads(decoded_checkpoint)
      help: deserialguard explain DG001

    Errors (files that could not be analysed):
      broken.py: invalid syntax (line 3)

    1 finding (1 critical), 1 error, 12 files scanned

One entry per sink call: the primary source (the highest severity, then the shortest flow) and its flow,
then a line for each other source that reaches the call, before the help line:

      also (local, medium): the environment variable CHECKPOINT  app.py:4

Colour only on a terminal: rich decides from the stream (and honours NO_COLOR / FORCE_COLOR), so piped
or redirected output carries no ANSI codes. Everything printed from the scanned code goes through
rich.text.Text, never through markup, so brackets in code are shown as they are.
"""
from __future__ import annotations

import io
from typing import TextIO

from rich.console import Console
from rich.text import Text

from deserialguard.findings import Finding, Location, ScanResult, Severity, Source

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
}


def make_console(file: TextIO | None = None, color: bool | None = None) -> Console:
    """color None: decide from the stream (a TTY gets colour); True/False: force it on or off."""
    options = dict(file=file, highlight=False, soft_wrap=True, emoji=False, markup=False)
    if color is True:
        return Console(force_terminal=True, color_system="standard", **options)
    if color is False:
        return Console(force_terminal=False, color_system=None, no_color=True, **options)
    return Console(**options)


def write(result: ScanResult, file: TextIO | None = None, color: bool | None = None) -> None:
    console = make_console(file, color)
    for finding in result.findings:
        _print_finding(console, finding)
        console.print()
    if result.errors:
        console.print(Text("Errors (files that could not be analysed):", style="bold"))
        for error in result.errors:
            line = Text("  ")
            line.append(error.path, style="bold")
            line.append(": " + " ".join(error.reason.split()))
            console.print(line)
        console.print()
    console.print(summary(result))


def render(result: ScanResult, color: bool = False) -> str:
    buffer = io.StringIO()
    write(result, buffer, color=color)
    return buffer.getvalue()


def summary(result: ScanResult) -> Text:
    counts = {}
    for finding in result.findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    text = Text()
    n = len(result.findings)
    text.append(f"{n} finding{'' if n == 1 else 's'}", style="bold" if n else "green")
    if counts:
        text.append(" (")
        for index, severity in enumerate(sorted(counts, reverse=True)):
            if index:
                text.append(", ")
            text.append(f"{counts[severity]} {severity.label}", style=SEVERITY_STYLE[severity])
        text.append(")")
    m = len(result.errors)
    text.append(f", {m} error{'' if m == 1 else 's'}", style="yellow" if m else None)
    if result.files_scanned:
        text.append(f", {result.files_scanned} file{'' if result.files_scanned == 1 else 's'} scanned")
    return text


def _print_finding(console: Console, finding: Finding) -> None:
    sink = finding.sink
    head = Text()
    head.append(f"{sink.path}:{sink.line}", style="bold")
    head.append("  ")
    head.append(finding.severity.name, style=SEVERITY_STYLE[finding.severity])
    head.append("  ")
    head.append(finding.rule, style="magenta")
    head.append("  ")
    head.append(finding.title, style="bold")
    console.print(head)
    source = Text("  source ")
    source.append(f"({finding.threat_model})", style="dim")
    source.append(": " + finding.source_description)
    console.print(source)
    head, omitted, tail = finding.abridged_flow()
    width = max(len(f"{step.path}:{step.line}") for step in (*head, *tail))
    for step in head:
        _print_step(console, step, width)
    if omitted:
        console.print(Text(f"    ... {omitted:,} more steps (the json format lists them all)", style="dim"))
    for step in tail:
        _print_step(console, step, width)
    for other in finding.others:
        _print_other(console, other)
    hint = Text("  help: ", style="dim")
    hint.append(f"deserialguard explain {finding.rule}", style="dim")
    console.print(hint)


def _print_other(console: Console, other: Source) -> None:
    line = Text("  also ")
    line.append(f"({other.threat_model}, {other.severity.label})", style="dim")
    line.append(": " + " ".join(other.location.label.split()) + "  ")
    line.append(f"{other.location.path}:{other.location.line}", style="cyan")
    console.print(line)


def _print_step(console: Console, step: Location, width: int) -> None:
    line = Text("    ")
    line.append(f"{step.path}:{step.line}".ljust(width), style="cyan")
    line.append("  ")
    line.append(step.label, style="italic")
    console.print(line)
    if step.code.strip():
        console.print(Text(" " * (width + 6) + step.code.strip(), style="dim"))
