"""The markdown record: the seed records' shape byte for byte, flow lines, explanations, secure code."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity, Source
from deserialguard.report import markdown
from deserialguard.rules import RULES

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_000 = SEEDS / "000_a07901b222eb9dc2.txt"
SEED_001 = SEEDS / "001_aa371a2d79e84a54.txt"


def seed_code(seed: Path) -> str:
    return re.search(r"## Vulnerable Code\n```python\n(.*?\n)```\n", seed.read_text(), re.S).group(1)


def step(path: Path, line: int, label: str, code: str | None = None) -> Location:
    if code is None:
        code = path.read_text().splitlines()[line - 1].strip()
    return Location(str(path), line, 5, code, label)


def finding(flow, *, family="pickle", rule="DG001", severity=Severity.CRITICAL, threat_model="remote",
            title="Pickle Deserialization via `pickle.loads()`", sink_api="pickle.loads", source=None):
    return Finding(rule, severity, threat_model, title, sink_api, family, source or flow[0].label, tuple(flow))


def seed_000_finding(tmp_path: Path) -> Finding:
    app = tmp_path / "app.py"
    app.write_text(seed_code(SEED_000))
    return finding([step(app, 6, "an HTTP header (X-Model-Checkpoint)"), step(app, 10, "base64-decoded"),
                    step(app, 11, "deserialized by pickle.loads()")])


def seed_001_finding(tmp_path: Path) -> Finding:
    app = tmp_path / "device.py"
    app.write_text(seed_code(SEED_001))
    return finding([step(app, 9, "the field device_state of the JSON request body"),
                    step(app, 10, "base64-decoded"), step(app, 11, "deserialized by pickle.loads()")])


EXPECTED_000 = '''\
# Pickle Deserialization via `pickle.loads()`

Language: Python
Severity: Critical
CWE: CWE-502

## Source
6

## Flow
6-10-11

## Sink
11

## Vulnerable Code
```python
import pickle
import base64
from flask import request, jsonify

def restore_ml_model_state():
    encrypted_state = request.headers.get('X-Model-Checkpoint')
    if not encrypted_state:
        return jsonify({'error': 'No checkpoint provided'}), 400
    try:
        decoded_checkpoint = base64.b64decode(encrypted_state)
        model_params = pickle.loads(decoded_checkpoint)
        return jsonify({'status': 'Model restored', 'layers': model_params.get('layers', 0)})
    except Exception as e:
        return jsonify({'error': 'Restoration failed'}), 500
```

## Explanation

The application takes an HTTP header (X-Model-Checkpoint) (line 6), base64-decodes it (line 10) and \
passes it to `pickle.loads()` (line 11) without verifying where it came from. Unpickling runs code: a \
pickle stream can name any importable callable together with the arguments to call it with (the REDUCE \
opcode, which an object's `__reduce__` produces), and the unpickler makes that call while it rebuilds \
the object. An attacker who controls an HTTP header (X-Model-Checkpoint) can therefore run arbitrary \
code on the server with a single request.

## Remediation

Replace the pickle deserialization with JSON, which can only produce plain data, and accept only \
payloads carrying a valid HMAC-SHA256 signature made with a server-held key, verified in constant time \
before anything is parsed. Validating the parsed keys and value types against an allowlist adds defense \
in depth.

## Secure Code
```python
# No automatic fix is available yet for this finding: apply the Remediation above by hand.
```
'''


def test_seed_000_record_byte_exact(tmp_path):
    assert markdown.render_finding(seed_000_finding(tmp_path)) == EXPECTED_000


def _mask(record: str) -> str:
    """The record with its free text (title, Explanation, Remediation, Secure Code) replaced by
    placeholders, keeping every heading, blank line and fence."""
    record = re.sub(r"\A# .*\n", "# TITLE\n", record)
    record = re.sub(r"## Explanation\n\n.*?\n\n## Remediation\n\n.*?\n\n## Secure Code\n.*\Z",
                    "## Explanation\n\nTEXT\n\n## Remediation\n\nTEXT\n\n## Secure Code\n```python\nCODE\n```\n",
                    record, flags=re.S)
    return record


@pytest.mark.parametrize("seed, build, lines", [
    # The seed's own 6-8-9 / 9 come from an earlier version of its code (DESIGN.md): 6-10-11 / 11 is right.
    (SEED_000, seed_000_finding, {"6-8-9": "6-10-11", "9": "11", "6": "6"}),
    (SEED_001, seed_001_finding, {"9-10-11": "9-10-11", "11": "11", "9": "9"}),
])
def test_record_has_the_seed_shape(tmp_path, seed, build, lines):
    expected = seed.read_text()
    for section in ("Source", "Flow", "Sink"):
        expected = re.sub(rf"(## {section}\n)(.*)\n", lambda m: m.group(1) + lines[m.group(2)] + "\n", expected)
    rendered = markdown.render_finding(build(tmp_path))
    assert _mask(rendered) == _mask(expected)
    assert rendered.endswith("```\n") and not rendered.endswith("\n\n")


def test_flow_line_collapses_consecutive_duplicates(tmp_path):
    app = tmp_path / "app.py"
    app.write_text("\n".join(f"x{i} = {i}" for i in range(1, 21)) + "\n")
    f = finding([step(app, 6, "the raw HTTP request body"), step(app, 6, "assigned"),
                 step(app, 10, "base64-decoded"), step(app, 10, "wrapped in io.BytesIO"),
                 step(app, 6, "passed to f()"), step(app, 11, "deserialized by pickle.loads()")])
    assert markdown.flow_line(f) == "6-10-6-11"
    record = markdown.render_finding(f)
    assert "## Source\n6\n\n## Flow\n6-10-6-11\n\n## Sink\n11\n\n" in record


def _cross_file(tmp_path: Path, sub: str = ""):
    app = tmp_path / "app.py"
    codec = tmp_path / sub / "codec.py" if sub else tmp_path / "codec.py"
    codec.parent.mkdir(parents=True, exist_ok=True)
    app.write_text("\n" * 11 + "state = decode_snapshot(request.get_data())\n")
    codec.write_text("import pickle\n\n\ndef decode_snapshot(blob):\n    raw = zlib.decompress(blob)\n"
                     "    return pickle.loads(raw)\n")
    return app, codec, finding([
        step(app, 12, "the raw HTTP request body"), step(app, 12, "passed to decode_snapshot()"),
        step(codec, 4, "the parameter blob"), step(codec, 5, "zlib-decompressed"),
        step(codec, 6, "deserialized by pickle.loads()")])


def test_cross_file_flow_names_each_file(tmp_path):
    app, codec, f = _cross_file(tmp_path)
    record = markdown.render_finding(f)
    assert "## Source\napp.py:12\n\n## Flow\napp.py:12-codec.py:4-codec.py:5-codec.py:6\n\n" \
           "## Sink\ncodec.py:6\n\n" in record
    # Vulnerable Code: each file of the flow in the order the flow reaches it, named, full text.
    code = record.split("## Vulnerable Code\n", 1)[1].split("\n\n## Explanation", 1)[0]
    assert code == ("`app.py`\n```python\n" + app.read_text().rstrip("\n") + "\n```\n\n"
                    "`codec.py`\n```python\n" + codec.read_text().rstrip("\n") + "\n```")
    assert "(line 12 of app.py)" in record and "(line 6 of codec.py)" in record


def test_cross_file_names_are_relative_to_the_common_folder(tmp_path):
    _, _, f = _cross_file(tmp_path, sub="lib")
    assert markdown.flow_line(f) == "app.py:12-lib/codec.py:4-lib/codec.py:5-lib/codec.py:6"


# Every label the engine writes for a middle step, and the clause it becomes.
CLAUSES = {
    "base64-decoded": "base64-decodes it",
    "zlib-decompressed": "zlib-decompresses it",
    "hex-decoded": "hex-decodes it",
    "wrapped in io.BytesIO": "wraps it in `io.BytesIO`",
    "decoded to text": "decodes it to text",
    "encoded to bytes": "encodes it to bytes",
    "read from the file it names": "reads the file it names",
    "passed to decode_snapshot()": "passes it to `decode_snapshot()`",
    "returned from unpack()": "gets it back from `unpack()`",
    "stored in self.state": "stores it in `self.state`",
    "read from self.state": "reads it back from `self.state`",
    "assigned": None,
    "gzip-decompressed": "gzip-decompresses it",
    "formatted into an f-string": "formats it into an f-string",
    "copied": "copies it",
    "frobnicated": "has it frobnicated",
    # more labels the engine writes
    "read": "reads it",
    "returned": "returns it",
    "assigned to blob": None,
    "received as parameter blob of decode_snapshot()": "receives it in the parameter `blob` of `decode_snapshot()`",
    "transformed by .split()": "transforms it with `.split()`",
    "passed through create_server()": "passes it through `create_server()`",
    "converted with bytes()": "converts it with `bytes()`",
    "joined into a path": "joins it into a path",
    "parsed as JSON": "parses it as JSON",
    "decoded with codecs": "decodes it with codecs",
    "passed to pickle.Unpickler()": "passes it to `pickle.Unpickler()`",
}


@pytest.mark.parametrize("label, clause", CLAUSES.items())
def test_step_labels_become_clauses(label, clause):
    assert markdown.step_clause(label) == clause


def test_explanation_reads_the_whole_flow(tmp_path):
    app = tmp_path / "svc.py"
    app.write_text("x = 1\n" * 30)
    f = finding([step(app, 3, "a file downloaded with requests"), step(app, 4, "read from the file it names"),
                 step(app, 4, "assigned"), step(app, 7, "stored in self.state"),
                 step(app, 20, "read from self.state"), step(app, 21, "wrapped in io.BytesIO"),
                 step(app, 22, "deserialized by torch.load()")],
                family="torch", rule="DG006", severity=Severity.HIGH, threat_model="download",
                title="PyTorch Deserialization via `torch.load()`", sink_api="torch.load")
    text = markdown.explanation(f)
    assert text.startswith(
        "The application takes a file downloaded with requests (line 3), reads the file it names (line 4), "
        "stores it in `self.state` (line 7), reads it back from `self.state` (line 20), wraps it in "
        "`io.BytesIO` (line 21) and passes it to `torch.load()` (line 22) without verifying where it came "
        "from. ")
    assert RULES["DG006"].explanation in text
    assert text.endswith("An attacker who controls a file downloaded with requests can therefore run "
                         "arbitrary code on every machine that downloads and loads it.")


def test_explanation_puts_one_line_reference_after_clauses_on_the_same_line(tmp_path):
    app = tmp_path / "a.py"
    app.write_text("x = 1\n" * 10)
    f = finding([step(app, 5, "the raw HTTP request body"), step(app, 5, "base64-decoded"),
                 step(app, 5, "deserialized by pickle.loads()")])
    assert markdown.explanation(f).startswith(
        "The application takes the raw HTTP request body, base64-decodes it and passes it to "
        "`pickle.loads()` (line 5) without verifying where it came from.")


def test_receive_and_unpickle_in_one_call(tmp_path):
    app = tmp_path / "worker.py"
    app.write_text("job = socket.recv_pyobj()\n")
    f = finding([step(app, 1, "data received from a ZeroMQ socket"),
                 step(app, 1, "deserialized by socket.recv_pyobj()")],
                family="pickle-transport", rule="DG011", threat_model="network",
                title="Pickle Deserialization via `socket.recv_pyobj()`", sink_api="zmq.Socket.recv_pyobj")
    text = markdown.explanation(f)
    assert text.startswith("The application takes data received from a ZeroMQ socket and unpickles it in "
                           "the same `socket.recv_pyobj()` call (line 1) without verifying")
    assert "by sending it one message" in text


def test_secure_code_comes_from_the_callable(tmp_path):
    f = seed_000_finding(tmp_path)
    record = markdown.render_finding(f, secure_code=lambda finding: "import json\n\nx = json.loads(data)\n")
    assert record.endswith("## Secure Code\n```python\nimport json\n\nx = json.loads(data)\n```\n")
    none = markdown.render_finding(f, secure_code=lambda finding: None)
    assert none.endswith("## Secure Code\n```python\n" + markdown.NO_FIX + "\n```\n")
    assert "No automatic fix is available yet" in markdown.NO_FIX


def test_remediation_is_the_rules(tmp_path):
    app = tmp_path / "a.py"
    app.write_text("x = 1\n" * 5)
    for rule in RULES.values():
        f = finding([step(app, 1, "an uploaded file"), step(app, 2, "deserialized by x.load()")],
                    family=rule.family, rule=rule.code)
        record = markdown.render_finding(f)
        assert f"## Remediation\n\n{rule.remediation}\n\n## Secure Code\n" in record
        assert rule.explanation in record


def test_many_findings_and_errors(tmp_path):
    first = seed_000_finding(tmp_path)
    second = seed_001_finding(tmp_path)
    result = ScanResult([first, second], [ScanError("broken.py", "invalid syntax (line 3)")], 3)
    text = markdown.render(result)
    records = text.split("\n---\n\n")
    assert len(records) == 3
    assert records[0] == markdown.render_finding(first)
    assert records[1] == markdown.render_finding(second)
    assert records[2].startswith("# Scan errors\n")
    assert "- `broken.py`: invalid syntax (line 3)\n" in records[2]


def test_no_findings_no_errors_is_empty():
    assert markdown.render(ScanResult()) == ""


def test_fence_grows_when_the_file_holds_backticks(tmp_path):
    app = tmp_path / "doc.py"
    app.write_text('DOC = """\n```\nexample\n```\n"""\ndata = request.data\npickle.loads(data)\n')
    record = markdown.render_finding(finding([step(app, 6, "the raw HTTP request body"),
                                              step(app, 7, "deserialized by pickle.loads()")]))
    assert "## Vulnerable Code\n````python\nDOC" in record and "(data)\n````\n\n## Explanation" in record


def test_unreadable_file_falls_back_to_the_flow_lines(tmp_path):
    gone = tmp_path / "gone.py"
    f = finding([Location(str(gone), 3, 1, "data = request.data", "the raw HTTP request body"),
                 Location(str(gone), 4, 1, "pickle.loads(data)", "deserialized by pickle.loads()")])
    record = markdown.render_finding(f)
    assert "data = request.data  # line 3\npickle.loads(data)  # line 4\n```" in record


def test_other_sources_follow_the_primary_one_line_each(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(seed_code(SEED_000))
    others = (Source(step(app, 5, "the form field p", code="prefix = request.form['p']"), "remote", Severity.CRITICAL),
              Source(step(app, 7, "the environment variable SEED", code="seed = os.environ['SEED']"), "local",
                     Severity.MEDIUM))
    record = markdown.render_finding(replace(seed_000_finding(tmp_path), others=others))
    assert "## Source\n6\nAlso: 5 (remote, critical): the form field p\n" \
           "Also: 7 (local, medium): the environment variable SEED\n\n## Flow\n6-10-11\n\n" in record
    # Only the Source section differs from the record of the primary source alone.
    assert record.replace("Also: 5 (remote, critical): the form field p\n"
                          "Also: 7 (local, medium): the environment variable SEED\n", "") == EXPECTED_000


def test_another_source_in_another_file_names_the_files(tmp_path):
    app, codec, f = _cross_file(tmp_path, sub="lib")
    job = tmp_path / "jobs" / "job.py"
    job.parent.mkdir()
    job.write_text("state = decode_snapshot(sys.stdin.buffer.read())\n")
    record = markdown.render_finding(replace(f, others=(Source(step(job, 1, "standard input"), "local",
                                                               Severity.MEDIUM),)))
    assert "## Source\napp.py:12\nAlso: jobs/job.py:1 (local, medium): standard input\n\n" in record
    assert "## Flow\napp.py:12-lib/codec.py:4-lib/codec.py:5-lib/codec.py:6\n" in record
    assert "`jobs/job.py`" not in record          # Vulnerable Code holds the files of the flow


def test_a_single_file_flow_with_a_source_elsewhere_names_the_files(tmp_path):
    f = seed_000_finding(tmp_path)
    other = tmp_path / "other.py"
    other.write_text("blob = request.data\n")
    record = markdown.render_finding(replace(f, others=(Source(step(other, 1, "the raw HTTP request body"),
                                                               "remote", Severity.CRITICAL),)))
    assert "## Source\napp.py:6\nAlso: other.py:1 (remote, critical): the raw HTTP request body\n\n" \
           "## Flow\napp.py:6-app.py:10-app.py:11\n" in record
