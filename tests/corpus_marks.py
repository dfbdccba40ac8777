"""Read the inline expectations of the annotated corpus (tests/corpus/) and compare them with a scan.

A *case* is one ``.py`` file directly inside a category folder (``tests/corpus/sinks/dill_loads.py``) or
one folder inside a category folder (``tests/corpus/cross_file/flask_codec/``), scanned as one tree.

Marks are trailing comments, in the manner of CodeQL's inline expectations::

    data = request.get_data()          # source
    obj = pickle.loads(data)           # sink: severity=critical
    yaml.safe_load(data)               # ok

    a = request.form["a"]              # source[a]
    b = r.get(key)                     # source[b]
    pickle.loads(a + b)                # sink[a]: severity=critical sink[b]: severity=medium threat_model=datastore
    msg = sock.recv_pyobj()            # source sink: severity=critical

    raw = base64.b64decode(text)       # step: base64-decoded
    obj = pickle.loads(raw)            # sink: severity=critical step: deserialized by pickle.loads()

Grammar of a mark comment (the whole comment must parse, else the case is rejected, so a typo never
silently drops an expectation)::

    marks    := mark* [ steps ] [ "--" free text ]          (at least one mark or steps)
    mark     := "ok" | "source" [label] | "sink" [label] ":" "severity=" SEV [ "threat_model=" NAME ]
    steps    := "step:" text { ";" text }                   (the labels, in flow order)
    label    := "[" [A-Za-z0-9_-]+ "]"

A comment whose first word is not ``source``, ``sink``, ``ok`` or ``step`` is an ordinary comment and is
ignored.

``step:`` names the labels the reports print for the flow's steps on that line, in order: every finding
whose flow passes the line must carry exactly those labels there (source description and sink label
included when the line holds them), and at least one finding must pass it.

File-level directives are whole-line comments anywhere in a file (by convention in the first lines, or at
the very end where line numbers must not move, as in the seeds)::

    # threat-models: local,datastore        (default: remote,network,download; "all" allowed)
    # expect-flow: 6-10-11                  (single-file case; flow lines, source first, sink last)
    # expect-flow: app.py:12-codec.py:4-codec.py:9     (folder case; paths relative to the case folder)
    # expect-flow[a]: 6-9                   (the flow of the finding whose sink carries label a)
    # xfail: <why>                          (a known gap: the scan disagrees with these marks today)

A case with ``xfail`` is run as ``pytest.mark.xfail(strict=True)``: the marks say what is right, the case
must fail until the engine gets it right, and then it fails as XPASS until the directive is removed.

Each source pairs with every sink of the same label (no label is a label of its own); each pair is one
expected (source, sink) pair: (sink file, sink line, source file, source line, severity[, threat model]).
A scan reports one finding per sink call, listing every source that reaches it, the primary first; each
(finding, source) is one reported pair, whose severity and threat model are that source's. The finding's
severity must be the highest of its sources'; ``expect-flow`` and ``step:`` check the primary's flow (the
one a finding reports), so an ``expect-flow`` pair must be its finding's primary source.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

CATEGORIES = (
    "sources_remote", "sources_network", "sources_download", "sources_local", "sources_datastore",
    "library", "sinks", "barriers", "propagators", "interprocedural", "cross_file", "negatives", "seeds",
)
SEVERITIES = ("critical", "high", "medium", "low")
THREAT_MODELS = ("remote", "network", "download", "local", "datastore", "library", "fixed-download")
DEFAULT_THREAT_MODELS = "remote,network,download"

_MARK_START = re.compile(r"^(source|sink|ok|step)\b")
_DIRECTIVE = re.compile(r"^#\s*(threat-models|expect-flow|xfail)(\[[A-Za-z0-9_-]+\])?\s*:\s*(.*?)\s*$")
_LABEL = r"(?:\[(?P<label>[A-Za-z0-9_-]+)\])?"
_TOKEN_SOURCE = re.compile(r"source" + _LABEL + r"(?=\s|$)")
_TOKEN_OK = re.compile(r"ok(?=\s|$)")
_TOKEN_SINK = re.compile(r"sink" + _LABEL + r":\s*")
_TOKEN_STEP = re.compile(r"step:\s*")
_KEYVAL = re.compile(r"(?P<key>severity|threat_model)=(?P<value>[A-Za-z_-]+)(?=\s|$)")
_FLOW_STEP = re.compile(r"^(?:(?P<path>[A-Za-z0-9_./]+\.py):)?(?P<line>\d+)$")


class MarkError(ValueError):
    """A mark or directive that does not parse, or marks that contradict each other."""


@dataclass(frozen=True)
class SourceMark:
    path: str          # relative to the case root, posix; the file name for a single-file case
    line: int
    label: str


@dataclass(frozen=True)
class SinkMark:
    path: str
    line: int
    label: str
    severity: str
    threat_model: str | None


@dataclass(frozen=True)
class StepMark:
    path: str
    line: int
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Expected:
    """One expected finding."""
    sink_path: str
    sink_line: int
    source_path: str
    source_line: int
    severity: str
    threat_model: str | None
    label: str

    @property
    def key(self) -> tuple:
        return (self.sink_path, self.sink_line, self.source_path, self.source_line, self.severity)

    def describe(self) -> str:
        tm = f" threat_model={self.threat_model}" if self.threat_model else ""
        return (f"sink {self.sink_path}:{self.sink_line} <- source {self.source_path}:{self.source_line} "
                f"severity={self.severity}{tm}")


@dataclass
class CaseMarks:
    root: Path                                   # the case file or folder
    files: list[str] = field(default_factory=list)
    sources: list[SourceMark] = field(default_factory=list)
    sinks: list[SinkMark] = field(default_factory=list)
    ok_lines: set[tuple[str, int]] = field(default_factory=set)
    steps: list[StepMark] = field(default_factory=list)
    threat_models: str = DEFAULT_THREAT_MODELS
    expect_flows: dict[str, list[tuple[str, int]]] = field(default_factory=dict)   # label -> steps
    xfail: str | None = None                     # a known gap: why the engine does not agree with the marks yet

    @property
    def is_folder(self) -> bool:
        return self.root.is_dir()

    def expected(self) -> list[Expected]:
        out = []
        for sink in self.sinks:
            for source in self.sources:
                if source.label == sink.label:
                    out.append(Expected(sink.path, sink.line, source.path, source.line,
                                        sink.severity, sink.threat_model, sink.label))
        return out

    def format_flow(self, steps: list[tuple[str, int]]) -> str:
        if self.is_folder:
            return "-".join(f"{p}:{n}" for p, n in steps)
        return "-".join(str(n) for _, n in steps)


# --------------------------------------------------------------------------- parsing


def parse_mark_comment(text: str) -> list[tuple] | None:
    """Parse one comment (without its '#'). None for an ordinary comment; a list of
    ("source", label) / ("sink", label, severity, threat_model) / ("ok",) / ("step", labels) otherwise."""
    body = text.strip()
    if not _MARK_START.match(body):
        return None
    if "--" in body:
        body = body.split("--", 1)[0].rstrip()
    marks: list[tuple] = []
    pos = 0
    while pos < len(body):
        if body[pos].isspace():
            pos += 1
            continue
        if m := _TOKEN_SINK.match(body, pos):
            label = m.group("label") or ""
            pos = m.end()
            attrs: dict[str, str] = {}
            while pos < len(body):
                while pos < len(body) and body[pos].isspace():
                    pos += 1
                kv = _KEYVAL.match(body, pos)
                if not kv:
                    break
                if kv.group("key") in attrs:
                    raise MarkError(f"repeated {kv.group('key')}= in mark {text.strip()!r}")
                attrs[kv.group("key")] = kv.group("value")
                pos = kv.end()
            severity = attrs.get("severity")
            if severity not in SEVERITIES:
                raise MarkError(f"sink mark needs severity=<{'|'.join(SEVERITIES)}>: {text.strip()!r}")
            tm = attrs.get("threat_model")
            if tm is not None and tm not in THREAT_MODELS:
                raise MarkError(f"unknown threat_model={tm} in {text.strip()!r}")
            marks.append(("sink", label, severity, tm))
        elif m := _TOKEN_SOURCE.match(body, pos):
            marks.append(("source", m.group("label") or ""))
            pos = m.end()
        elif m := _TOKEN_OK.match(body, pos):
            marks.append(("ok",))
            pos = m.end()
        elif m := _TOKEN_STEP.match(body, pos):
            labels = tuple(label.strip() for label in body[m.end():].split(";"))
            if not all(labels):
                raise MarkError(f"step mark needs labels separated by ';': {text.strip()!r}")
            marks.append(("step", labels))
            pos = len(body)           # the labels run to the end of the comment (or its note)
        else:
            raise MarkError(f"cannot parse mark at {body[pos:]!r} in comment {text.strip()!r}")
    return marks


def parse_flow(text: str, *, folder: bool) -> list[tuple[str, int]]:
    steps = []
    for part in text.split("-"):
        m = _FLOW_STEP.match(part.strip())
        if not m:
            raise MarkError(f"bad expect-flow step {part!r} in {text!r}")
        if folder and not m.group("path"):
            raise MarkError(f"expect-flow in a folder case needs file:line steps: {text!r}")
        if not folder and m.group("path"):
            raise MarkError(f"expect-flow in a single-file case takes bare line numbers: {text!r}")
        steps.append((m.group("path") or "", int(m.group("line"))))
    return steps


def parse_source_text(source: str, rel: str, case: CaseMarks) -> None:
    """Add the marks and directives of one file's text to `case`."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as exc:   # corpus files must tokenize
        raise MarkError(f"{rel}: cannot tokenize: {exc}") from exc
    lines = source.splitlines()
    tm_seen = None
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        line = tok.start[0]
        comment = tok.string
        whole_line = lines[line - 1][: tok.start[1]].strip() == ""
        if whole_line and (d := _DIRECTIVE.match(comment)):
            name, label, value = d.group(1), (d.group(2) or "[]")[1:-1], d.group(3)
            if name in ("threat-models", "xfail") and label:
                raise MarkError(f"{rel}:{line}: {name} takes no label")
            if name == "threat-models":
                tm_seen = value
            elif name == "xfail":
                if not value or case.xfail is not None:
                    raise MarkError(f"{rel}:{line}: xfail needs its reason, once per case")
                case.xfail = value
            else:
                if label in case.expect_flows:
                    raise MarkError(f"{rel}:{line}: expect-flow{'[' + label + ']' if label else ''} given twice")
                steps = parse_flow(value, folder=case.is_folder)
                if not case.is_folder:
                    steps = [(rel, n) for _, n in steps]
                case.expect_flows[label] = steps
            continue
        if whole_line:
            continue                          # ordinary full-line comment (or commented-out code)
        try:
            marks = parse_mark_comment(comment[1:])
        except MarkError as exc:
            raise MarkError(f"{rel}:{line}: {exc}") from None
        for mark in marks or ():
            if mark[0] == "source":
                case.sources.append(SourceMark(rel, line, mark[1]))
            elif mark[0] == "sink":
                case.sinks.append(SinkMark(rel, line, mark[1], mark[2], mark[3]))
            elif mark[0] == "step":
                case.steps.append(StepMark(rel, line, mark[1]))
            else:
                case.ok_lines.add((rel, line))
    if tm_seen is not None:
        if case.threat_models != DEFAULT_THREAT_MODELS and case.threat_models != tm_seen:
            raise MarkError(f"{rel}: threat-models {tm_seen!r} contradicts {case.threat_models!r}")
        case.threat_models = tm_seen


def case_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def load_case(root: Path) -> CaseMarks:
    """Parse every file of a case and check the marks are consistent."""
    case = CaseMarks(root=root)
    for path in case_files(root):
        rel = path.name if root.is_file() else path.relative_to(root).as_posix()
        case.files.append(rel)
        parse_source_text(path.read_text(encoding="utf-8"), rel, case)
    validate(case)
    return case


def validate(case: CaseMarks) -> None:
    name = case.root.name
    sink_labels = {s.label for s in case.sinks}
    source_labels = {s.label for s in case.sources}
    for s in case.sources:
        if s.label not in sink_labels:
            raise MarkError(f"{name}: {s.path}:{s.line}: source{'[' + s.label + ']' if s.label else ''} "
                            f"has no sink with the same label")
    for s in case.sinks:
        if s.label not in source_labels:
            raise MarkError(f"{name}: {s.path}:{s.line}: sink{'[' + s.label + ']' if s.label else ''} "
                            f"has no source with the same label")
        if (s.path, s.line) in case.ok_lines:
            raise MarkError(f"{name}: {s.path}:{s.line}: a line cannot be both sink and ok")
    seen = set()
    for e in case.expected():
        if e.key in seen:
            raise MarkError(f"{name}: the same (source, sink) pair is marked twice: {e.describe()}")
        seen.add(e.key)
    for label, steps in case.expect_flows.items():
        pairs = [e for e in case.expected() if e.label == label]
        if len(pairs) != 1:
            raise MarkError(f"{name}: expect-flow{'[' + label + ']' if label else ''} needs exactly one "
                            f"marked (source, sink) pair with that label, found {len(pairs)}")
        e = pairs[0]
        if steps[0] != (e.source_path, e.source_line) or steps[-1] != (e.sink_path, e.sink_line):
            raise MarkError(f"{name}: expect-flow {case.format_flow(steps)} must start at the source "
                            f"{e.source_path}:{e.source_line} and end at the sink {e.sink_path}:{e.sink_line}")
        if any(a == b for a, b in zip(steps, steps[1:])):
            raise MarkError(f"{name}: expect-flow {case.format_flow(steps)} repeats a step; collapse it")
    try:
        _parse_threat_models(case.threat_models)
    except ValueError as exc:
        raise MarkError(f"{name}: {exc}") from None


def _parse_threat_models(text: str) -> frozenset[str]:
    names = {p.strip().lower() for p in text.split(",") if p.strip()}
    if names == {"all"}:
        return frozenset(THREAT_MODELS)
    if not names or names - set(THREAT_MODELS):
        raise ValueError(f"bad threat-models directive {text!r}")
    return frozenset(names)


def discover(corpus: Path) -> list[Path]:
    """Every case under the corpus: .py files and folders directly inside a category folder."""
    cases = []
    for category in sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for entry in sorted(category.iterdir()):
            if entry.name.startswith((".", "_")):
                continue
            if entry.is_dir() or entry.suffix == ".py":
                cases.append(entry)
    return cases


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Got:
    """One (source, sink) pair a finding reports, reduced to what the corpus checks. Paths relative to the
    case root. Only the primary source's pair has the finding's flow; other sources' pairs have none."""
    sink_path: str
    sink_line: int
    source_path: str
    source_line: int
    severity: str                                    # this source's
    threat_model: str
    flow: tuple[tuple[str, int], ...]
    steps: tuple[tuple[str, int, str], ...] = ()     # (path, line, label) of every step, not collapsed
    finding: int = 0                                 # which finding (sink call) of the scan reports it
    primary: bool = True
    finding_severity: str | None = None              # the finding's; None: this source's

    @property
    def key(self) -> tuple:
        return (self.sink_path, self.sink_line, self.source_path, self.source_line, self.severity)

    def describe(self) -> str:
        return (f"sink {self.sink_path}:{self.sink_line} <- source {self.source_path}:{self.source_line} "
                f"severity={self.severity} threat_model={self.threat_model}")


def scan(case: CaseMarks):
    """Scan a case as the corpus test does: with the engine's Python API, the case's threat models."""
    from deserialguard.catalog import threat_models
    from deserialguard.engine import scan_paths

    return scan_paths([case.root], threat_models_enabled=threat_models.parse(case.threat_models))


def relative_to_case(path: str, root: Path) -> str:
    """A reported path as the marks name it: relative to the case folder, or the file's name."""
    p = Path(path)
    base = root if root.is_dir() else root.parent
    candidates = [p] if p.is_absolute() else [Path.cwd() / p, base / p]
    for cand in candidates:
        cand = cand.resolve()
        if root.is_file() and cand == root.resolve():
            return root.name
        try:
            return cand.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path


def collapse(steps: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for step in steps:
        if not out or out[-1] != step:
            out.append(step)
    return out


def reduce_findings(findings, root: Path) -> list[Got]:
    """One Got per source of each finding, the primary first."""
    got = []
    for index, f in enumerate(findings):
        steps = tuple((relative_to_case(loc.path, root), loc.line, loc.label) for loc in f.flow)
        flow = tuple(collapse([(path, line) for path, line, _ in steps]))
        sink_path = relative_to_case(f.sink.path, root)
        for number, source in enumerate(f.sources):
            primary = number == 0
            got.append(Got(sink_path, f.sink.line, relative_to_case(source.location.path, root),
                           source.location.line, source.severity.label, source.threat_model,
                           flow if primary else (), steps if primary else (), index, primary, f.severity.label))
    return got


def _severity_problems(got: list[Got]) -> list[str]:
    """A finding's severity is the highest of its sources', and its primary source has it."""
    problems = []
    findings: dict[int, list[Got]] = {}
    for g in got:
        findings.setdefault(g.finding, []).append(g)
    for gs in findings.values():
        highest = min((g.severity for g in gs), key=SEVERITIES.index)
        primary = [g for g in gs if g.primary]
        reported = gs[0].finding_severity or highest
        if reported != highest or len(primary) != 1 or primary[0].severity != highest:
            problems.append(f"NOT THE HIGHEST SEVERITY: the finding at sink {gs[0].sink_path}:{gs[0].sink_line} "
                            f"is {reported}, its primary source {', '.join(g.describe() for g in primary)}; "
                            f"the highest of its sources is {highest}")
    return problems


def _step_problems(case: CaseMarks, got: list[Got]) -> list[str]:
    """Every finding through a `step:` line carries exactly the marked labels there."""
    problems = []
    for mark in case.steps:
        passing = 0
        for g in got:
            labels = tuple(label for path, line, label in g.steps if (path, line) == (mark.path, mark.line))
            if not labels:
                continue
            passing += 1
            if labels != mark.labels:
                problems.append(f"WRONG STEP LABELS at {mark.path}:{mark.line} for {g.describe()}:\n"
                                f"    expected {'; '.join(mark.labels)}\n    got      {'; '.join(labels)}")
        if not passing:
            problems.append(f"NO FLOW through the step mark at {mark.path}:{mark.line} ({'; '.join(mark.labels)})")
    return problems


def compare(case: CaseMarks, got: list[Got]) -> list[str]:
    """Every difference between the marks and the findings, as lines of text; empty when they agree."""
    problems: list[str] = []
    expected = case.expected()
    exp_keys = {e.key: e for e in expected}
    got_by_key: dict[tuple, list[Got]] = {}
    for g in got:
        got_by_key.setdefault(g.key, []).append(g)

    missing = [e for k, e in exp_keys.items() if k not in got_by_key]
    extra = [g for k, gs in got_by_key.items() if k not in exp_keys for g in gs]
    for e in missing:
        near = [g for g in got if g.sink_path == e.sink_path and g.sink_line == e.sink_line]
        hint = ("; reported at that sink instead: " + ", ".join(g.describe() for g in near)) if near else ""
        problems.append(f"MISSING (false negative): {e.describe()}{hint}")
    for g in extra:
        on_ok = (g.sink_path, g.sink_line) in case.ok_lines
        kind = "FLAGGED SAFE CALL (sink on an '# ok' line)" if on_ok else "EXTRA (false positive)"
        problems.append(f"{kind}: {g.describe()} flow {case.format_flow(list(g.flow))}")
    for key, gs in got_by_key.items():
        if len(gs) > 1:
            problems.append(f"DUPLICATE: {len(gs)} findings for one (source, sink) pair: {gs[0].describe()}")
    for e in expected:
        gs = got_by_key.get(e.key)
        if gs and e.threat_model and all(g.threat_model != e.threat_model for g in gs):
            problems.append(f"WRONG THREAT MODEL: {e.describe()}; got {gs[0].threat_model}")
    for label, steps in case.expect_flows.items():
        (e,) = [x for x in expected if x.label == label]
        gs = got_by_key.get(e.key)
        primary = [g for g in gs or () if g.primary]
        if gs and not primary:
            first = [p for p in got if p.primary and p.finding in {g.finding for g in gs}]
            problems.append(f"NOT THE PRIMARY SOURCE: expect-flow is for {e.describe()}, but the finding "
                            f"reports first {', '.join(g.describe() for g in first)}")
        elif primary and list(primary[0].flow) != steps:
            problems.append(f"WRONG FLOW for {e.describe()}:\n    expected {case.format_flow(steps)}\n"
                            f"    got      {case.format_flow(list(primary[0].flow))}")
    problems += _severity_problems(got)
    problems += _step_problems(case, got)
    if problems:
        problems.append("expected: " + ("; ".join(e.describe() for e in expected) or "no finding"))
        problems.append("got:      " + ("; ".join(g.describe() for g in got) or "no finding"))
    return problems
