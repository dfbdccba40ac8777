"""A persistent cache of demand-driven scans, so that re-scanning a tree after an edit costs next to nothing.

A scan's result depends only on its inputs (demand.Inputs): which files exist, the files it parsed, and
whether any other file can hold a sink or names a function it searched callers of. The cache keeps the
last result with those inputs, one JSON file per scan configuration (paths, threat models, working
folder, and the analyser's own code) in the user's cache folder. A re-scan checks the folders' and
files' modification times, reads and hashes only files whose times changed, and keeps the result when
no change can alter it; otherwise it scans again. JSON, never pickle: a cache file is data, read
defensively. A missing, corrupt or foreign cache file only means a full scan; writes go to a temporary
file renamed into place, so concurrent runs never see half a file (the last writer wins).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Iterable

from deserialguard import __version__
from deserialguard import engine
from deserialguard.engine.demand import Inputs, content_digest
from deserialguard.engine import prefilter
from deserialguard.engine.parse import MAX_BYTES, decode_source
from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity

FORMAT = 1
# A file changed within this long before the cache was written may change again within the same
# modification-time tick; such files are hashed again rather than trusted ("racy git").
RACY_NS = 2_000_000_000


def cache_folder() -> Path:
    from platformdirs import user_cache_dir
    return Path(os.environ.get("DESERIALGUARD_CACHE_DIR") or user_cache_dir("deserialguard", appauthor=False))


def cached_scan(paths: Iterable[str | Path], threat_models: frozenset[str], progress=None,
                jobs: int | None = None) -> ScanResult:
    """A demand-driven scan, reusing the last result for the same configuration when no change since can
    alter it."""
    paths = [str(p) for p in paths]
    file = cache_folder() / f"scan-{_configuration_key(paths, threat_models)}.json"
    stored = _read(file)
    if stored is not None:
        try:
            reused = _reuse(stored)
        except (KeyError, TypeError, ValueError, AttributeError):
            reused = None                  # a cache file of the right format but damaged content
        if reused is not None:
            result, inputs, updated = reused
            if updated:
                _write(file, result, inputs)
            return result
    inputs = Inputs()
    result = engine.scan_paths(paths, threat_models, inputs=inputs, progress=progress, jobs=jobs)
    _write(file, result, inputs)
    return result


def _configuration_key(paths: list[str], threat_models: frozenset[str]) -> str:
    """The paths as given and the working folder (reports show paths relative to it), the threat models,
    and the analyser's version and code (a development checkout changes without a new version)."""
    package = Path(__file__).resolve().parent.parent
    code = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in package.rglob("*.py"))
    text = json.dumps([FORMAT, __version__, os.getcwd(), [os.path.abspath(p) for p in paths],
                       sorted(threat_models), code])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _reuse(stored: dict) -> tuple[ScanResult, Inputs, bool] | None:
    inputs = Inputs(folders=stored["folders"], files=stored["files"], parsed=set(stored["parsed"]),
                    searched=set(stored["searched"]))
    for folder, mtime in inputs.folders.items():
        try:
            if os.stat(folder).st_mtime_ns != mtime:
                return None            # a file was added, removed or renamed
        except OSError:
            return None
    written = stored["written_ns"]
    updated = False
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
        if now != digest and not _cannot_matter(path, data, inputs):
            return None
        inputs.files[path] = [stat.st_mtime_ns, stat.st_size, now]
        updated = True
    return _result_from_json(stored["result"]), inputs, updated


def _cannot_matter(path: str, data: bytes, inputs: Inputs) -> bool:
    """A changed file the last scan never parsed, which still holds no sink, names no function whose
    callers were searched, and decodes as before: the result stands."""
    if path in inputs.parsed or prefilter.may_hold_sink(data):
        return False
    if prefilter.Words(inputs.searched).in_bytes(data):
        return False
    return not isinstance(decode_source(data, path), ScanError)


def _read(file: Path) -> dict | None:
    try:
        with open(file, encoding="utf-8") as handle:
            stored = json.load(handle)
        if stored.get("format") != FORMAT or not isinstance(stored.get("result"), dict):
            return None
        return stored
    except (OSError, ValueError, AttributeError):
        return None


def _write(file: Path, result: ScanResult, inputs: Inputs) -> None:
    stored = {"format": FORMAT, "written_ns": time.time_ns(), "folders": inputs.folders,
              "files": inputs.files, "parsed": sorted(inputs.parsed), "searched": sorted(inputs.searched),
              "result": _result_to_json(result)}
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(stored, out, separators=(",", ":"))
        os.replace(temporary, file)
    except OSError:
        pass       # a cache that cannot be written costs the next run time, not this one its result


def _result_to_json(result: ScanResult) -> dict:
    return {"files_scanned": result.files_scanned,
            "errors": [e.to_dict() for e in result.errors],
            "findings": [{"rule": f.rule, "severity": f.severity.label, "threat_model": f.threat_model,
                          "title": f.title, "sink_api": f.sink_api, "family": f.family,
                          "source_description": f.source_description, "cwe": f.cwe,
                          "flow": [step.to_dict() for step in f.flow]} for f in result.findings]}


def _result_from_json(stored: dict) -> ScanResult:
    findings = [Finding(rule=f["rule"], severity=Severity.parse(f["severity"]), threat_model=f["threat_model"],
                        title=f["title"], sink_api=f["sink_api"], family=f["family"],
                        source_description=f["source_description"], cwe=f["cwe"],
                        flow=tuple(Location(**step) for step in f["flow"]))
                for f in stored["findings"]]
    errors = [ScanError(**e) for e in stored["errors"]]
    return ScanResult(findings=findings, errors=errors, files_scanned=stored["files_scanned"])
