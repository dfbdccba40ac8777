"""The command line: subcommands, formats, --output and exit statuses.

Tests marked "engine" in their name run the real scan (deserialguard.engine.scan_paths); the others
replace the engine with a fake so they check only the command line.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import deserialguard.engine
from deserialguard import __version__, cli
from deserialguard.catalog import threat_models
from deserialguard.engine.demand import Part
from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity
from deserialguard.rules import RULES
from sarif_schema import official_schema

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
SARIF_SCHEMA = official_schema()


def seed_section(name: str, section: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return re.search(rf"## {section}\n```python\n(.*?\n)```\n", text, re.S).group(1)


def make_finding(severity: Severity = Severity.CRITICAL) -> Finding:
    flow = (Location("app.py", 6, 23, "state = request.headers.get('X-State')", "an HTTP header (X-State)"),
            Location("app.py", 11, 9, "obj = pickle.loads(state)", "deserialized by pickle.loads()"))
    return Finding("DG001", severity, "remote", "Pickle Deserialization via `pickle.loads()`", "pickle.loads",
                   "pickle", "an HTTP header (X-State)", flow)


@pytest.fixture
def fake_engine(monkeypatch, tmp_path):
    """Replace the engine: returns `fake.result` and records the arguments it was called with."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text("x = 1\n" * 12)

    class Fake:
        result = ScanResult()
        calls: list = []

        def __call__(self, paths, threat_models_enabled=threat_models.DEFAULT, exhaustive=False, inputs=None,
                     progress=None, jobs=None):
            self.calls.append((list(paths), threat_models_enabled))
            self.exhaustive = exhaustive
            self.jobs = jobs
            if inputs is not None:          # what the cache keeps, and rebuilds the next result from
                inputs.parts = [Part([], self.result.findings, self.result.errors, set(), set())]
            return self.result

    fake = Fake()
    monkeypatch.setattr(deserialguard.engine, "scan_paths", fake)
    return fake


# --- without the engine ------------------------------------------------------------------------------

def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"deserialguard {__version__}"


def test_no_command_is_a_usage_error(capsys):
    assert cli.main([]) == 2
    assert "scan" in capsys.readouterr().err


def test_help_documents_exit_codes(capsys):
    assert cli.main(["scan", "--help"]) == 0
    out = capsys.readouterr().out
    assert "exit status:" in out and "--ignore-errors" in out and "  3  " in out


def test_rules_lists_every_rule(capsys):
    assert cli.main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in RULES.values():
        assert re.search(rf"^{rule.code}\s+{rule.name}\s+{re.escape(rule.summary)}$", out, re.M)


@pytest.mark.parametrize("key", ["DG005", "dg005", "yaml-unsafe-load"])
def test_explain(capsys, key):
    assert cli.main(["explain", key]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# DG005 yaml-unsafe-load\n")
    assert RULES["DG005"].documentation in out


def test_explain_unknown_rule(capsys):
    assert cli.main(["explain", "DG999"]) == 2
    err = capsys.readouterr().err
    assert "DG999" in err
    for code in RULES:
        assert code in err


@pytest.mark.parametrize("argv", [
    ["scan"],
    ["scan", "does-not-exist.py"],
    ["scan", "app.py", "--threat-model", "bogus"],
    ["scan", "app.py", "--threat-model", ""],
    ["scan", "app.py", "--fail-on", "severe"],
    ["scan", "app.py", "--format", "html"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(fake_engine, capsys, argv):
    assert cli.main(argv) == 2
    assert "error" in capsys.readouterr().err
    assert fake_engine.calls == []


def test_exhaustive_is_passed_on(fake_engine, capsys):
    cli.main(["scan", "app.py"])
    assert fake_engine.exhaustive is False
    cli.main(["scan", "app.py", "--exhaustive"])
    assert fake_engine.exhaustive is True
    capsys.readouterr()


def test_jobs_are_passed_on(fake_engine, capsys):
    cli.main(["scan", "app.py", "--no-cache"])
    assert fake_engine.jobs is None                 # one per processor
    cli.main(["scan", "app.py", "-j", "1"])
    assert fake_engine.jobs == 1
    for wrong in ("0", "two"):
        assert cli.main(["scan", "app.py", "--jobs", wrong]) == 2
        assert "expected a number of processes" in capsys.readouterr().err


@pytest.mark.parametrize("findings, errors, options, status", [
    ([], [], [], 0),
    ([Severity.LOW], [], [], 1),
    ([Severity.CRITICAL], [], [], 1),
    ([Severity.MEDIUM], [], ["--fail-on", "high"], 0),
    ([Severity.HIGH], [], ["--fail-on", "high"], 1),
    ([Severity.MEDIUM, Severity.CRITICAL], [], ["--fail-on", "critical"], 1),
    ([], ["bad.py"], [], 3),                              # a file not analysed may hide a finding
    ([], ["bad.py"], ["--ignore-errors"], 0),
    ([Severity.LOW], ["bad.py"], [], 1),                  # findings win
    ([Severity.LOW], ["bad.py"], ["--fail-on", "high"], 3),
    ([Severity.LOW], ["bad.py"], ["--fail-on", "high", "--ignore-errors"], 0),
])
def test_exit_status(fake_engine, capsys, findings, errors, options, status):
    fake_engine.result = ScanResult([make_finding(s) for s in findings],
                                    [ScanError(path, "invalid syntax (line 1)") for path in errors], 2)
    assert cli.main(["scan", "app.py", *options]) == status
    for fmt in ("json", "sarif", "markdown"):
        assert cli.main(["scan", "app.py", "--format", fmt, *options]) == status
    capsys.readouterr()


def test_threat_models_reach_the_engine(fake_engine):
    cli.main(["scan", "app.py"])
    cli.main(["scan", "app.py", "--threat-model", "all"])
    cli.main(["scan", "app.py", "--threat-model", "local,remote"])
    assert [models for _, models in fake_engine.calls] == [
        threat_models.DEFAULT, frozenset(threat_models.ALL), frozenset({"local", "remote"})]
    assert fake_engine.calls[0][0] == ["app.py"]


def test_every_format_reports_findings_and_errors(fake_engine, capsys):
    fake_engine.result = ScanResult([make_finding()], [ScanError("bad.py", "invalid syntax (line 3)")], 2)
    cli.main(["scan", "app.py"])
    text = capsys.readouterr().out
    assert "app.py:11  CRITICAL  DG001" in text and "bad.py: invalid syntax (line 3)" in text
    assert "\x1b[" not in text                                  # captured output is not a terminal
    cli.main(["scan", "app.py", "--format", "json"])
    assert json.loads(capsys.readouterr().out) == fake_engine.result.to_dict()
    cli.main(["scan", "app.py", "--format", "sarif"])
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
    assert document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == \
        {"uri": "app.py", "uriBaseId": "%SRCROOT%"}
    assert document["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] \
        .startswith("bad.py")
    cli.main(["scan", "app.py", "--format", "markdown"])
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Pickle Deserialization via `pickle.loads()`\n\nLanguage: Python\n")
    assert "# Scan errors" in markdown and "`bad.py`: invalid syntax (line 3)" in markdown


def test_output_writes_a_file(fake_engine, capsys, tmp_path):
    fake_engine.result = ScanResult([make_finding()], [], 1)
    assert cli.main(["scan", "app.py", "--format", "json", "--output", "report.json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "report written to report.json" in captured.err
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == fake_engine.result.to_dict()
    assert cli.main(["scan", "app.py", "-o", "report.txt"]) == 1
    assert "\x1b[" not in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_output_into_a_missing_folder_is_a_usage_error(fake_engine, capsys):
    assert cli.main(["scan", "app.py", "--output", "no/such/folder/r.json"]) == 2
    assert "cannot write" in capsys.readouterr().err


def run_module(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # Buffered, as a user's shell has it (PYTHONUNBUFFERED would hide output lost at exit).
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "PYTHONUNBUFFERED")}
    return subprocess.run([sys.executable, "-m", "deserialguard", *args], capture_output=True, text=True,
                          cwd=cwd, env=env)


def test_python_m_deserialguard():
    assert run_module("--version").stdout.strip() == f"deserialguard {__version__}"
    assert run_module("scan", "does-not-exist.py").returncode == 2
    explained = run_module("explain", "DG001")
    assert explained.returncode == 0 and "## How to fix" in explained.stdout


@pytest.mark.parametrize("handlers", [1, 300])       # a report smaller, and far larger, than a pipe's buffer
def test_a_scan_process_ends_without_teardown_but_delivers_all_its_output(tmp_path, handlers):
    # `deserialguard scan` ends with os._exit (cli.console): what it wrote must be flushed first, and the
    # exit status must say what the scan found.
    for index in range(handlers):
        (tmp_path / f"handler_{index}.py").write_text(
            "import pickle\nfrom flask import request\n\n"
            f"def handler_{index}():\n    return pickle.loads(request.data)\n")
    done = run_module("scan", str(tmp_path), "--format", "json", "--no-cache")
    assert done.returncode == cli.EXIT_FINDINGS
    assert len(json.loads(done.stdout)["findings"]) == handlers
    missing = run_module("scan", str(tmp_path / "nope.py"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


# --- with the engine ---------------------------------------------------------------------------------

@pytest.fixture
def seed_apps(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checkpoint.py").write_text(seed_section("000_a07901b222eb9dc2.txt", "Vulnerable Code"))
    (tmp_path / "device.py").write_text(seed_section("001_aa371a2d79e84a54.txt", "Vulnerable Code"))
    (tmp_path / "checkpoint_fixed.py").write_text(seed_section("000_a07901b222eb9dc2.txt", "Secure Code"))
    (tmp_path / "device_fixed.py").write_text(seed_section("001_aa371a2d79e84a54.txt", "Secure Code"))
    (tmp_path / "broken.py").write_text("def broken(:\n    pass\n")
    return tmp_path


def test_engine_scan_seed_000_json(seed_apps, capsys):
    assert cli.main(["scan", "checkpoint.py", "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["rule"], finding["severity"], finding["cwe"]) == ("DG001", "critical", "CWE-502")
    assert finding["source"]["line"] == 6 and finding["sink"]["line"] == 11
    assert [step["line"] for step in finding["flow"]] == [6, 10, 11]
    assert finding["source"]["label"] == "an HTTP header (X-Model-Checkpoint)"


def test_engine_scan_seed_000_markdown_is_the_record(seed_apps, capsys):
    from test_report_markdown import EXPECTED_000
    assert cli.main(["scan", "checkpoint.py", "--format", "markdown"]) == 1
    record = capsys.readouterr().out
    # The record is EXPECTED_000 up to the rule's Remediation paragraph; the CLI then adds what
    # `deserialguard fix` changed, and Secure Code is the fixed file (tests/test_fix_cli.py checks both).
    rule_part = EXPECTED_000.split("\n\n## Secure Code\n")[0]
    assert record.startswith(rule_part + "\n\nApplied by `deserialguard fix --unsafe-fixes` (signed-json): ")
    assert "\n## Secure Code\n```python\nfrom flask import request, jsonify\nfrom deserialguard import guard\n" in record


def test_engine_scan_seed_001_markdown_lines(seed_apps, capsys):
    assert cli.main(["scan", "device.py", "--format", "markdown"]) == 1
    record = capsys.readouterr().out
    assert "\nSeverity: Critical\nCWE: CWE-502\n\n## Source\n9\n\n## Flow\n9-10-11\n\n## Sink\n11\n\n" in record


def test_engine_secure_code_gives_no_finding(seed_apps, capsys):
    assert cli.main(["scan", "checkpoint_fixed.py", "device_fixed.py"]) == 0
    assert capsys.readouterr().out.strip().endswith("0 findings, 0 errors, 2 files scanned")


def test_engine_threat_model_narrows_the_scan(seed_apps, capsys):
    assert cli.main(["scan", "checkpoint.py", "--threat-model", "local"]) == 0


def test_engine_unparseable_files_are_errors(seed_apps, capsys):
    assert cli.main(["scan", "broken.py", "--format", "json"]) == 3
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert error["path"].endswith("broken.py") and error["reason"]
    assert cli.main(["scan", "broken.py"]) == 3
    assert "broken.py" in capsys.readouterr().out
    assert cli.main(["scan", "broken.py", "checkpoint.py"]) == 1
    assert cli.main(["scan", "broken.py", "--ignore-errors"]) == 0


def test_engine_python_m_scan_sarif(seed_apps):
    completed = run_module("scan", ".", "--format", "sarif", "--exhaustive", cwd=seed_apps)
    assert completed.returncode == 1, completed.stderr
    document = json.loads(completed.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert uris == {"checkpoint.py", "device.py"}
    assert document["runs"][0]["invocations"][0]["executionSuccessful"] is False      # broken.py


def test_engine_piped_text_has_no_ansi(seed_apps):
    completed = run_module("scan", "checkpoint.py", cwd=seed_apps)
    assert completed.returncode == 1
    assert "checkpoint.py:11  CRITICAL  DG001" in completed.stdout and "\x1b[" not in completed.stdout


# --- the progress bar --------------------------------------------------------------------------------

def _scan_with_stderr_on_a_terminal(tmp_path, env: dict) -> bytes:
    """Run a real scan whose stderr is a pseudo-terminal; what the terminal received."""
    import pty
    for index in range(30):
        (tmp_path / f"m{index}.py").write_text(f"import pickle\n\ndef f{index}(b):\n    return pickle.loads(b)\n")
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "deserialguard", "scan", str(tmp_path), "--no-cache"],
                               stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:         # the terminal closed: the scan is over
            break
        if not chunk:
            break
        received += chunk
    process.wait(timeout=120)
    os.close(leader)
    return received


def test_a_progress_bar_on_a_terminal(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm"}
    shown = _scan_with_stderr_on_a_terminal(tmp_path, env)
    assert b"files" in shown and b"findings" in shown


@pytest.mark.parametrize("extra", [{"CI": "true"}, {"TERM": "dumb"}])
def test_no_progress_bar_in_ci_or_on_a_dumb_terminal(tmp_path, extra):
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm"} | extra
    assert b"findings" not in _scan_with_stderr_on_a_terminal(tmp_path, env)


def test_no_progress_bar_when_piped(tmp_path):
    (tmp_path / "a.py").write_text("import pickle\nfrom flask import request\npickle.loads(request.data)\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm"}
    done = subprocess.run([sys.executable, "-m", "deserialguard", "scan", str(tmp_path), "--no-cache"],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 1
    assert b"findings" not in done.stderr and b"\x1b[" not in done.stderr
