"""The `deserialguard fix` command: the diff on stdout, --write, exit codes, refusals and manual work on
stderr; and the markdown record, whose Secure Code is the fixed file and whose Remediation says what
changed and what clients must now do."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deserialguard import cli
from deserialguard.engine import scan_paths
from deserialguard.fix import RecordFixes
from deserialguard.report import markdown

SEED_RECORD = Path(__file__).parent / "data" / "seeds" / "000_a07901b222eb9dc2.txt"
SEED_000 = re.search(r"## Vulnerable Code\n```python\n(.*?\n)```\n",
                     SEED_RECORD.read_text(encoding="utf-8"), re.S).group(1)
JOBLIB = "import joblib\nfrom flask import request\n\n\ndef a():\n    return joblib.load(request.files['m'])\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checkpoint.py").write_text(SEED_000)
    (tmp_path / "clean.py").write_text("import json\n\n\ndef f(data):\n    return json.loads(data)\n")
    return tmp_path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "deserialguard", "fix", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def test_diff_is_the_default_and_changes_nothing(project):
    done = run("--unsafe-fixes", "checkpoint.py", cwd=project)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("--- a/checkpoint.py\n+++ b/checkpoint.py\n@@ -1,14 +1,22 @@\n")
    assert "-import pickle\n" in done.stdout and "+from deserialguard import guard\n" in done.stdout
    assert "+    signature = request.headers.get('X-Model-Checkpoint-Signature')\n" in done.stdout
    assert (project / "checkpoint.py").read_text() == SEED_000
    assert "fix      checkpoint.py:11  DG001 pickle.loads -> signed-json (unsafe fix)" in done.stderr
    assert "1 fix proposed for 1 file, 0 unsafe fixes not applied, 0 need manual work, 0 refused" \
        in done.stderr
    assert run("--diff", "--unsafe-fixes", "checkpoint.py", cwd=project).stdout == done.stdout


def test_the_diff_applies_with_patch(project, tmp_path):
    done = run("--key-env", "STATE_KEY", "--unsafe-fixes", "checkpoint.py", cwd=project)
    patch = shutil_which("patch")
    if patch is None:
        pytest.skip("patch(1) is not installed")
    subprocess.run([patch, "-p1", "--quiet"], input=done.stdout, text=True, cwd=project, check=True)
    patched = (project / "checkpoint.py").read_text()
    assert "guard.keys_from_env('STATE_KEY')" in patched
    assert run("checkpoint.py", cwd=project).returncode == 0


def test_a_form_feed_inside_a_line_stays_in_that_line_of_the_diff(project):
    """Python breaks lines at \\n, \\r\\n and \\r only; str.splitlines() also at a form feed, which cut
    the diff's line in two, the second half with no prefix: a diff no tool applies."""
    paged = SEED_000.replace("    try:\n", "    try:  # page\x0cbreak\n")
    (project / "checkpoint.py").write_text(paged)
    diff = run("--unsafe-fixes", "checkpoint.py", cwd=project).stdout
    assert "     try:  # page\x0cbreak\n" in diff
    assert all(line[:1] in " +-@\\" for line in diff.split("\n")[:-1]), diff
    patch = shutil_which("patch")
    if patch is None:
        pytest.skip("patch(1) is not installed")
    subprocess.run([patch, "-p1", "--quiet"], input=diff, text=True, cwd=project, check=True)
    patched = (project / "checkpoint.py").read_text()
    (project / "checkpoint.py").write_text(paged)
    run("--write", "--unsafe-fixes", "checkpoint.py", cwd=project)
    assert patched == (project / "checkpoint.py").read_text() and "# page\x0cbreak" in patched


def test_write_applies_and_a_second_run_has_nothing_to_do(project):
    done = run("--write", "--unsafe-fixes", "--key-env", "CHECKPOINT_SECRET_KEY", ".", cwd=project)
    assert done.returncode == 1 and done.stdout == ""
    assert "fixed    checkpoint.py:11" in done.stderr and "1 fix applied to 1 file" in done.stderr
    fixed = (project / "checkpoint.py").read_text()
    assert "guard.load_signed_json(" in fixed and "keys_from_env('CHECKPOINT_SECRET_KEY')" in fixed
    assert (project / "clean.py").read_text().startswith("import json\n")
    again = run("--write", ".", cwd=project)
    assert again.returncode == 0 and (project / "checkpoint.py").read_text() == fixed
    assert "0 fixes applied to 0 files, 0 unsafe fixes not applied" in again.stderr


def test_nothing_to_fix_exits_0(project):
    done = run("clean.py", cwd=project)
    assert (done.returncode, done.stdout) == (0, "")


def test_manual_work_is_printed_and_exits_1(project):
    (project / "model.py").write_text(JOBLIB)
    done = run("model.py", cwd=project)
    assert done.returncode == 1 and done.stdout == ""
    assert "manual   model.py:6  DG007 joblib.load: no automatic fix" in done.stderr
    assert "joblib.load unpickles and has no safe mode" in done.stderr
    assert (project / "model.py").read_text() == JOBLIB


def test_refusals_exit_3_and_other_files_are_still_fixed(project):
    (project / "broken.py").write_text("import pickle\ndef f(:\n    return pickle.loads(x)\n")
    done = run("--write", "--unsafe-fixes", ".", cwd=project)
    assert done.returncode == 3
    assert re.search(r"refused\s+broken\.py\s+not fixed: .*syntax", done.stderr), done.stderr
    assert (project / "broken.py").read_text() == "import pickle\ndef f(:\n    return pickle.loads(x)\n"
    assert "guard.load_signed_json(" in (project / "checkpoint.py").read_text()


@pytest.mark.parametrize("args", [
    ["missing.py"],
    ["--strategy", "magic", "checkpoint.py"],
    ["--key-env", "not a name", "checkpoint.py"],
    ["--diff", "--write", "checkpoint.py"],
    ["--max-size", "0", "checkpoint.py"],
    ["--threat-model", "bogus", "checkpoint.py"],
    [],
])
def test_usage_errors_exit_2(project, args):
    assert cli.main(["fix", *args]) == 2
    assert (project / "checkpoint.py").read_text() == SEED_000


def test_help_documents_strategies_and_exit_codes(capsys):
    assert cli.main(["fix", "--help"]) == 0
    out = capsys.readouterr().out
    for text in ("--diff", "--write", "--strategy", "--key-env", "--unsafe-fixes", "signed-json", "restricted",
                 "exit status:", "  0  nothing to fix", "  1  fixes were proposed", "  2  usage error",
                 "  3  some files or findings were refused"):
        assert text in out


def test_options_reach_the_fix(project, capsys):
    assert cli.main(["fix", "--unsafe-fixes", "--strategy", "restricted", "checkpoint.py"]) == 1
    out = capsys.readouterr().out
    assert "+            model_params = guard.restricted_loads(decoded_checkpoint)\n" not in out
    assert "+        model_params = guard.restricted_loads(decoded_checkpoint)\n" in out
    assert cli.main(["fix", "--unsafe-fixes", "--max-size", "4096", "checkpoint.py"]) == 1
    assert "guard.b64decode(encrypted_state, max_size=4096)" in capsys.readouterr().out


# --- the markdown record -------------------------------------------------------------------------------

def test_markdown_record_has_the_fixed_code_and_what_callers_must_do(project, capsys):
    assert cli.main(["scan", "checkpoint.py", "--format", "markdown"]) == 1
    record = capsys.readouterr().out
    secure = re.search(r"## Secure Code\n```python\n(.*)```\n\Z", record, re.S).group(1)
    assert run("--write", "--unsafe-fixes", "checkpoint.py", cwd=project).returncode == 1
    assert secure == (project / "checkpoint.py").read_text()
    remediation = re.search(r"## Remediation\n\n(.*?)\n\n## Secure Code", record, re.S).group(1)
    first, note = remediation.split("\n\n")
    assert first.startswith("Replace the pickle deserialization with JSON")      # the rule's paragraph
    assert note.startswith("Applied by `deserialguard fix --unsafe-fixes` (signed-json):")
    for text in ("Clients must now send JSON", "header `X-Model-Checkpoint-Signature`",
                 "`DESERIALGUARD_SIGNING_KEY`", "This is an unsafe fix: The wire format changes"):
        assert text in note


def test_markdown_record_of_a_manual_finding(project):
    (project / "model.py").write_text(JOBLIB)
    result = scan_paths(["model.py"])
    fixes = RecordFixes(result.findings)
    record = markdown.render(result, secure_code=fixes.secure_code, remediation_note=fixes.remediation)
    assert "\n\nNo automatic fix: `joblib.load()`: joblib.load unpickles" in record
    assert record.endswith(f"## Secure Code\n```python\n{markdown.NO_FIX}\n```\n")


def shutil_which(name: str) -> str | None:
    import shutil
    return shutil.which(name)
