"""The JSON report: exactly ScanResult.to_dict(), indented by two."""
from __future__ import annotations

import json

from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity
from deserialguard.report import json_format

STEP_KEYS = {"path", "line", "column", "code", "label"}


def make_result() -> ScanResult:
    flow = (Location("app.py", 6, 23, "state = request.headers.get('X-State')", "an HTTP header (X-State)"),
            Location("app.py", 10, 9, "raw = base64.b64decode(state)", "base64-decoded"),
            Location("app.py", 11, 9, "obj = pickle.loads(raw)", "deserialized by pickle.loads()"))
    finding = Finding("DG001", Severity.CRITICAL, "remote", "Pickle Deserialization via `pickle.loads()`",
                      "pickle.loads", "pickle", "an HTTP header (X-State)", flow)
    return ScanResult([finding], [ScanError("bad.py", "invalid syntax (line 3)")], 2)


def test_document_is_scanresult_to_dict():
    result = make_result()
    text = json_format.render(result)
    assert json.loads(text) == result.to_dict()
    assert text.startswith('{\n  "findings": [\n    {\n      "rule": "DG001"')
    assert text.endswith("}\n")


def test_keys():
    data = json.loads(json_format.render(make_result()))
    assert set(data) == {"findings", "errors"}
    (finding,) = data["findings"]
    assert set(finding) == {"rule", "cwe", "severity", "threat_model", "title", "source", "flow", "sink",
                            "fingerprint"}
    assert finding["severity"] == "critical" and finding["cwe"] == "CWE-502"
    assert set(finding["source"]) == set(finding["sink"]) == STEP_KEYS
    assert all(set(step) == STEP_KEYS for step in finding["flow"])
    assert finding["source"] == finding["flow"][0] and finding["sink"] == finding["flow"][-1]
    assert data["errors"] == [{"path": "bad.py", "reason": "invalid syntax (line 3)"}]


def test_empty():
    assert json.loads(json_format.render(ScanResult())) == {"findings": [], "errors": []}
