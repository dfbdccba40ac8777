"""The taint engine: discover files, parse them with the stdlib `ast`, and follow untrusted data from
sources to deserialization sinks across functions and files. Nothing scanned is imported or run."""
from __future__ import annotations

import contextlib
import functools
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from deserialguard.catalog import threat_models
from deserialguard.engine import bodies, prefilter
from deserialguard.engine.budget import BudgetExceeded
from deserialguard.engine.components import (ModuleFiles, file_imports, import_targets, imports_digest, joined_groups,
                                             module_files)
from deserialguard.engine.discover import discover
from deserialguard.engine.dispatch import Dispatch
from deserialguard.engine.demand import INTERNAL_ERROR, Demand, Inputs, Part, not_text, prepare_attribute_facts
from deserialguard.engine.parse import display_path, parse_file, read_bytes
from deserialguard.engine.readings import ATTRIBUTES, OUTSIDE, Searches, reading_of
from deserialguard.engine.project import ClassInfo, FunctionInfo, ModuleInfo, Project
from deserialguard.engine.public import is_public_api
from deserialguard.engine.values import Param, SourceHit, Steps, Trace, Value, merge
from deserialguard.engine.workers import available_processors, side_by_side
from deserialguard.findings import Finding, Location, ScanError, ScanResult, Severity, Source, numbered

if TYPE_CHECKING:
    from deserialguard.engine.flow import Summary

# The analysis (engine/flow.py and what it imports) and the rules are imported when first used: a re-scan
# that reuses its cache analyses nothing, and their import is a tenth of its time.

# Deeply nested but valid code (long literal tables, generated parsers) parses and is analysed up to this
# depth; deeper files become "too deeply nested" errors, and the scan goes on.
RECURSION_LIMIT = 6000
MAX_ROUNDS = 4          # fields written in one method and read in another settle in two or three
MAX_WAVES = 64          # a change to a summary climbs one caller per wave; recursion could make it cycle


class Engine:
    def __init__(self, project: Project, enabled: frozenset[str], texts: dict[Path, bytes] | None = None):
        self.project = project
        self.enabled_models = enabled
        self.texts = texts or {}                     # the bytes the scan read: parsed as read, not read again
        self.sink_calls: dict[tuple, SinkCall] = {}  # (path, line, column, API) -> what reaches it
        self.errors: list[ScanError] = []
        self.stale_readers: set = set()              # code that read a field before it gained data or a kind
        self.changed_functions: set = set()          # functions whose parameters turned out to be sources
        self.readers: dict = {}                      # (class, attribute) -> functions and modules reading it
        self.in_progress: set = set()                # (function, context) being analysed
        self.running: set = set()                    # modules whose top-level code is being analysed
        self.shared: dict[str, SharedObject] = {}    # flask.g and the like: attributes shared by all code
        self.first_passed: set = set()
        self.examined: set[Path] = set()             # files parsed or refused: the result depends on them
        self.read_bodies: set = set()                # functions whose bodies the analysis looked into
        self.reachers: set = set()                   # functions that deserialize, themselves or through a callee
        self.dispatch = Dispatch(self)               # overrides a call on an object of a project class reaches
        self.deserializers: set = set()              # functions that call a sink themselves
        self.sink_attributes: set[str] = set()       # attribute names whose value may reach a sink there
        self.fields_passed_over: dict = {}           # attribute -> functions that did not pass it on (see
                                                     # Calls.pass_field_on)
        self.follow_calls = True
        self.progress = _no_progress                 # (what, done, total, findings): for a progress bar
        self.queued = 0                              # root modules taken in so far
        self.done = 0
        self.keep_read_soon: int | None = None       # see load()
        self.exhausted: dict = {}                    # function or module -> what it did within its budget
        project.load = self.load
        project.run_top_level = self.first_pass

    def enabled(self, threat_model: str) -> bool:
        return threat_model in self.enabled_models

    # ----- the whole project

    def run(self, roots: list[ModuleInfo], functions: list[FunctionInfo] | None = None,
            more_roots=lambda: ([], [])) -> None:
        """Analyse the root modules' top-level code and the given functions (all of the roots' if None),
        and through summaries whatever they call, until no field or entry point changes; then take in
        what `more_roots` returns (callers found by name: modules, functions) and go on."""
        if functions is None:
            functions = [f for module in roots for f in module.every_function]
        while roots or functions:
            self.analyse(roots, functions)
            roots, functions = more_roots()
        if self.enabled("library"):
            self.report_library_parameters()

    def analyse(self, roots: list[ModuleInfo], functions: list[FunctionInfo]) -> None:
        self.queued += len(roots)
        for module in roots:                   # first the module-level names (apps, clients)
            self.first_pass(module)
        waiting = set(roots)
        modules = roots
        # Code that read a field a first pass stored since (a class body: `VERSION = 1`), here or between
        # analyses (engine/demand.py runs the modules of classes whose fields analysed code reads).
        stale_functions, stale_modules = self.in_order(self.stale_readers)
        functions = [*functions, *(f for f in stale_functions if f not in functions)]
        modules = [*modules, *(m for m in stale_modules if m not in modules)]
        for _ in range(MAX_ROUNDS):
            self.stale_readers, self.changed_functions = set(), set()
            self.refresh(functions, modules, waiting)
            if not (self.stale_readers or self.changed_functions):
                break
            functions, modules = self.in_order(self.stale_readers | self.changed_functions)

    def refresh(self, functions: list[FunctionInfo], modules: list[ModuleInfo], waiting: set) -> None:
        """Analyse these functions and modules again; then the callers of those whose summaries changed
        (they used the old ones), and so on up, until no summary changes."""
        for _ in range(MAX_WAVES):
            changed = self.rerun(functions, modules, waiting)
            functions, modules = self.in_order({caller for f in changed for caller in f.callers})
            if not (functions or modules):
                return

    def rerun(self, functions: list[FunctionInfo], modules: list[ModuleInfo], waiting: set) -> list:
        """Returns the functions whose summary (for any caller's type context) is not what it was."""
        before = {f: (f.summary, dict(f.contexts)) for f in functions}
        for function in functions:
            function.summary = None
            function.contexts.clear()
        for function in functions:
            self.guarded(function.module.display, lambda: self.summary_of(function))
            self.count_done(function.module, waiting)
        for module in modules:
            self.run_code(module)
            self.count_done(module, waiting)
        changed = []
        for function, (summary, contexts) in before.items():
            for context in contexts:
                self.guarded(function.module.display, lambda: self.summary_of(function, context))
            if summary is not None and (function.summary != summary or function.contexts != contexts):
                changed.append(function)
        return changed

    def count_done(self, module: ModuleInfo, waiting: set) -> None:
        if module in waiting:
            waiting.discard(module)
            self.done += 1
            self.progress("analysing", self.done, self.queued, len(self.sink_calls))

    def first_pass(self, module: ModuleInfo) -> None:
        if module not in self.first_passed:
            self.first_passed.add(module)
            self.run_code(module, follow_calls=False)

    def run_code(self, module: ModuleInfo, follow_calls: bool = True) -> None:
        """Analyse the module's top-level code (the first pass: without following calls)."""
        if module in self.exhausted:
            return
        outermost = module not in self.running      # else what its code calls runs it again
        self.running.add(module)
        self.guarded(module.display, lambda: _analysis(self, module).run_module(), follow_calls)
        if outermost:
            self.running.discard(module)
            if self.bodies_let_go(module):
                bodies.let_go_of_code(module)       # read again: see load()

    def load(self, path: Path, data: bytes | None = None) -> ModuleInfo | None:
        """Parse a file into the project (in a demand-driven scan, when a name first resolves into it)."""
        self.examined.add(path)
        parsed = parse_file(path, display_path(path), self.texts.get(path) if data is None else data)
        if isinstance(parsed, ScanError):
            self.error(parsed.path, parsed.reason)
            return None
        module = self.project.add(parsed)
        # With `keep_read_soon` set, the bodies of a module's functions and its top-level code are let go
        # once so many more modules were parsed (engine/bodies.py): what a name resolved into it for is
        # mostly read by then; a body or statement read later, or read again, is parsed again.
        if self.keep_read_soon is not None and len(self.project.modules) > self.keep_read_soon:
            earlier = self.project.modules[-self.keep_read_soon - 1]
            prepare_attribute_facts(earlier)
            bodies.let_go(earlier, self.functions_in_progress() | self.running)
        return module

    def let_go_of_trees(self) -> None:
        """Once the findings are known: modules, classes and functions refer to one another, and a scan
        runs with the cycle collector off, so their syntax trees would otherwise stay until the process
        ends, beside the report being written (a 2 MB module's tree is 280 MB)."""
        for module in self.project.modules:
            bodies.let_go(module, set())

    def bodies_let_go(self, module: ModuleInfo) -> bool:
        """Whether load() has let go of the module's function bodies and code (the project lists modules
        as load() parsed them)."""
        return self.keep_read_soon is not None and \
            self.project.position[module] < len(self.project.modules) - self.keep_read_soon

    def functions_in_progress(self) -> set[FunctionInfo]:
        """The functions being analysed, in any type context."""
        return {function for function, _ in self.in_progress}

    def in_order(self, units: set) -> tuple[list[FunctionInfo], list[ModuleInfo]]:
        """The functions and modules among `units`, in the order the project lists them (the first path
        found to a source is the one reported: the order must not depend on hashing)."""
        position = self.project.position.__getitem__
        return (sorted((u for u in units if isinstance(u, FunctionInfo)), key=position),
                sorted((u for u in units if isinstance(u, ModuleInfo)), key=position))

    def guarded(self, display: str, work, follow_calls: bool = True) -> None:
        # Without calls followed (the first pass, which only learns module-level names) a barrier in a
        # helper is unknown: what that pass would report is not reported.
        outer, self.follow_calls = self.follow_calls, follow_calls
        try:
            work()
        except BudgetExceeded as exceeded:
            self.exhausted[exceeded.unit] = None
            self.error(display, str(exceeded))
        except RecursionError:
            self.error(display, "too deeply nested to analyse")
        except Exception as error:        # a bug of ours must cost one file, not the scan
            self.error(display, f"{INTERNAL_ERROR} ({type(error).__name__}: {error}); "
                                "please report it")
        finally:
            self.follow_calls = outer

    def error(self, display: str, reason: str) -> None:
        error = ScanError(display, reason)
        if error not in self.errors:
            self.errors.append(error)

    def summary_of(self, function: FunctionInfo, context: tuple = ()) -> Summary | None:
        """The function's summary, analysing it on first use; per caller-side type context if any.
        None while it is being analysed (recursion) or before calls are followed."""
        known = function.contexts.get(context) if context else function.summary
        if known is not None:
            return known
        key = (function, context)
        if key in self.in_progress or not self.follow_calls:
            return None
        if function in self.exhausted:          # analysed again, it would only exhaust its budget again
            summary = self.exhausted[function]
        else:
            summary = self.analysed(function, context)
        if context:
            function.contexts[context] = summary
        else:
            function.summary = summary
        return summary

    def analysed(self, function: FunctionInfo, context: tuple) -> Summary:
        self.first_pass(function.module)       # its module's variables, if nothing looked them up yet
        self.read_bodies.add(function)
        key = (function, context)
        self.in_progress.add(key)
        analysis = _analysis(self, function.module, function, context)
        try:
            summary = analysis.run_function()
        except BudgetExceeded as exceeded:      # what it found so far holds; callers go on with that
            self.error(function.module.display, str(exceeded))
            summary = self.exhausted[function] = analysis.summary
        finally:
            self.in_progress.discard(key)
        if self.bodies_let_go(function.module) and function not in self.functions_in_progress():
            bodies.let_go_of(function)          # read again, and seldom read once more: see load()
        return summary

    def add_entries(self, function: FunctionInfo, entries: dict) -> None:
        """Parameters a framework fills with untrusted data, learnt from how the function is registered."""
        new = {index: row for index, row in entries.items() if index not in function.entries}
        if new:
            function.entries.update(new)
            self.changed_functions.add(function)

    def note_sink_attributes(self, names: set[str]) -> None:
        """Attribute names a sink's data spells; code that passed a field of one of them over is stale."""
        for name in names - self.sink_attributes:
            self.stale_readers |= self.fields_passed_over.pop(name, set())
        self.sink_attributes |= names

    def shared_object(self, name: str) -> SharedObject:
        return self.shared.setdefault(name, SharedObject(name))

    def store_field(self, cls: ClassInfo, attr: str, value: Value) -> None:
        current = cls.fields.get(attr)
        updated = merge(current, value) if current is not None else value
        if current is None or len(updated.traces) != len(current.traces) or updated.type != current.type:
            cls.fields[attr] = updated
            # When the class first stores the field (a parameter's object answers for it from then on:
            # flow.class_member), untrusted data reached it, or it learnt what kind of object it holds, the
            # code that read it before runs again (in another round); code that reads it later sees the news.
            gained_taint = len(updated.traces) > (len(current.traces) if current is not None else 0)
            gained_kind = (updated.type or updated.ref) and (current is None or not (current.type or current.ref))
            if current is None or gained_taint or gained_kind:
                self.stale_readers |= self.readers.get((cls, attr), set())

    # ----- findings

    def add_finding(self, trace: Trace, row) -> None:
        if not self.follow_calls:
            return
        sink = trace.steps.last
        key = (sink.path, sink.line, sink.column, row.api)
        call = self.sink_calls.get(key)
        if call is None:
            call = self.sink_calls[key] = SinkCall(row)
        call.add(trace)

    @property
    def findings(self) -> dict[tuple, Finding]:
        """One finding per sink call that untrusted data reaches: (path, line, column, API) -> finding."""
        return {key: call.finding() for key, call in self.sink_calls.items()}

    def report_library_parameters(self) -> None:
        """Parameters of the package's public functions and classes (engine/public.py), called by the scanned
        code or not: the library-as-sink case."""
        for function in self.project.functions:
            summary = function.summary
            if summary is None or not summary.param_sinks or not is_public_api(function, self.project):
                continue
            for trace, row in summary.param_sinks:
                param: Param = trace.origin
                first = trace.steps.first
                hit = SourceHit(first.path, first.line, first.column, "library")
                label = f"the parameter {param.name} of the public function {function.name}()"
                start = Location(first.path, first.line, first.column, first.code, label)
                self.add_finding(Trace(hit, Steps.of((start, *trace.steps.as_tuple()[1:]))), row)


def _no_progress(what: str, done: int, total: int, findings: int) -> None:
    pass


def _analysis(engine: Engine, module: ModuleInfo, function: FunctionInfo | None = None, context: tuple = ()):
    from deserialguard.engine.flow import Analysis
    return Analysis(engine, module, function, context)


class SharedObject:
    """An object every request handler shares (`flask.g`): its attributes are fields, like a class's."""

    def __init__(self, qualname: str):
        self.qualname = qualname
        self.fields: dict = {}


class SinkCall:
    """A sink call and the sources that reach it: for each source, its best trace (see _rank())."""

    def __init__(self, row):
        self.row = row
        self.traces: dict = {}          # origin -> trace

    def add(self, trace: Trace) -> None:
        kept = self.traces.get(trace.origin)
        if kept is None or _before(trace, kept):
            self.traces[trace.origin] = trace

    def finding(self) -> Finding:
        from deserialguard import rules
        primary, *others = sorted(self.traces.values(), key=lambda trace: (_rank(trace), _places(trace)))
        origin = primary.origin
        return Finding(
            rule=rules.rule_for_family(self.row.family).code,
            severity=_severity(origin),
            threat_model=origin.threat_model,
            title=self.row.title,
            sink_api=self.row.display or self.row.api,
            family=self.row.family,
            source_description=primary.steps.first.label,
            flow=primary.steps.as_tuple(),
            others=tuple(Source(trace.steps.first, trace.origin.threat_model, _severity(trace.origin))
                         for trace in others),
        )


def _severity(origin: SourceHit) -> Severity:
    return threat_models.SEVERITY[origin.threat_model]


def _rank(trace: Trace) -> tuple:
    """Which trace a finding reports, the lowest first: the highest severity, then the shortest flow, then
    the source first in its file; between flows still equal, the first by the places they pass (never the
    order traces were found in, which differs between a demand-driven and an exhaustive scan)."""
    first = trace.steps.first
    return -_severity(trace.origin), len(trace.steps), first.path, first.line, first.column


def _places(trace: Trace) -> list[tuple]:
    return [(step.path, step.line, step.column, step.label) for step in trace.steps]


def _before(trace: Trace, other: Trace) -> bool:
    """Whether `trace` ranks before `other` (their steps are compared only when all else is equal)."""
    mine, theirs = _rank(trace), _rank(other)
    return mine < theirs or (mine == theirs and _places(trace) < _places(other))


def scan_paths(paths: Iterable[str | Path], threat_models_enabled: frozenset[str] = threat_models.DEFAULT,
               exhaustive: bool = False, inputs: "Inputs | None" = None, progress=None,
               jobs: int | None = None) -> ScanResult:
    """Scan files and folders; findings sorted by path and line, errors for files that could not be read.

    By default the scan is demand-driven (engine/prefilter.py): only files that can hold a sink are parsed
    up front, others when the analysis reaches them. `exhaustive` parses and analyses every file; the
    findings are the same, and it also reports syntax errors in files that hold no sink. `inputs`, if
    given, receives what the result of a demand-driven scan depends on (see engine/cache.py); `progress`,
    if given, is called now and then with (what, done, total, findings so far). The demand-driven scan
    splits the files into groups no import joins (engine/components.py) and scans them in `jobs`
    processes side by side (one per processor if None); the exhaustive scan is one process, the
    reference the other is tested against."""
    with _scanning():
        return _scan(paths, frozenset(threat_models_enabled), exhaustive, inputs, progress or _no_progress,
                     available_processors() if jobs is None else jobs)


def rescan_parts(paths: Iterable[str | Path], threat_models_enabled: frozenset[str], groups: list[list[str]],
                 progress=None, jobs: int | None = None) -> list[Part] | None:
    """Scan these groups of a demand-driven scan of `paths` again (engine/cache.py, after an edit that
    can alter their findings); None if one of their files can no longer be read."""
    with _scanning():
        texts = {}
        for group in groups:
            for name in group:
                data = read_bytes(Path(name))
                if isinstance(data, ScanError):
                    return None
                texts[Path(name)] = data
        index = Project()
        index.index(list(texts))
        holding = {path for path, data in texts.items() if prefilter.may_hold_sink(data)}
        return _scan_groups([[Path(name) for name in group] for group in groups], texts, paths, holding, index,
                            frozenset(threat_models_enabled), progress or _no_progress,
                            available_processors() if jobs is None else jobs, record=True)


@contextlib.contextmanager
def _scanning():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    collecting = gc.isenabled()
    gc.disable()        # syntax trees are acyclic and live all scan: the cycle collector only slows parsing 5x
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)
        if collecting:
            gc.enable()


def _scan(paths, enabled: frozenset[str], exhaustive: bool, inputs: Inputs | None, progress,
          jobs: int) -> ScanResult:
    errors: list[ScanError] = []
    files = list(discover(paths, errors, None if inputs is None else inputs.folders))
    if exhaustive:
        engine = Engine(Project(), enabled)
        engine.progress = progress
        roots = []
        for count, path in enumerate(files, 1):
            module = engine.load(path)
            if module is not None:
                roots.append(module)
            progress("parsing", count, len(files), 0)
        engine.run(roots)
        engine.let_go_of_trees()
        return result_of([Part([], list(engine.findings.values()), engine.errors, set(), set())], errors, len(files))
    texts = {}
    for count, path in enumerate(files, 1):
        progress("reading", count, len(files), 0)
        data = read_bytes(path)
        if isinstance(data, ScanError):
            errors.append(data)
        else:
            texts[path] = data
        if inputs is not None:
            inputs.add_file(path, data)
    index = Project()
    index.index(list(texts))
    holding, groups, digests = _file_facts(texts, index, jobs, digests=inputs is not None)
    parts = _scan_groups(groups, texts, paths, holding, index, enabled, progress, jobs, record=inputs is not None)
    if inputs is not None:
        inputs.parts, inputs.unread = parts, errors
        inputs.imports = {str(path): digest for path, digest in digests.items()}
    return result_of(parts, errors, len(files))


def result_of(parts: list[Part], unread: list[ScanError], files_scanned: int) -> ScanResult:
    """The scan's result from its groups' parts: findings sorted by sink (see findings.numbered())."""
    findings = numbered([finding for part in parts for finding in part.findings])
    return ScanResult(findings=findings, errors=unread + [error for part in parts for error in part.errors],
                      files_scanned=files_scanned)


def _scan_groups(groups: list[list[Path]], texts, paths, holding, index: Project, enabled, progress,
                 jobs: int, record: bool) -> list[Part]:
    """`record`: note in each part how its scan read the files it parsed (engine/readings.py)."""
    named = {Path(p) for p in paths if Path(p).is_file()}
    scan = functools.partial(_scan_group, texts=texts, named=named, holding=holding, index=index, enabled=enabled,
                             record=record)
    weights = [sum(1 for path in group if path in holding or path in named) for group in groups]
    return side_by_side(groups, scan, jobs, weights, progress, _failed_group)


def _failed_group(paths: list[Path], reason: str) -> Part:
    """The part of a group whose scan raised past every boundary inside it, or whose worker died."""
    return Part([str(path) for path in paths], [], [_internal_error(paths, reason, "are missing")], set(), set())


def _internal_error(paths: list[Path], reason: str, findings: str) -> ScanError:
    return ScanError(display_path(min(paths)), f"{INTERNAL_ERROR} ({reason}); the findings of "
                     f"this file's group of {len(paths)} files {findings}; please report it")


# Modules parsed after one before its function bodies are let go (see Engine.load). On the benchmark corpus
# (benchmarks/speed.py) 16 left 423 MB at the peak and 2 387 MB, for 440 more bodies parsed again (4,272 in
# all, 133 thousand lines of the 675 thousand the scan parses).
KEEP_READ_SOON = 2
PARALLEL_BYTES = 8 << 20      # below this much source, reading it in workers costs more than it saves


def _file_facts(texts: dict[Path, bytes], index: Project, jobs: int,
                digests: bool = False) -> tuple[set[Path], list[list[Path]], dict]:
    """The files that may hold a sink (prefilter), the groups no import joins (components), and, if
    `digests`, each file's components.imports_digest() (for the cache; else {}): in `jobs` workers, each a
    share of the files, when there is enough to read. A worker sends back positions and digests, no paths
    or sets of names."""
    paths = list(texts)
    where = module_files(paths, index)
    shares = jobs if sum(map(len, texts.values())) > PARALLEL_BYTES else 1
    facts_of = functools.partial(_facts_of, paths=paths, texts=texts, index=index, where=where, digests=digests)
    # A share whose worker failed is worked out here: reading bytes for words and imports is bounded work.
    facts = side_by_side([range(start, len(paths), shares) for start in range(shares)], facts_of, jobs,
                         [1] * shares, _no_progress, lambda share, reason: facts_of(share, _no_progress))
    holding, targets, digested = set(), [()] * len(paths), [None] * len(paths)
    for share in facts:
        for position, holds, joined, digest in share:
            targets[position], digested[position] = joined, digest
            if holds:
                holding.add(paths[position])
    return holding, joined_groups(paths, targets), dict(zip(paths, digested)) if digests else {}


def _facts_of(positions: range, progress, paths: list[Path], texts: dict[Path, bytes], index: Project,
              where: ModuleFiles, digests: bool) -> list:
    facts = []
    for position in positions:
        path = paths[position]
        data = texts[path]
        try:
            imported = file_imports(data, path, index)
            facts.append((position, prefilter.may_hold_sink(data),
                          import_targets(position, imported, where, paths, index),
                          imports_digest(imported) if digests else None))
        except Exception:   # a bug of ours reading this file: it is parsed, in a group of its own
            facts.append((position, True, (), None))
    return facts


def _scan_group(paths: list[Path], progress, texts, named, holding, index: Project, enabled,
                record: bool) -> Part:
    if not any(path in holding or path in named for path in paths):
        # Nothing here can hold a sink, so the demand-driven scan would parse nothing: of ten thousand
        # small files, most are such groups, and setting up a scan for each cost more than the rest.
        refused = {path: error for path in paths if (error := not_text(path, texts[path])) is not None}
        part = Part([str(path) for path in paths], [], list(refused.values()), set(map(str, refused)), set())
        if record:
            part.tops = {index.module_name(path)[0].split(".")[0] for path in paths}
        return part
    project = Project()
    project.share_file_facts(index)
    group_texts = {path: texts[path] for path in paths}
    engine = Engine(project, enabled, group_texts)
    engine.progress = progress
    engine.keep_read_soon = KEEP_READ_SOON
    try:
        project.index(paths)
        demand = Demand(engine, group_texts, named, holding)
        engine.run(*demand.candidates(), more_roots=demand.callers)
        part = Part([str(path) for path in paths], list(engine.findings.values()), engine.errors,
                    {str(path) for path in demand.analysed | engine.examined}, set(demand.searched))
        if record:
            part.readings, part.tops = _readings(engine, demand, holding), set(project.top_names)
    except Exception as error:      # a bug of ours must cost one group, not the scan: what it found stands
        reason = f"{type(error).__name__}: {error}"
        errors = [*engine.errors, _internal_error(paths, reason, "may be incomplete")]
        part = Part([str(path) for path in paths], list(engine.findings.values()), errors, set(), set())
    engine.let_go_of_trees()
    return part


def _readings(engine: Engine, demand: Demand, holding: set[Path]) -> dict:
    """How the scan read each file it parsed (engine/readings.py)."""
    project = engine.project
    searches = Searches(set(demand.searched), project.top_names)
    classes: dict[ModuleInfo, list[str]] = {}
    for cls in project.classes:
        classes.setdefault(cls.module, []).append(cls.qualname)
    found = {}
    for module in project.modules:
        path = module.parsed.path
        data = demand.texts[path]
        uses = [fact for fact, asked in ((ATTRIBUTES, module.attribute_facts is not None),
                                         (OUTSIDE, path in demand.outside)) if asked]
        reading = reading_of(module, data, engine.read_bodies, classes.get(module, []),
                             prefilter.sink_callables(data) if path in holding else set(), searches, uses)
        if reading is not None:
            found[str(path)] = reading
    return found
