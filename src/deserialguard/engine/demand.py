"""The demand-driven scan: what it analyses, and what its result depends on.

Most files of a large tree hold no sink, and most functions of a file that holds one do not call it. The
scan starts from the functions that can (engine/prefilter.py decides which files, then which functions
spell a sink's name), and takes in more only as the analysis asks: modules when a name resolves into
them, and the functions that call, by name, a function passing a parameter on to a sink. A name counts
where code spells it (not in docstrings, comments or prose strings), and a method not after a name bound
only to an outside module (`json.loads`); engine/spellings.py reads such things from the bytes. The
findings are those of an exhaustive scan (tests/test_demand.py).
"""
from __future__ import annotations

import ast
import bisect
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deserialguard import catalog
from deserialguard.engine import prefilter
from deserialguard.engine.bodies import body_start
from deserialguard.engine.parse import Lines, decode_source, display_path
from deserialguard.engine.project import (ClassInfo, FunctionInfo, ModuleInfo, absolute_import, bindings, first_line,
                                          statements)
from deserialguard.engine.spellings import (has_relative_star_import, has_star_import, import_sources,
                                             line_number, outside_modules, receiver_root, star_imports)
from deserialguard.engine.values import Value
from deserialguard.findings import Finding, ScanError


@dataclass
class Part:
    """What the demand-driven scan of one group of files (engine/components.py) found, and depended on:
    the files it parsed (or refused) and the names it searched for."""
    files: list[str]
    findings: list[Finding]
    errors: list[ScanError]
    parsed: set[str]
    searched: set[str]
    readings: dict = field(default_factory=dict)     # file parsed -> readings.Reading (or, read back from the
                                                     # cache file, its JSON form: engine/cache.py)
    tops: set[str] = field(default_factory=set)      # the first parts of the group's module names

    @property
    def failed(self) -> bool:
        """Whether a bug of ours, or a worker that died, cut its scan short: the cache scans it again."""
        return any(error.reason.startswith(INTERNAL_ERROR) for error in self.errors)


@dataclass
class Inputs:
    """What the result of a demand-driven scan depends on: the folders walked (their entries), every
    file's content and what its imports join it to, and each group's scan (see Part). A change elsewhere
    cannot alter it; a change that can alters only its own group's part, unless it changes what the file
    imports."""
    folders: dict[str, int] = field(default_factory=dict)           # folder -> st_mtime_ns
    files: dict[str, list] = field(default_factory=dict)            # file -> [st_mtime_ns, size, sha256]
    imports: dict[str, str] = field(default_factory=dict)           # file -> components.imports_digest()
    parts: list[Part] = field(default_factory=list)
    unread: list[ScanError] = field(default_factory=list)           # files in no group: not readable

    @property
    def parsed(self) -> set[str]:
        return {path for part in self.parts for path in part.parsed}

    def add_file(self, path: Path, data: bytes | ScanError) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return
        digest = content_digest(data) if isinstance(data, bytes) else None
        self.files[str(path)] = [stat.st_mtime_ns, stat.st_size, digest]


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


INTERNAL_ERROR = "internal error while analysing"


def not_text(path: Path, data: bytes) -> ScanError | None:
    """Why a file not parsed (yet) cannot be, if it is not text: said at once, as its parse would."""
    if b"\x00" in data or not data.isascii():
        decoded = decode_source(data, display_path(path))
        if isinstance(decoded, ScanError):
            return decoded
    return None


class Demand:
    """What a demand-driven scan analyses, function by function: in files that can hold a sink, the
    functions that spell a sink's name; then, wherever they are, the functions that spell the name of a
    function passing a parameter on to a sink (or into a field of a class that deserializes). With them,
    the top-level code of their modules, the methods of their classes that write the fields they read,
    and the functions that write globals or another object's attributes (code elsewhere reads them)."""

    def __init__(self, engine, texts: dict[Path, bytes], named: set[Path], holding: set[Path]):
        self.engine = engine
        self.texts = texts
        self.named = named                        # named on the command line: always parsed
        self.holding = holding                    # the files that may hold a sink (prefilter)
        self.analysed: set[Path] = set()          # files whose top-level code is a root
        self.chosen: set[FunctionInfo] = set()
        self.searched: dict[str, set[ModuleInfo]] = {}    # name searched for -> its homes then (see callers())
        self.pending: dict[FunctionInfo, set[str]] = {}   # writers of attributes nothing read so far
        self.fields_read: set[tuple] = set()                # (class, attribute) whose writers were chosen
        self.homes: dict[str, set[ModuleInfo]] = {}       # name -> the modules that define it at top level
        self.star_importers: list | None = None     # (file, last part, star_sources()) of files with `import *`
        self.outside: dict[Path, set[bytes]] = {}          # file -> names bound only to outside modules
        self.read: tuple[int, set[str]] = (0, set())        # attributes_read(), for so many readers
        self.quoted: dict[Path, prefilter.Quoted] = {}      # file -> its strings and comments, as far as read

    def candidates(self) -> tuple[list, list]:
        chosen = []
        for path, data in self.texts.items():
            if path in self.named or path in self.holding:
                chosen.append(path)
            elif (error := not_text(path, data)) is not None:
                self.engine.error(error.path, error.reason)
                self.engine.examined.add(path)
        modules = self.take(chosen)
        functions = []
        for module in modules:
            everything = path_of(module) in self.named
            words = prefilter.Words(prefilter.sink_callables(self.texts[path_of(module)]) | sink_aliases(module))
            using = self.functions_using(module, words)
            functions += self.choose(module, lambda f: everything or using(f), root=True)
        return modules, functions

    def callers(self) -> tuple[list, list]:
        functions = self.writers_now_read() + self.field_writers_now_read()
        # A name is searched for again when it has a new home: another `go` that a later round found
        # to reach a sink is called from its own module (or imported from it), not from the first one's.
        names = {name for name in self.wanted_names()
                 if name not in self.searched or not self.homes.get(name, set()) <= self.searched[name]}
        for name in names:
            self.searched[name] = set(self.homes.get(name, ()))
        if not names:
            return [], functions
        words = prefilter.Words(names)
        modules = self.take(sorted(self.files_naming(names)))
        new = set(modules)
        for module in self.engine.project.modules:
            path = path_of(module)
            if module in new or path in self.analysed and words.in_bytes(self.texts.get(path, b"")):
                aliases = local_aliases(module, names)
                using = self.functions_using(module, prefilter.Words(names | aliases) if aliases else words)
                functions += self.choose(module, lambda f: _of_class_named(f, names) or using(f), root=module in new)
        return modules, functions

    def choose(self, module: ModuleInfo, wanted, root: bool = False) -> list[FunctionInfo]:
        """The functions of the module `wanted` accepts; for a module that just became a root, also the
        functions that write shared state that code analysed so far reads (the others wait, see
        writers_now_read()); with them, the methods of their classes that write the fields they read."""
        writes = shared_state_writes(module) if root else []
        read = self.attributes_read() if writes else set()
        picked = []
        for function in module.every_function:
            if function in self.chosen:
                continue
            written = shared_state_written(function, writes)
            if wanted(function) or GLOBAL in written or written & read:
                picked.append(function)
            elif written:
                self.pending[function] = written
        return self.with_writers(module, picked)

    def writers_now_read(self) -> list[FunctionInfo]:
        """Functions of root modules that store an attribute of another object that the analysis has read
        since they were passed over: what they store may now reach a sink."""
        read = self.attributes_read()
        due = [function for function, written in self.pending.items() if written & read]
        picked = []
        for function in due:
            del self.pending[function]
            if function not in self.chosen:
                picked += self.with_writers(function.module, [function])
        return picked

    def field_writers_now_read(self) -> list[FunctionInfo]:
        """The methods that store a field of a class that analysed code read of an object of that class
        (`cfg.blob` where `cfg: Config` is a parameter): flow.class_member answers for a field only if
        the class stores it, which --exhaustive, analysing every method, always knows."""
        picked = []
        for holder, attr in [key for key in self.engine.readers if key not in self.fields_read]:
            self.fields_read.add((holder, attr))
            if not isinstance(holder, ClassInfo):
                continue
            for cls in self.engine.project.mro(holder):
                if isinstance(cls, str):        # what an outside base stores, no method here writes
                    break
                self.engine.first_pass(cls.module)      # its class bodies store fields too (`VERSION = 1`)
                uses = self_attributes(cls.module)
                picked += [method for method in cls.module.every_function
                           if method.cls is cls and method not in self.chosen and method not in picked
                           and attr in attributes_in(uses, method.node, store=True)]
        self.chosen.update(picked)
        return picked

    def attributes_read(self) -> set[str]:
        readers = self.engine.readers            # it only grows
        if self.read[0] != len(readers):
            self.read = (len(readers), {attr for _, attr in readers})
        return self.read[1]

    def with_writers(self, module: ModuleInfo, picked: list[FunctionInfo]) -> list[FunctionInfo]:
        """The functions picked, and the methods of their classes that write the fields they read (or that
        the methods they call on `self` read)."""
        self.chosen.update(picked)
        todo, seen = [f for f in picked if f.cls is not None], set()
        uses = self_attributes(module) if todo else []
        while todo:
            reader = todo.pop()
            if reader in seen:
                continue
            seen.add(reader)
            read = attributes_in(uses, reader.node, store=False)
            helpers = [f for f in module.every_function if f.cls is reader.cls and f.name in read]  # self.blob()
            classes = {g.cls for g in picked}
            writers = [f for f in module.every_function if f.cls is not None and f not in self.chosen
                       and f.cls in classes and attributes_in(uses, f.node, store=True) & read]
            self.chosen.update(writers)
            picked += writers
            todo += writers + helpers
        return picked

    def take(self, paths: list[Path]) -> list:
        modules = []
        for path in paths:
            self.analysed.add(path)
            module = self.engine.project.loaded(path) or self.load(path)
            if module is not None:
                self.engine.first_pass(module)        # entry points registered by top-level code
                modules.append(module)
        return modules

    def load(self, path: Path):
        self.engine.project.forget(path)
        return self.engine.load(path, self.texts[path])

    def wanted_names(self) -> set[str]:
        """Functions whose parameters reach a sink or a field of a class that deserializes, and names
        that modules re-export for a sink: the code that uses them may bring untrusted data. Each as
        code that uses it spells it (see spelling()). Names that only functions, classes and aliases
        bear, not methods, are noted in `homes`, with their modules (see files_naming())."""
        homes: dict[str, set[ModuleInfo]] = {}
        anywhere = set()
        constructors = set()
        deserialized: dict[ClassInfo, set[str] | None] = {}
        reaching = {f.name for f in self.engine.reachers if f.cls is not None}
        for function in self.engine.project.functions:
            summaries = [s for s in (function.summary, *function.contexts.values()) if s is not None]
            fills = any(self.may_deserialize(cls, attr, deserialized)
                        for s in summaries for _, cls, attr in s.param_fields)
            # `serializer.deserialize(blob)` on a parameter, and a method of that name deserializes: its
            # callers may pass an object of that class (Dispatch.worth_a_context).
            dispatches = any(name in reaching for s in summaries for _, name in s.param_calls)
            if fills or dispatches or any(s.param_sinks for s in summaries):
                if function.cls is None or function.name == "__init__":     # called by name, not on an object
                    homes.setdefault(spelling(function), set()).add(function.module)
                    if function.name == "__init__":
                        constructors.add(function.cls)
                else:
                    anywhere.add(spelling(function))
        for cls in self.inheriting(constructors):
            homes.setdefault(cls.name, set()).add(cls.module)
        called = set(homes)
        for module in self.engine.project.modules:
            for alias in sink_aliases(module):
                homes.setdefault(alias, set()).add(module)
            # re-exported under another name (`from .chain import step as entry_point` in a package):
            # code that imports it from this module spells that name
            for alias in local_aliases(module, called):
                homes.setdefault(alias, set()).add(module)
        # Records and objects whose fields a function that deserializes reads: the code that builds
        # them or fills them (`Payload(data=body)`) may put untrusted data there.
        deserializers, attributes = self.engine.deserializers, self.engine.sink_attributes
        for (holder, attr), readers in self.engine.readers.items():
            if isinstance(holder, ClassInfo) and attr in attributes and not readers.isdisjoint(deserializers):
                homes.setdefault(holder.name, set()).add(holder.module)
        self.homes = {name: modules for name, modules in homes.items() if name not in anywhere}
        return anywhere | set(homes)

    def may_deserialize(self, cls, attr: str, known: dict) -> bool:
        """Whether the methods of `cls` can deserialize what its field `attr` holds (see
        fields_deserialized(); `known` remembers its answers). Any code may read an attribute of a
        shared object (`flask.g`) and deserialize it: yes."""
        if not isinstance(cls, ClassInfo):
            return True
        if cls not in known:
            known[cls] = self.fields_deserialized(cls)
        fields = known[cls]
        return fields is None or attr in fields

    def fields_deserialized(self, cls: ClassInfo) -> set[str] | None:
        """The fields of `cls` that its methods reaching a sink read on `self`, with those that the methods
        they call on `self`, or that store a field they read, read in turn; None (any field) if one of those
        methods hands `self` on whole (`helper(self)`, `getattr(self, name)`) or calls it otherwise. A
        class method reads no instance's fields: what it is given is a parameter, followed as such."""
        methods: dict[str, FunctionInfo] = {}
        for ancestor in self.engine.project.mro(cls):
            if isinstance(ancestor, ClassInfo):
                for name, method in ancestor.methods.items():
                    methods.setdefault(name, method)
        todo = [f for f in methods.values() if f in self.engine.reachers and not _is_class_level(f)]
        fields: set[str] = set()
        seen = set()
        while todo:
            method = todo.pop()
            if method in seen:
                continue
            seen.add(method)
            self.engine.read_bodies.add(method)
            if _hands_self_on(method):
                return None
            fields |= attributes_in(self_attributes(method.module), method.node, store=False)
            todo += [m for m in methods.values() if m not in seen and not _is_class_level(m) and (
                m.name in fields or attributes_in(self_attributes(m.module), m.node, store=True) & fields)]
        return fields

    def inheriting(self, constructors: set[ClassInfo]) -> list[ClassInfo]:
        """The classes parsed so far that have no constructor of their own and inherit one of these:
        `Sub(payload)` runs Holder.__init__. Only classes whose bases name one are asked for their MRO
        (which parses the modules of their bases)."""
        project = self.engine.project
        found, names = [], {cls.name for cls in constructors}
        while True:
            new = [cls for cls in project.classes if cls.name not in names and "__init__" not in cls.methods
                   and any(_last_name(base) in names for base in cls.node.bases)
                   and next((c for c in project.mro(cls) if isinstance(c, ClassInfo) and "__init__" in c.methods),
                            None) in constructors]
            if not new:
                return found
            found += new
            names |= {cls.name for cls in new}

    def files_naming(self, names: set[str]) -> set[Path]:
        """The files not analysed yet that can use one of the names. A function, class or alias of a sink
        is used elsewhere only through imports: the file imports it, names a module it can be reached
        through (`codec.restore`), or star-imports its package relatively. A method (`.restore`) can be
        called on any object: every file whose code spells it, unless after an outside module's name."""
        local = {name for name in names if name in self.homes}
        anywhere, any_local = prefilter.Words(names - local), prefilter.Words(local)
        spellers: dict[str, list[Path]] = {name: [] for name in local}
        found = set()
        for path, data in self.texts.items():
            if path in self.analysed:
                continue
            if next(self.spelled_in_code(path, anywhere), None) is not None:
                found.add(path)
            elif any_local.in_bytes(data):
                for name in any_local.found_in_code(data, self.quoted_in(path)):
                    spellers[name].append(path)
        for name, paths in spellers.items():
            homes = {path_of(module) for module in self.homes[name]}
            parts, importers = self.reached_through(name, homes, paths)
            found |= {path for path in paths if path in homes or path in importers
                      or next(parts.starts_in_code(self.texts[path], self.quoted_in(path)), None) is not None
                      or has_relative_star_import(self.texts[path])}
        return found

    def reached_through(self, name: str, homes: set[Path], spellers: list[Path]) -> tuple[prefilter.Words, set]:
        """The last parts of the names of the modules `name` can be reached through (code that reaches
        it through `pkg.codec` names `codec`; through `pkg`, only if pkg re-exports it): its homes, the
        spellers that import it from one of them, and the modules that star-import any of these; with
        the spellers that import it so."""
        if self.star_importers is None:
            self.star_importers = [(path, self.dotted(path)[-1], self.star_sources(path))
                                   for path, data in self.texts.items() if has_star_import(data)]
        parts: set[str] = set()
        importers: set[Path] = set()
        reached = set(homes)
        words = prefilter.Words(parts)
        while reached:
            parts |= {self.dotted(path)[-1] for path in reached}
            words = prefilter.Words(parts)
            reached = {path for path in spellers if path not in importers
                       and any(not parts.isdisjoint(self.absolute(path, source).split("."))
                               for source in import_sources(self.texts[path], name))}
            importers |= reached
            reached |= {path for path, last, sources in self.star_importers if last not in parts
                        and (not parts.isdisjoint(sources) if sources is not None else words.in_bytes(self.texts[path]))}
        return words, importers

    def spelled_in_code(self, path: Path, words: prefilter.Words):
        """Where the code of the file spells one of the names in a way that can reach the scanned code.
        Docstrings show calls the code does not make (`>>> m.load(...)`), and a method after a name the
        file binds only to an outside module is not ours (`json.loads`)."""
        data = self.texts[path]
        for start in words.starts_in_code(data, self.quoted_in(path)):
            if data[start] != 46:       # a name, not a method
                yield start
                continue
            root = receiver_root(data, start)
            if root is None or root not in self.outside_modules(path):
                yield start

    def quoted_in(self, path: Path) -> prefilter.Quoted:
        """Each file's strings and comments are read once, however many searches for callers ask."""
        if path not in self.quoted:
            self.quoted[path] = prefilter.Quoted(self.texts[path])
        return self.quoted[path]

    def functions_using(self, module: ModuleInfo, words: prefilter.Words):
        """Which functions of the module use one of the names (see spelled_in_code())."""
        path = path_of(module)
        data = self.texts[path]
        lines = sorted({line_number(data, start) for start in self.spelled_in_code(path, words)})

        def uses_one(function: FunctionInfo) -> bool:
            index = bisect.bisect_left(lines, first_line(function.node))
            return index < len(lines) and lines[index] <= function.node.end_lineno
        return uses_one

    def outside_modules(self, path: Path) -> set[bytes]:
        if path not in self.outside:
            self.outside[path] = outside_modules(self.texts[path], self.engine.project.top_names, self.quoted_in(path))
        return self.outside[path]

    def star_sources(self, path: Path) -> set[str] | None:
        """The parts of the names of the modules the file star-imports (`from .codec import *` in pkg:
        pkg, codec); None if some of its star imports are not spelled plainly enough to read."""
        written = star_imports(self.texts[path])
        if written is None:
            return None
        return {part for source in written for part in self.absolute(path, source).split(".")}

    def dotted(self, path: Path) -> list[str]:
        return self.engine.project.module_name(path)[0].split(".")

    def absolute(self, path: Path, source: str) -> str:
        """The module a file's `from .source import ...` names (`source` itself if not relative)."""
        level = len(source) - len(source.lstrip("."))
        name, is_package = self.engine.project.module_name(path)
        return absolute_import(name, is_package, source[level:] or None, level)


def spelling(function: FunctionInfo) -> str:
    """How a call to the function is written: a constructor by its class's name, a method after a dot
    (`obj.check(...)`, `self.check`, `Class.check`), anything else by its name."""
    if function.cls is not None and function.name == "__init__":
        return function.cls.name
    if function.cls is not None and function.parent is None:
        return "." + function.name
    return function.name


def _is_class_level(method: FunctionInfo) -> bool:
    return method.is_static or method.is_classmethod


_BARE_SELF = re.compile(r"\bself\b(?!\s*\.\s*[A-Za-z_])")


def _hands_self_on(method: FunctionInfo) -> bool:
    """Whether the method's body spells `self` other than before an attribute (a superset: in a comment
    or a string too); or calls its first parameter something else, which the text search would not see."""
    params = method.params
    if not params or params[0].arg != "self":
        return True
    lines = method.module.parsed.lines[body_start(method.node)[0] - 1:method.node.end_lineno]
    return any(_BARE_SELF.search(line) for line in lines)


def _last_name(node: ast.expr) -> str | None:
    """`Holder` for a base written `Holder` or `codec.Holder`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def local_aliases(module: ModuleInfo, names: set[str]) -> set[str]:
    """Other names the module gives the functions and classes named: `from codec import restore as
    decode`, `decode = restore`. Calls in it spell those."""
    aliases = {local for local, target in module.imports.items() if target.rsplit(".", 1)[-1] in names}
    aliases |= {name for name, value in module.globals.items()
                if isinstance(value, Value) and isinstance(value.ref, (FunctionInfo, ClassInfo))
                and value.ref.qualname.rsplit(".", 1)[-1] in names}
    return aliases - names


def path_of(module: ModuleInfo) -> Path:
    return module.parsed.path


def sink_aliases(module: ModuleInfo) -> set[str]:
    """Names a module binds to a sink: `from pickle import loads as decode`, `decode = pickle.loads`."""
    names = {name for name, target in module.imports.items() if catalog.canonical(target) in catalog.SINKS}
    return names | {name for name, value in module.globals.items()
                    if isinstance(value, Value) and value.type and catalog.canonical(value.type) in catalog.SINKS}


def self_attributes(module: ModuleInfo) -> list[tuple[int, str, bool]]:
    """(line, attribute, stored?) for every `self.attribute` in the module, in line order."""
    return _attribute_facts(module)[0]


def _attribute_facts(module: ModuleInfo) -> tuple[list, list]:
    """self_attributes() and shared_state_writes(). Walking every expression of a module cost more than
    anything else the choice of functions does: stores come from the statements' targets, and reads of
    `self` attributes from the text (every `self.name` spelled, less the stores: a superset)."""
    if module.attribute_facts is None:
        module.attribute_facts = module.prepared_facts or _facts_worked_out(module)
    return module.attribute_facts


def prepare_attribute_facts(module: ModuleInfo) -> None:
    """Work out the module's attribute facts while every body of it is there (engine/bodies.py lets some
    go, and would parse them all again for these), without counting as asked: engine/readings.py keeps
    the facts the scan asked for."""
    if module.attribute_facts is None and module.prepared_facts is None:
        module.prepared_facts = _facts_worked_out(module)


def _facts_worked_out(module: ModuleInfo) -> tuple[list, list]:
    lines = module.parsed.lines
    data = lines.data if isinstance(lines, Lines) else "\n".join(lines).encode("utf-8", "surrogatepass")
    text = data.decode("utf-8", "surrogatepass")        # decoded once
    if _has_attribute_loop_target(data):     # `[... for obj.attr in ...]`: a store inside an expression
        return _attribute_facts_walking(module.tree)
    stores, writes = Counter(), []
    for statement in statements(module.tree.body):
        if isinstance(statement, (ast.Global, ast.Nonlocal)):
            writes.append((statement.lineno, GLOBAL))
        for target, _ in bindings(statement):
            for node in _stored_attributes(target):
                _note_store(node, stores, writes)
    mentions = Counter(_numbered(text, _SELF_ATTRIBUTE.finditer(text)))
    uses = [(line, attr, False) for (line, attr), count in (mentions - stores).items()]
    uses += [(line, attr, True) for line, attr in stores]
    return sorted(uses), sorted(writes)


def _numbered(text: str, matches) -> Iterator[tuple[int, str]]:
    """(line number, first group) of each match, in the order found."""
    line, last = 1, 0
    for match in matches:
        line += text.count("\n", last, match.start())
        last = match.start()
        yield line, match.group(1)


_SELF_ATTRIBUTE = re.compile(r"self\s*\.\s*([A-Za-z_]\w*)")
_LOOP_TARGET = re.compile(rb"for\s+([\w\s.,()\[\]*]*?)\s+in\b")     # what a `for` assigns, up to its `in`
_ATTRIBUTE = re.compile(rb"\.[A-Za-z_]")


def _has_attribute_loop_target(data: bytes) -> bool:
    """In code: prose in a docstring ("looks for os.environ in ...") would cost a walk of the whole tree."""
    quoted = None
    for match in _LOOP_TARGET.finditer(data):
        if _ATTRIBUTE.search(match.group(1)):
            quoted = quoted or prefilter.Quoted(data)
            if match.start() not in quoted:
                return True
    return False


def _stored_attributes(target: ast.expr) -> list[ast.Attribute]:
    """The attributes an assignment target stores into: itself, or those in a tuple or list it unpacks."""
    if isinstance(target, ast.Attribute):
        return [target]
    if isinstance(target, ast.Starred):
        return _stored_attributes(target.value)
    if isinstance(target, (ast.Tuple, ast.List)):
        return [node for element in target.elts for node in _stored_attributes(element)]
    return []


def _note_store(node: ast.Attribute, stores: Counter, writes: list) -> None:
    own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
    if not own:
        writes.append((node.lineno, node.attr))
    elif node.value.id == "self":
        stores[node.lineno, node.attr] += 1


def _attribute_facts_walking(tree: ast.Module) -> tuple[list, list]:
    stores, writes, uses = Counter(), [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if isinstance(node.ctx, ast.Store):
                _note_store(node, stores, writes)
            elif isinstance(node.value, ast.Name) and node.value.id == "self":
                uses.append((node.lineno, node.attr, False))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            writes.append((node.lineno, GLOBAL))
    return sorted(uses + [(line, attr, True) for line, attr in stores]), sorted(writes)


def attributes_in(uses: list[tuple[int, str, bool]], node: ast.AST, store: bool) -> set[str]:
    """The `self` attributes a definition reads (or stores)."""
    start = bisect.bisect_left(uses, (node.lineno, "", False))
    end = bisect.bisect_right(uses, (node.end_lineno, "\U0010ffff", True))
    return {attr for _, attr, stored in uses[start:end] if stored == store}


GLOBAL = ""     # what shared_state_writes() says a `global` or `nonlocal` declaration writes


def shared_state_writes(module: ModuleInfo) -> list[tuple[int, str]]:
    """(line, attribute), in order, where functions of the module store into an attribute of an object
    other than their own (`g.user = ...`), and (line, GLOBAL) where they declare a global: what they write,
    code elsewhere reads. (What a method stores in its own object is read by methods of its class, chosen
    with it.)"""
    return _attribute_facts(module)[1]


def shared_state_written(function: FunctionInfo, writes: list[tuple[int, str]]) -> set[str]:
    node = function.node
    start = bisect.bisect_left(writes, (node.lineno, GLOBAL))
    end = bisect.bisect_right(writes, (node.end_lineno, "\U0010ffff"))
    return {attr for _, attr in writes[start:end]}


def _of_class_named(function: FunctionInfo, names: set[str]) -> bool:
    """A method of a class searched for by name; or the constructor of a class that extends one, which may
    hand its arguments on (`super().__init__(**kwargs)`)."""
    cls = function.cls
    if cls is None:
        return False
    if cls.name in names:
        return True
    return function.name == "__init__" and any(
        (base.id if isinstance(base, ast.Name) else getattr(base, "attr", None)) in names for base in cls.node.bases)
