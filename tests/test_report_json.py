"""The JSON report: exactly ScanResult.to_dict(), indented by two."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from deserialguard.catalog import threat_models
from deserialguard.engine import scan_paths
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
    assert set(finding) == {"rule", "cwe", "severity", "threat_model", "title", "source", "sources", "flow",
                            "sink", "fingerprint"}
    assert finding["severity"] == "critical" and finding["cwe"] == "CWE-502"
    assert set(finding["source"]) == set(finding["sink"]) == STEP_KEYS
    assert all(set(step) == STEP_KEYS for step in finding["flow"])
    assert finding["source"] == finding["flow"][0] and finding["sink"] == finding["flow"][-1]
    assert finding["sources"] == [{**finding["source"], "threat_model": "remote", "severity": "critical"}]
    assert data["errors"] == [{"path": "bad.py", "reason": "invalid syntax (line 3)"}]


def test_empty():
    assert json.loads(json_format.render(ScanResult())) == {"findings": [], "errors": []}


# ----- one finding per sink call, from a real scan

SOURCE_FORMS = [("remote", 'request.headers["X-{n}"]'), ("remote", 'request.form["f{n}"]'),
                ("local", 'os.environ["ENV_{n}"]'), ("local", "sys.argv[{n}]"), ("datastore", 'store.get("k{n}")')]
HEAD = ("import os\nimport pickle\nimport sys\n\nimport redis\nfrom flask import Flask, request\n\n"
        "app = Flask(__name__)\nstore = redis.Redis()\n\n\n@app.post('/restore')\ndef restore():\n")


def view(sources: list[tuple[int, int]]) -> tuple[str, list[tuple[int, str, int]]]:
    """A view whose sources (a form of SOURCE_FORMS, then that many assignments each) all reach one
    pickle.loads(); and each source's (line, threat model, assignments)."""
    lines, made, names = HEAD.splitlines(), [], []
    for n, (form, hops) in enumerate(sources):
        threat_model, read = SOURCE_FORMS[form]
        lines.append(f"    v{n}_0 = {read.format(n=n + 1)}")
        made.append((len(lines), threat_model, hops))
        lines += [f"    v{n}_{hop} = v{n}_{hop - 1}" for hop in range(1, hops + 1)]
        names.append(f"v{n}_{hops}")
    lines += [f"    blob = {' + '.join(names)}", "    return pickle.loads(blob)"]
    return "\n".join(lines) + "\n", made


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sources=st.lists(st.tuples(st.integers(0, len(SOURCE_FORMS) - 1), st.integers(0, 3)), min_size=1, max_size=5))
def test_one_finding_per_sink_call_lists_every_source(tmp_path, sources):
    """However many sources reach a call, one finding: the severity of the highest, the flow from it (the
    shortest among equals, the first line among those), every other source listed after it in that
    order, and the fingerprint of the call whichever sources reach it."""
    path = tmp_path / "app.py"
    text, made = view(sources)
    path.write_text(text)
    result = scan_paths([path], threat_models.ALL)
    assert result.to_dict() == scan_paths([path], threat_models.ALL, exhaustive=True).to_dict()
    (finding,) = result.findings
    data = finding.to_dict()
    expected = sorted(made, key=lambda s: (-threat_models.SEVERITY[s[1]], s[2], s[0]))
    assert [(s["line"], s["threat_model"]) for s in data["sources"]] == [(line, tm) for line, tm, _ in expected]
    assert [Severity.parse(s["severity"]) for s in data["sources"]] == \
        [threat_models.SEVERITY[tm] for _, tm, _ in expected]
    assert finding.severity == max(threat_models.SEVERITY[tm] for _, tm, _ in made)
    assert data["sources"][0] == {**data["source"], "threat_model": data["threat_model"],
                                  "severity": data["severity"]}
    first_line, _, hops = expected[0]
    assert [step.line for step in finding.flow] == [*range(first_line, first_line + hops + 1),
                                                    len(text.splitlines()) - 1, len(text.splitlines())]
    path.write_text(view(sources[:1])[0])
    (alone,) = scan_paths([path], threat_models.ALL).findings
    assert alone.fingerprint == finding.fingerprint


def test_identical_sink_lines_have_distinct_fingerprints_that_survive_moved_lines(tmp_path):
    """Two calls of the same code in one file: numbered in the order of their lines, which inserting
    lines keeps; a call's number is not that of the other."""
    handler = "\n\n@app.post('/{name}')\ndef {name}():\n    blob = request.get_data()\n    return pickle.loads(blob)\n"
    head = "import pickle\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n"
    path = tmp_path / "app.py"
    path.write_text(head + handler.format(name="first") + handler.format(name="second"))
    before = [f.fingerprint for f in scan_paths([path]).findings]
    assert len(set(before)) == 2
    path.write_text(head + "\n# moved\n" + handler.format(name="first") + "\n\n" + handler.format(name="second"))
    assert [f.fingerprint for f in scan_paths([path]).findings] == before
    path.write_text(head + handler.format(name="first"))
    assert [f.fingerprint for f in scan_paths([path]).findings] == before[:1]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hops=st.lists(st.integers(0, 4), min_size=1, max_size=4))
def test_the_flow_is_the_shortest_from_its_source(tmp_path, hops):
    """One request body handed to a helper that unpickles it, once per call, each after that many
    assignments: one finding, whose flow is the shortest path, whichever call comes first."""
    lines = ["import pickle", "", "from flask import Flask, request", "", "app = Flask(__name__)", "", "",
             "def load(blob):", "    return pickle.loads(blob)", "", "", "@app.post('/restore')", "def restore():",
             "    data = request.get_data()"]
    for call, count in enumerate(hops):
        names = ["data", *(f"v{call}_{hop}" for hop in range(count))]
        lines += [f"    {name} = {before}" for before, name in zip(names, names[1:])]
        lines.append(f"    load({names[-1]})")
    path = tmp_path / "app.py"
    path.write_text("\n".join(lines) + "\n")
    result = scan_paths([path])
    assert result.to_dict() == scan_paths([path], exhaustive=True).to_dict()
    (finding,) = result.findings
    assert (finding.source.line, finding.sink.line) == (14, 9)
    shortest = min(hops)
    before = 14 + sum(count + 1 for count in hops[:hops.index(shortest)])     # the line before that call's
    assert [step.line for step in finding.flow] == [14, *range(before + 1, before + shortest + 2), 8, 9]
