"""SARIF 2.1.0, as GitHub code scanning reads it.

- tool.driver: name, version, informationUri and every rule (id, name, short/full description, help in
  text and markdown from the rule's documentation, tags "security", "external/cwe/cwe-502" and the
  family, and `security-severity`: the highest severity this run found for the rule, critical when it
  found none).
- one result per finding (a sink call): ruleId/ruleIndex, level (error for critical and high, warning
  for medium, note for low), a message linking each source ([...](1), the primary; [...](2) ... the
  others), the sink as `locations`, every source as `relatedLocations` (ids 1, 2, ... in the finding's
  order), the fingerprint as `partialFingerprints`, and a codeFlow whose threadFlow visits every step of
  the primary source's flow with its label as message, so the path is shown step by step.
- URIs are relative to the scan root (the current directory unless told otherwise) with uriBaseId
  %SRCROOT%, which originalUriBaseIds maps to the root; files outside the root get absolute file: URIs.
- Columns: Location.column is 1-based (the engine writes `col_offset + 1`), as SARIF's startColumn is;
  a column below 1 is left out.
- scan errors: toolExecutionNotifications in the invocation, which is executionSuccessful=false when
  there are any (results for those files may be missing).
"""
from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from deserialguard import __version__
from deserialguard.findings import Finding, Location, ScanResult, Severity
from deserialguard.rules import RULES

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
# Used when the installed package's metadata names no project URL ([project.urls] in pyproject.toml).
FALLBACK_INFORMATION_URI = "https://cwe.mitre.org/data/definitions/502.html"

SECURITY_SEVERITY = {Severity.CRITICAL: "9.8", Severity.HIGH: "8.1", Severity.MEDIUM: "5.5",
                     Severity.LOW: "3.0"}
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
         Severity.LOW: "note"}
PARSE_ERROR = "DG-PARSE"


def render(result: ScanResult, *, root: str | Path | None = None) -> str:
    return json.dumps(to_sarif(result, root=root), indent=2) + "\n"


def to_sarif(result: ScanResult, *, root: str | Path | None = None) -> dict:
    root = Path(os.path.abspath(root if root is not None else os.getcwd()))
    rules = list(RULES.values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    worst: dict[str, Severity] = {}
    for finding in result.findings:
        worst[finding.rule] = max(worst.get(finding.rule, finding.severity), finding.severity)
    driver = {
        "name": "deserialguard",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": _information_uri(),
        "rules": [_rule(rule, worst.get(rule.code, Severity.CRITICAL)) for rule in rules],
        "notifications": [{
            "id": PARSE_ERROR,
            "name": "file-not-analysed",
            "shortDescription": {"text": "A file could not be parsed or decoded and was not analysed."},
        }],
    }
    invocation = {
        "executionSuccessful": not result.errors,
        "toolExecutionNotifications": [{
            "level": "error",
            "message": {"text": f"{error.path} could not be analysed: {' '.join(error.reason.split())}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(error.path, root)}}],
            "descriptor": {"id": PARSE_ERROR, "index": 0},
        } for error in result.errors],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "results": [_result(finding, index, root) for finding in result.findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule(rule, severity: Severity) -> dict:
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation or rule.summary},
        "help": {"text": rule.documentation, "markdown": rule.documentation},
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["security", "external/cwe/cwe-502", rule.family],
            "security-severity": SECURITY_SEVERITY[severity],
        },
    }
    return descriptor


def _result(finding: Finding, index: dict[str, int], root: Path) -> dict:
    result = {
        "ruleId": finding.rule,
        "level": LEVEL[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [_location(finding.sink, root, message=finding.sink.label)],
        "relatedLocations": [_location(source.location, root, message=source.location.label, id=number)
                             for number, source in enumerate(finding.sources, start=1)],
        "partialFingerprints": {"deserialguard/v1": finding.fingerprint},
        "codeFlows": [{
            "message": {"text": f"{finding.source_description} reaches {finding.sink_api}"},
            "threadFlows": [{"locations": _thread_flow(finding, root)}],
        }],
        "properties": {
            "severity": finding.severity.label,
            "threat_model": finding.threat_model,
            "family": finding.family,
            "security-severity": SECURITY_SEVERITY[finding.severity],
        },
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    return result


def _thread_flow(finding: Finding, root: Path) -> list[dict]:
    head, omitted, tail = finding.abridged_flow()
    locations = [_location(step, root, message=step.label) for step in head]
    if omitted:         # a location with a message only: what lies between is not listed
        locations.append({"message": {"text": f"... {omitted:,} more steps (the json format lists them all)"}})
    locations += [_location(step, root, message=step.label) for step in tail]
    return [{"location": location, "executionOrder": order, "nestingLevel": 0}
            for order, location in enumerate(locations, start=1)]


def _message(finding: Finding) -> str:
    source = _escape(finding.source_description)
    text = (f"{finding.title}: untrusted data from [{source}](1) reaches `{finding.sink_api}` "
            f"(line {finding.sink.line}), which can execute code while deserializing it.")
    if finding.others:
        others = ", ".join(f"[{_escape(other.location.label)}]({number})"
                           for number, other in enumerate(finding.others, start=2))
        text += f" Untrusted data from {others} reaches it too."
    return text


def _escape(text: str) -> str:
    """SARIF messages treat [text](id) as links: literal brackets are backslash-escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _location(step: Location, root: Path, *, message: str | None = None, id: int | None = None) -> dict:
    region = {"startLine": max(1, step.line)}
    if step.column is not None and step.column >= 1:
        region["startColumn"] = step.column
    if step.code:
        region["snippet"] = {"text": step.code}
    location: dict = {}
    if id is not None:
        location["id"] = id
    location["physicalLocation"] = {"artifactLocation": _artifact(step.path, root), "region": region}
    if message:
        location["message"] = {"text": message}
    return location


def _artifact(path: str, root: Path) -> dict:
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


def _information_uri() -> str:
    try:
        meta = metadata.metadata("deserialguard")
    except metadata.PackageNotFoundError:
        return FALLBACK_INFORMATION_URI
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if url.strip().startswith(("https://", "http://")):
            return url.strip()
    home = meta.get("Home-page")
    return home if home and home.startswith(("https://", "http://")) else FALLBACK_INFORMATION_URI
