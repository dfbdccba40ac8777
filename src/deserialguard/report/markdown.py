"""Markdown: one record per finding, in the shape of DESIGN.md and the seed records.

A record, byte for byte (`<...>` filled in):

    # <title>
    <blank>
    Language: Python
    Severity: <Critical|High|Medium|Low>
    CWE: CWE-502
    <blank>
    ## Source
    <line>
    [Also: <line> (<threat model>, <severity>): <what is read there>]    (one per other source)
    <blank>
    ## Flow
    <line>-<line>-...-<line>
    <blank>
    ## Sink
    <line>
    <blank>
    ## Vulnerable Code
    ```python
    <the whole file holding the flow>
    ```
    <blank>
    ## Explanation
    <blank>
    <one paragraph, written from the flow>
    <blank>
    ## Remediation
    <blank>
    <one paragraph: the rule's REMEDIATION; with remediation_note, a blank line and what fix changed>
    <blank>
    ## Secure Code
    ```python
    <secure_code(finding), or a comment saying no automatic fix is available yet>
    ```

Decisions:
- Lines: within one file, bare line numbers (`6-10-11`); when the flow (or another source) crosses
  files, every line in Source, Flow and Sink carries its file, named relative to the deepest folder
  holding all of those files (`app.py:12-codec.py:4-codec.py:9`). Consecutive duplicates (the same file
  and line twice in a row) collapse into one.
- Sources: one record per sink call. Source is the primary source, whose flow Flow shows (the highest
  severity, then the shortest flow); each other source that reaches the call follows on an `Also:` line
  of its own, in the finding's order. A record with one source has no such line.
- Vulnerable Code: the full text of the file. When the flow crosses files, every file of the flow in
  the order the flow first reaches it (so the source's file first and the sink's file last), each as
  a line with its name in backticks followed by its own ```python block, blocks separated by a blank
  line. Unreadable files fall back to the flow's own code lines, marked by a comment.
- Secure Code: a fenced python block always follows the heading, so every record has the same shape;
  without a fix it holds one comment line saying that no automatic fix is available yet.
- Records are separated by a blank line, `---` and a blank line. Scan errors follow the records as a
  `# Scan errors` list, separated the same way. No findings and no errors give an empty document.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Sequence

from deserialguard.findings import Finding, Location, ScanError, ScanResult, Source
from deserialguard.report._paths import same_file, short_names
from deserialguard.rules import RULES

SecureCode = Callable[[Finding], "str | None"]
ReadSource = Callable[[str], "str | None"]
RemediationNote = Callable[[Finding], "str | None"]     # a paragraph appended to Remediation (from fix)

SEPARATOR = "\n---\n\n"
NO_FIX = "# No automatic fix is available yet for this finding: apply the Remediation above by hand."


def render(result: ScanResult, *, secure_code: SecureCode | None = None,
           read_source: ReadSource | None = None, remediation_note: RemediationNote | None = None) -> str:
    parts = [render_finding(f, secure_code=secure_code, read_source=read_source,
                            remediation_note=remediation_note) for f in result.findings]
    if result.errors:
        parts.append(render_errors(result.errors))
    return SEPARATOR.join(parts)


def render_finding(finding: Finding, *, secure_code: SecureCode | None = None,
                   read_source: ReadSource | None = None,
                   remediation_note: RemediationNote | None = None) -> str:
    read_source = read_source or _read_file
    steps = collapse(finding.flow)
    names = _names(finding)
    rule = _rule(finding.family)
    remediation = rule.remediation if rule else (
        "Replace the deserializer with a data-only format such as JSON and accept only payloads whose "
        "signature, made with a server-held key, verifies before anything is parsed.")
    note = remediation_note(finding) if remediation_note else None
    if note:                   # what `deserialguard fix` changed and what callers must now do
        remediation = f"{remediation}\n\n{note}"
    fixed = secure_code(finding) if secure_code else None
    lines = [
        f"# {finding.title}",
        "",
        "Language: Python",
        f"Severity: {finding.severity.title}",
        f"CWE: {finding.cwe}",
        "",
        "## Source",
        _ref(finding.source, names),
        *(_also(other, names) for other in finding.others),
        "",
        "## Flow",
        "-".join(_ref(step, names) for step in steps),
        "",
        "## Sink",
        _ref(finding.sink, names),
        "",
        "## Vulnerable Code",
        *_vulnerable_code(finding, names, read_source),
        "",
        "## Explanation",
        "",
        explanation(finding),
        "",
        "## Remediation",
        "",
        remediation,
        "",
        "## Secure Code",
        *_fenced(fixed if fixed is not None else NO_FIX),
    ]
    return "\n".join(lines) + "\n"


def render_errors(errors: Sequence[ScanError]) -> str:
    lines = ["# Scan errors", "", "These files could not be analysed; the scan went on without them.", ""]
    lines += [f"- `{error.path}`: {' '.join(error.reason.split())}" for error in errors]
    return "\n".join(lines) + "\n"


def flow_line(finding: Finding) -> str:
    names = _names(finding)
    return "-".join(_ref(step, names) for step in collapse(finding.flow))


def collapse(flow: Sequence[Location]) -> list[Location]:
    """The flow without consecutive repeats of the same file and line."""
    steps: list[Location] = []
    for step in flow:
        if steps and steps[-1].line == step.line and same_file(steps[-1].path, step.path):
            continue
        steps.append(step)
    return steps


# --- Explanation -----------------------------------------------------------------------------------

_IMPACT = {
    "remote": "run arbitrary code on the server with a single request",
    "network": "run arbitrary code in this process by sending it one message",
    "download": "run arbitrary code on every machine that downloads and loads it",
    "local": "run arbitrary code with the privileges of this program",
    "datastore": "turn write access to that store into code execution in this application",
    "library": "run arbitrary code in every application that passes such data to it",
}


def explanation(finding: Finding) -> str:
    """One paragraph from the flow: where the data enters, what happens to it, where it is
    deserialized, why that executes code and what an attacker gains."""
    names = _names(finding)
    cross_file = len(set(names.values())) > 1
    source, sink = finding.source, finding.sink
    call = sink_call(finding)
    if finding.family == "pickle-transport" and _same_place(source, sink):
        last = f"unpickles it in the same `{call}` call"
    else:
        last = f"passes it to `{call}`"
    clauses: list[tuple[str, Location]] = [(f"takes {finding.source_description}", source)]
    for step in finding.flow[1:-1]:
        clause = step_clause(step.label)
        if clause:
            clauses.append((clause, step))
    clauses.append((last, sink))
    # A line reference goes after the last clause of each run of clauses on the same line.
    items = []
    for index, (text, where) in enumerate(clauses):
        following = clauses[index + 1][1] if index + 1 < len(clauses) else None
        if following is None or not _same_place(where, following):
            line = f"line {where.line}" + (f" of {names[where.path]}" if cross_file else "")
            text = f"{text} ({line})"
        items.append(text)
    sentence = f"The application {_join(items)} without verifying where it came from."
    rule = _rule(finding.family)
    why = rule.explanation if rule and rule.explanation else (
        "This deserializer can construct arbitrary objects and call functions named in the data.")
    impact = _IMPACT.get(finding.threat_model, "run arbitrary code in this process")
    attacker = f"An attacker who controls {finding.source_description} can therefore {impact}."
    return " ".join(part if part.endswith(".") else part + "." for part in (sentence, why, attacker))


def sink_call(finding: Finding) -> str:
    """The sink as written in the label ("deserialized by pickle.loads()" -> "pickle.loads()")."""
    match = re.match(r"deserialized by (.+?)\.?$", finding.sink.label.strip())
    if match:
        return match.group(1).strip("`")
    return f"{finding.sink_api}()"


def step_clause(label: str) -> str | None:
    """A middle step's label (a past-participle phrase) as a clause whose subject is the application:
    "base64-decoded" -> "base64-decodes it", "passed to f()" -> "passes it to `f()`". None for steps
    not worth a clause ("assigned")."""
    label = " ".join(label.split()).rstrip(".")
    if not label or label == "assigned" or label.startswith("assigned "):
        return None
    if label.startswith("read from the file"):
        return "reads" + label[len("read from"):]          # "reads the file it names"
    match = re.fullmatch(r"received as parameter (\w+) of (.+)", label)
    if match:
        return f"receives it in the parameter `{match.group(1)}` of {_code(match.group(2))}"
    for prefix, verb in (("read from ", "reads it back from "), ("returned from ", "gets it back from "),
                         ("passed to ", "passes it to "), ("stored in ", "stores it in "),
                         ("transformed by ", "transforms it with ")):
        if label.startswith(prefix):
            return verb + _code(label[len(prefix):])
    first, _, rest = label.partition(" ")
    head, dash, word = first.rpartition("-")       # "base64-decoded": head "base64", word "decoded"
    third = _PAST_TO_THIRD.get(word.lower())
    if third is None:
        return f"has it {_code(label)}"
    return f"{head}{dash}{third} it" + (f" {_code(rest)}" if rest else "")


_BASES = """
    accumulate add append assign attach await base64 buffer cache capture cast coerce collect combine
    compress concatenate convert copy decode decompress decrypt deflate deserialize download embed
    encapsulate encode encrypt escape extend extract fetch filter format forward hash index inflate
    insert interpolate join load lower marshal merge normalize open pack pad parse pass persist pipe
    prepend queue quote receive reformat replace return reverse sanitize save serialize slice store
    strip substitute transform translate transmit trim truncate unescape unmarshal unpack unpad unquote
    unwrap unzip upper validate wrap yield zip
""".split()
_DOUBLED = {"format", "pad", "unpad", "reformat", "strip", "trim", "wrap", "unwrap", "zip", "unzip"}
_IRREGULAR = {"read": "read", "sent": "send", "built": "build", "got": "get", "split": "split",
              "put": "put", "set": "set", "written": "write", "taken": "take", "given": "give",
              "held": "hold", "kept": "keep", "found": "find", "made": "make", "fed": "feed",
              "cast": "cast", "bound": "bind", "thrown": "throw", "drawn": "draw"}


def _past(base: str) -> str:
    if base in _DOUBLED:
        return base + base[-1] + "ed"
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    return base + "ed"


def _third_person(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


_PAST_TO_THIRD = {_past(base): _third_person(base) for base in _BASES}
_PAST_TO_THIRD.update({past: _third_person(base) for past, base in _IRREGULAR.items()})

_CODE_TOKEN = re.compile(
    r"(?<![`\w.])(\.?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\(\)|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![`\w])")


def _code(text: str) -> str:
    """Put dotted names and calls in backticks: "io.BytesIO" -> "`io.BytesIO`"."""
    return _CODE_TOKEN.sub(lambda m: f"`{m.group(1)}`", text)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- helpers ---------------------------------------------------------------------------------------

def _rule(family: str):
    return next((rule for rule in RULES.values() if rule.family == family), None)


def _names(finding: Finding) -> dict[str, str]:
    return short_names([*(step.path for step in finding.flow), *(other.location.path for other in finding.others)])


def _also(other: Source, names: dict[str, str]) -> str:
    label = " ".join(other.location.label.split())
    return f"Also: {_ref(other.location, names)} ({other.threat_model}, {other.severity.label}): {label}"


def _same_place(a: Location, b: Location) -> bool:
    return a.line == b.line and same_file(a.path, b.path)


def _ref(step: Location, names: dict[str, str]) -> str:
    if len(set(names.values())) > 1:
        return f"{names[step.path]}:{step.line}"
    return str(step.line)


def _files_in_order(flow: Sequence[Location]) -> list[str]:
    files: list[str] = []
    for step in flow:
        if not any(same_file(step.path, seen) for seen in files):
            files.append(step.path)
    return files


def _vulnerable_code(finding: Finding, names: dict[str, str], read_source: ReadSource) -> list[str]:
    files = _files_in_order(finding.flow)
    if len(files) == 1:
        return _fenced(_file_text(files[0], finding.flow, read_source))
    lines: list[str] = []
    for path in files:
        if lines:
            lines.append("")
        lines.append(f"`{names[path]}`")
        lines += _fenced(_file_text(path, finding.flow, read_source))
    return lines


def _file_text(path: str, flow: Sequence[Location], read_source: ReadSource) -> str:
    text = read_source(path)
    if text is not None:
        return text
    steps = [step for step in collapse(flow) if same_file(step.path, path)]
    return "\n".join(["# (file could not be read; the lines of the flow follow)"] +
                     [f"{step.code}  # line {step.line}" for step in steps])


def _read_file(path: str) -> str | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _fenced(text: str) -> list[str]:
    body = text.rstrip("\n")
    longest = max((len(m.group(1)) for m in re.finditer(r"^[ \t]*(`{3,})", body, re.M)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "python", *body.split("\n"), fence]
