"""Report formats: one module per format, all reading the same ScanResult.

    text      for people, coloured on a terminal (deserialguard.report.text)
    json      ScanResult.to_dict(), indented (deserialguard.report.json_format)
    sarif     SARIF 2.1.0 with codeFlows, for GitHub code scanning (deserialguard.report.sarif)
    markdown  one DESIGN.md record per finding (deserialguard.report.markdown)

`write(result, fmt, file)` is what the CLI calls; each module also has `render(result, ...) -> str`.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, TextIO

from deserialguard.findings import Finding, ScanResult

FORMATS = ("text", "json", "sarif", "markdown")

SecureCode = Callable[[Finding], "str | None"]


def write(result: ScanResult, fmt: str, file: TextIO | None = None, *, root: str | Path | None = None,
          secure_code: SecureCode | None = None,
          remediation_note: SecureCode | None = None) -> None:
    """Write `result` in format `fmt` to `file` (stdout by default). `root` is the directory SARIF URIs
    are made relative to (default: the current directory); `secure_code` fills markdown's Secure Code
    and `remediation_note` adds a paragraph to its Remediation (both: deserialguard.fix.RecordFixes)."""
    file = sys.stdout if file is None else file
    if fmt == "text":
        from deserialguard.report import text
        text.write(result, file)
    elif fmt == "json":
        from deserialguard.report import json_format
        file.write(json_format.render(result))
    elif fmt == "sarif":
        from deserialguard.report import sarif
        file.write(sarif.render(result, root=root))
    elif fmt == "markdown":
        from deserialguard.report import markdown
        file.write(markdown.render(result, secure_code=secure_code, remediation_note=remediation_note))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
