"""A persistent cache of demand-driven scans, so that re-scanning a tree after an edit costs next to nothing.

A scan's result depends only on its inputs (demand.Inputs): which files exist, what each one's imports join
it to, and for each group of files no import joins (engine/components.py) the files its scan parsed and
the names it searched callers of. The cache keeps the last result with those inputs, group by group, one
JSON file per scan configuration (paths, threat models, working folder, and the analyser's own code) in
the user's cache folder. A re-scan checks the folders' and files' modification times, reads and hashes
only files whose times changed, and keeps the result when no change can alter it (an edit to a file the
scan parsed, where the scan did not read it, included: engine/readings.py); a change that can alter it
scans again only the changed files' groups, unless it changes what a file imports (the groups
themselves may change: a full scan). JSON, never pickle: a cache file is data, read defensively. It
holds its format's number and a SHA-256 digest of its content, checked before the content is parsed;
the content is then checked field by field. A missing, corrupt, foreign or damaged cache file only
means a full scan; writes go to a temporary file renamed into place, so concurrent runs never see half
a file (the last writer wins).
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, NamedTuple

from deserialguard import __version__
from deserialguard import engine
from deserialguard.engine.components import file_imports, imports_digest
from deserialguard.engine.demand import Inputs, Part, content_digest
from deserialguard.engine import prefilter
from deserialguard.engine.parse import MAX_BYTES, decode_source, display_path, read_bytes
from deserialguard.engine.project import Project
from deserialguard.engine.readings import Reading, Searches, reread
from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity, Source

FORMAT = 7
# A cache file is one JSON object laid out exactly so, {"format":7,"sha256":"<64 hex digits>","content":{...}},
# the digest that of the content's bytes: they are checked before they are parsed.
_HEAD = b'{"format":%d,"sha256":"' % FORMAT
_DIGEST_END = len(_HEAD) + 64
_CONTENT = b'","content":'
# Each configuration (paths, threat models, working folder, analyser) has a cache file of its own, a few MB
# for a large tree; those not used for this long, or beyond this many most recently used, are removed.
KEEP_DAYS = 30
KEEP_FILES = 64
# Writing the cache file anew costs more than reading a few changed files again: after edits that change
# no result, it is written only once this many files would be read again on each run.
REREAD_AT_MOST = 32
# A file changed within this long before the cache was written may change again within the same
# modification-time tick; such files are hashed again rather than trusted ("racy git").
RACY_NS = 2_000_000_000


def cache_folder() -> Path:
    from platformdirs import user_cache_dir
    return Path(os.environ.get("DESERIALGUARD_CACHE_DIR") or user_cache_dir("deserialguard", appauthor=False))


def cached_scan(paths: Iterable[str | Path], threat_models: frozenset[str], progress=None,
                jobs: int | None = None) -> ScanResult:
    """A demand-driven scan, reusing the last result for the same configuration, in whole or for every
    group of files no change since can alter."""
    paths = [str(p) for p in paths]
    file = cache_folder() / f"scan-{_configuration_key(paths, threat_models)}.json"
    cached = _read(file)
    reused = _reuse(cached) if cached is not None else None
    if reused is not None:
        inputs, stale, read_again = reused
        fresh = engine.rescan_parts(paths, threat_models, [inputs.parts[i].files for i in stale],
                                    progress=progress, jobs=jobs) if stale else []
        if fresh is not None:
            for index, part in zip(stale, fresh):
                inputs.parts[index] = part
            result = engine.result_of(inputs.parts, inputs.unread, cached.files_scanned)
            if stale or read_again > REREAD_AT_MOST:
                _write(file, result, inputs)
            else:
                with contextlib.suppress(OSError):
                    os.utime(file)          # used: its modification time says when (see _prune())
            return result
    inputs = Inputs()
    result = engine.scan_paths(paths, threat_models, inputs=inputs, progress=progress, jobs=jobs)
    _write(file, result, inputs)
    _prune(file)
    return result


def _prune(keep: Path) -> None:
    """Removes the cache files not used for KEEP_DAYS days or beyond the KEEP_FILES most recently used
    (never `keep`), and temporary files a killed run left a day ago or more. Paths, working folders and
    versions come and go; their files would stay for ever."""
    now = time.time()
    try:
        entries = sorted(((entry.stat().st_mtime, Path(entry.path)) for entry in os.scandir(keep.parent)
                          if entry.name.startswith("scan-") and entry.is_file()), reverse=True)
    except OSError:
        return
    results = [(mtime, path) for mtime, path in entries if path.suffix == ".json"]
    old = {path for rank, (mtime, path) in enumerate(results) if rank >= KEEP_FILES or now - mtime > KEEP_DAYS * 86400}
    old |= {path for mtime, path in entries if path.suffix == ".tmp" and now - mtime > 86400}
    for path in old - {keep}:
        with contextlib.suppress(OSError):
            path.unlink()


def _configuration_key(paths: list[str], threat_models: frozenset[str]) -> str:
    """The paths as given and the working folder (reports show paths relative to it), the threat models,
    and the analyser's version and code (a development checkout changes without a new version)."""
    package = Path(__file__).resolve().parent.parent
    code = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in package.rglob("*.py"))
    text = json.dumps([FORMAT, __version__, os.getcwd(), [os.path.abspath(p) for p in paths],
                       sorted(threat_models), code])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _reuse(cached: Cached) -> tuple[Inputs, list[int], int] | None:
    """The stored inputs, brought up to date; the groups whose part must be scanned again; how many files
    had to be read again (their times changed). None when the whole tree must be scanned again."""
    inputs = cached.inputs
    for folder, mtime in inputs.folders.items():      # and ignore files (engine/discover.py)
        try:
            if os.stat(folder).st_mtime_ns != mtime:
                return None            # a file was added, removed or renamed, or an ignore file edited
        except OSError:
            return None
    group_of = _group_of(inputs.parts)
    searches: dict[int, Searches] = {}          # what each group's scan searched for, built once a run
    written = cached.written_ns
    stale, read_again = {index for index, part in enumerate(inputs.parts) if part.failed}, 0
    for path, (mtime, size, digest) in inputs.files.items():
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if stat.st_mtime_ns == mtime and stat.st_size == size and mtime < written - RACY_NS:
            continue
        if digest is None or stat.st_size > MAX_BYTES:
            return None                # was or becomes unreadable: scan again, to report it right
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        now = content_digest(data)
        if now != digest:
            if imports_digest(file_imports(data, Path(path), Project())) != inputs.imports.get(path):
                return None            # it may join groups, or part them
            group = group_of[path]
            if group not in stale:
                part = inputs.parts[group]
                if group not in searches:
                    searches[group] = Searches(part.searched, part.tops)
                if not _cannot_matter(path, data, part, searches[group]) \
                        and not _read_as_before(part, path, data, searches[group]):
                    stale.add(group)
        inputs.files[path] = [stat.st_mtime_ns, stat.st_size, now]
        read_again += 1
    return inputs, sorted(stale), read_again


def _cannot_matter(path: str, data: bytes, part: Part, searches: Searches) -> bool:
    """A changed file its group's scan did not parse, which still holds no sink, names no function whose
    callers that scan searched (other groups' scans never read it), and decodes as before (what it
    imports unchanged: its group is the same): the result stands."""
    if path in part.parsed or prefilter.may_hold_sink(data) or searches.named.in_bytes(data):
        return False
    return not isinstance(decode_source(data, path), ScanError)


def _read_as_before(part: Part, path: str, data: bytes, searches: Searches) -> bool:
    """A changed file the group's scan parsed, changed only where the scan did not read it (see
    engine/readings.py): the part stands, its findings' lines in the file moved with the edit."""
    stored = part.readings.get(path)
    try:
        before = _decoded(stored) if stored else None
        again = before and reread(Path(path), data, before, searches)
    except (Damaged, TypeError, ValueError, IndexError):       # a reading that does not validate: scan the group
        again = None
    if not again:
        return False
    reading, lines, text = again
    if _idle_named_elsewhere(before.idle, reading.idle, path, data, part):
        return False
    display = display_path(path)
    steps = {location.line for finding in part.findings for location in _locations(finding)
             if location.path == display}
    if not steps <= lines.keys():
        return False                   # a step outside the code the scan read: not expected, but then scan it

    def moved(step: Location) -> Location:
        if step.path != display:
            return step
        line = lines[step.line]
        return dataclasses.replace(step, line=line, code=text[line - 1].strip())     # its comment may differ
    part.findings = [finding.relocated(moved) for finding in part.findings]
    part.readings[path] = reading
    return True


def _idle_named_elsewhere(before: list[str], after: list[str], path: str, data: bytes, part: Part) -> bool:
    """Whether code may call an idle function the edit added or removed (engine/readings.py): the file
    spells its name other than where it defines it, or another file the group parsed spells it at all.
    Code the scan did not parse cannot call it: that code is not analysed, before or after."""
    now, then = Counter(after), Counter(before)
    names = set((now - then) + (then - now))
    if not names:
        return False
    words = prefilter.Words(names)
    spelled = words.counts(data)
    if any(spelled[name] != now[name] for name in names):
        return True
    for other in sorted(part.parsed - {path}):
        text = read_bytes(other)           # a str: 850 Path objects would cost more than the search
        if isinstance(text, ScanError) or words.in_bytes(text):
            return True
    return False


class Cached(NamedTuple):
    inputs: Inputs
    files_scanned: int
    written_ns: int


class Damaged(Exception):
    """Content of a cache file that does not validate."""


def _read(file: Path) -> Cached | None:
    """What the cache file holds; None if it is missing, foreign or damaged."""
    try:
        content = decode(file.read_bytes())
        if content is not None:
            return Cached(_inputs_from_json(content), files_scanned=_number(content["files_scanned"]),
                          written_ns=_number(content["written_ns"]))
    except OSError:
        pass
    except (Damaged, KeyError, TypeError, ValueError, AttributeError, IndexError):
        pass           # the right digest, content of a wrong shape: written by a bug, or by hand
    return None


def encode(content: dict) -> bytes:
    """A cache file holding `content` (see decode())."""
    return framed(json.dumps(content, separators=(",", ":")).encode())     # dumps encodes in C; dump, in Python


def framed(body: bytes) -> bytes:
    """A cache file holding these bytes of JSON as its content."""
    return _HEAD + hashlib.sha256(body).hexdigest().encode() + _CONTENT + body + b"}"


def decode(data: bytes) -> dict | None:
    """The content of a cache file of this format, None if its bytes are not those written (see encode())."""
    start = _DIGEST_END + len(_CONTENT)
    if not (data.startswith(_HEAD) and data[_DIGEST_END:start] == _CONTENT and data.endswith(b"}")):
        return None
    body = memoryview(data)[start:-1]       # not copied: a large tree's cache file is megabytes
    if hashlib.sha256(body).hexdigest().encode() != data[len(_HEAD):_DIGEST_END]:
        return None
    try:
        text = str(body, "ascii")           # json.dumps() escapes every other character
    except UnicodeDecodeError:
        return None
    if "\\u0000" in text:
        return None     # a NUL: no path, code or reason the scan writes holds one (the system refuses it in a path)
    try:
        content = json.loads(text)
    except (ValueError, RecursionError):    # RecursionError: nested deeper than the interpreter's limit
        return None
    return content if isinstance(content, dict) else None


def _write(file: Path, result: ScanResult, inputs: Inputs) -> None:
    """The inputs, each group's part with them; the result is rebuilt from the parts."""
    import tempfile         # here: a re-scan whose result stands writes nothing
    data = encode({"written_ns": time.time_ns(), "files_scanned": result.files_scanned, **_inputs_to_json(inputs)})
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, file)
    except OSError:
        pass       # a cache that cannot be written costs the next run time, not this one its result


def _inputs_to_json(inputs: Inputs) -> dict:
    """Each file's path once, with its times, digest, what its imports join it to and its group's index
    (-1: unreadable, in no group): the paths are most of the file, which a re-scan reads whole."""
    group_of = _group_of(inputs.parts)
    files = {path: [*state, inputs.imports.get(path), group_of.get(path, -1)] for path, state in inputs.files.items()}
    return {"folders": inputs.folders, "files": files, "unread": [error.to_dict() for error in inputs.unread],
            "parts": [_part_to_json(part) for part in inputs.parts]}


def _group_of(parts: list[Part]) -> dict[str, int]:
    return {path: index for index, part in enumerate(parts) for path in part.files}


def _inputs_from_json(stored: dict) -> Inputs:
    parts = [_part_from_json(part) for part in _typed(stored["parts"], list)]
    folders = _typed(stored["folders"], dict)
    _valid(all(type(mtime) is int for mtime in folders.values()))
    inputs = Inputs(folders=folders, parts=parts, unread=[_error_from_json(e) for e in _typed(stored["unread"], list)])
    for path, entry in _typed(stored["files"], dict).items():
        mtime, size, digest, imports, group = entry      # one check a file: a large tree has thousands
        _valid(type(entry) is list and type(mtime) is int and type(size) is int and type(group) is int
               and -1 <= group < len(parts) and (digest is None if group < 0 else type(digest) is str)
               and (imports is None or type(imports) is str))
        inputs.files[path] = [mtime, size, digest]
        if group >= 0:
            inputs.imports[path] = imports
            parts[group].files.append(path)
    return inputs


def _part_to_json(part: Part) -> dict:
    return {"parsed": sorted(part.parsed), "searched": sorted(part.searched),
            "findings": [_finding_to_json(f) for f in part.findings], "errors": [e.to_dict() for e in part.errors],
            "readings": {path: _encoded(reading) for path, reading in part.readings.items()},
            "tops": sorted(part.tops)}


def _part_from_json(stored: dict) -> Part:
    readings = _typed(stored["readings"], dict)
    _valid(all(type(reading) is list for reading in readings.values()))    # their content: see _read_as_before()
    return Part(files=[], findings=[_finding_from_json(f) for f in _typed(stored["findings"], list)],
                errors=[_error_from_json(e) for e in _typed(stored["errors"], list)], parsed=_names(stored["parsed"]),
                searched=_names(stored["searched"]), tops=_names(stored["tops"]), readings=readings)


# A part's readings stay as the cache file holds them until an edit asks for one: decoding them all would
# cost a re-scan after a one-file edit a tenth of its time.
def _decoded(reading: Reading | list) -> Reading:
    if isinstance(reading, Reading):
        return reading
    runs, unread, uses, digest, idle, read_top = reading
    _valid(all(type(number) is int for number in _typed(runs, list) + _typed(unread, list)) and type(digest) is str)
    for names in (uses, idle, read_top):
        _strings(names)
    return Reading.from_json(reading)


def _encoded(reading: Reading | list) -> list:
    return reading.to_json() if isinstance(reading, Reading) else reading


def _locations(finding: Finding) -> list[Location]:
    return [*finding.flow, *(other.location for other in finding.others)]


def _finding_to_json(finding: Finding) -> dict:
    return {"rule": finding.rule, "severity": finding.severity.label, "threat_model": finding.threat_model,
            "title": finding.title, "sink_api": finding.sink_api, "family": finding.family,
            "source_description": finding.source_description, "cwe": finding.cwe,
            "flow": [step.to_dict() for step in finding.flow],
            "others": [other.to_dict() for other in finding.others]}


def _finding_from_json(stored: dict) -> Finding:
    flow = _typed(stored["flow"], list)
    _valid(len(flow) > 0)
    return Finding(rule=_text(stored["rule"]), severity=Severity.parse(_text(stored["severity"])),
                   threat_model=_text(stored["threat_model"]), title=_text(stored["title"]),
                   sink_api=_text(stored["sink_api"]), family=_text(stored["family"]),
                   source_description=_text(stored["source_description"]), cwe=_text(stored["cwe"]),
                   flow=tuple(map(_location_from_json, flow)),
                   others=tuple(map(_source_from_json, _typed(stored["others"], list))))


def _source_from_json(stored: dict) -> Source:
    return Source(_location_from_json(stored), _text(stored["threat_model"]), Severity.parse(_text(stored["severity"])))


def _location_from_json(stored: dict) -> Location:
    return Location(path=_text(stored["path"]), line=_number(stored["line"], least=1),
                    column=_number(stored["column"]), code=_text(stored["code"]), label=_text(stored["label"]))


def _error_from_json(stored: dict) -> ScanError:
    return ScanError(path=_text(stored["path"]), reason=_text(stored["reason"]))


# Each value read from a cache file is checked for the type the scan's result needs, so that damage shows
# here, as Damaged, and not in a report.
def _valid(condition: bool) -> None:
    if not condition:
        raise Damaged


def _typed(value, kind: type):
    _valid(type(value) is kind)
    return value


def _text(value) -> str:
    return _typed(value, str)


def _number(value, least: int = 0) -> int:
    _valid(type(value) is int and value >= least)
    return value


def _strings(value) -> list[str]:
    _valid(all(type(text) is str for text in _typed(value, list)))
    return value


def _names(value) -> set[str]:
    return set(_strings(value))
