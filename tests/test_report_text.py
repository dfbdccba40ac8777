"""The text report: content, colour only on a terminal, nothing from the scanned code read as markup."""
from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity, Source
from deserialguard.report import text


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def make_result() -> ScanResult:
    flow = (
        Location("svc/app.py", 6, 23, "state = request.headers.get('X-State')", "an HTTP header (X-State)"),
        Location("svc/app.py", 10, 30, "raw = base64.b64decode(state)", "base64-decoded"),
        Location("svc/app.py", 11, 23, "obj = pickle.loads(raw)  # [bold]not markup[/bold]",
                 "deserialized by pickle.loads()"),
    )
    finding = Finding("DG001", Severity.CRITICAL, "remote", "Pickle Deserialization via `pickle.loads()`",
                      "pickle.loads", "pickle", "an HTTP header (X-State)", flow)
    return ScanResult([finding], [ScanError("svc/old.py", "invalid syntax (line 3)")], 4)


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_piped_output_has_no_ansi_codes():
    stream = io.StringIO()
    text.write(make_result(), stream)            # colour decided from the stream, as the CLI does
    assert "\x1b[" not in stream.getvalue()


def test_terminal_output_is_coloured():
    stream = FakeTTY()
    text.write(make_result(), stream)
    assert "\x1b[" in stream.getvalue()


def test_no_color_is_honoured_on_a_terminal(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    stream = FakeTTY()
    text.write(make_result(), stream)
    codes = {int(code) for sgr in re.findall(r"\x1b\[([0-9;]*)m", stream.getvalue())
             for code in sgr.split(";") if code}
    assert not codes & (set(range(30, 39)) | set(range(90, 98)))      # bold/italic stay, colours go


def test_content():
    out = text.render(make_result())
    lines = out.splitlines()
    assert lines[0] == "svc/app.py:11  CRITICAL  DG001  Pickle Deserialization via `pickle.loads()`"
    assert lines[1] == "  source (remote): an HTTP header (X-State)"
    assert lines[2] == "    svc/app.py:6   an HTTP header (X-State)"
    assert lines[3].strip() == "state = request.headers.get('X-State')"
    assert lines[4] == "    svc/app.py:10  base64-decoded"
    assert lines[6] == "    svc/app.py:11  deserialized by pickle.loads()"
    assert lines[7].strip() == "obj = pickle.loads(raw)  # [bold]not markup[/bold]"
    assert "  help: deserialguard explain DG001" in lines
    assert "  svc/old.py: invalid syntax (line 3)" in lines
    assert lines[-1] == "1 finding (1 critical), 1 error, 4 files scanned"


def test_long_lines_are_not_wrapped():
    result = make_result()
    long_code = "obj = pickle.loads(" + "x" * 300 + ")"
    finding = result.findings[0]
    flow = finding.flow[:-1] + (Location("svc/app.py", 11, 1, long_code, "deserialized by pickle.loads()"),)
    result.findings[0] = Finding(finding.rule, finding.severity, finding.threat_model, finding.title,
                                 finding.sink_api, finding.family, finding.source_description, flow)
    assert any(line.strip() == long_code for line in text.render(result).splitlines())


def test_summary_counts():
    assert text.render(ScanResult()).strip() == "0 findings, 0 errors"
    result = make_result()
    result.findings.append(Finding("DG005", Severity.MEDIUM, "local", "YAML Deserialization via `yaml.load()`",
                                   "yaml.load", "yaml", "a command-line argument", result.findings[0].flow))
    result.errors.append(ScanError("b.py", "not UTF-8"))
    assert text.render(result).splitlines()[-1] == \
        "2 findings (1 critical, 1 medium), 2 errors, 4 files scanned"


def test_each_other_source_is_one_line_after_the_flow():
    result = make_result()
    others = (Source(Location("svc/app.py", 7, 9, "prefix = request.form['p']", "the form field p"),
                     "remote", Severity.CRITICAL),
              Source(Location("svc/jobs.py", 3, 1, "seed = os.environ['SEED']", "the environment variable [SEED]"),
                     "local", Severity.MEDIUM))
    result.findings[0] = replace(result.findings[0], others=others)
    lines = text.render(result).splitlines()
    at = lines.index("  help: deserialguard explain DG001")
    assert lines[at - 3].strip() == "obj = pickle.loads(raw)  # [bold]not markup[/bold]"
    assert lines[at - 2:at] == ["  also (remote, critical): the form field p  svc/app.py:7",
                                "  also (local, medium): the environment variable [SEED]  svc/jobs.py:3"]
    assert lines[-1] == "1 finding (1 critical), 1 error, 4 files scanned"
