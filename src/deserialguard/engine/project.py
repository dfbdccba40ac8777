"""The scanned tree as a set of modules: their definitions, their imports, and name resolution across them."""
from __future__ import annotations

import ast
import builtins
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from deserialguard import catalog
from deserialguard.engine.parse import Parsed

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(eq=False)
class FunctionInfo:
    qualname: str
    node: FunctionNode
    module: "ModuleInfo"
    cls: "ClassInfo | None" = None
    parent: "FunctionInfo | None" = None
    nested: dict[str, "FunctionInfo"] = field(default_factory=dict)
    closure: dict = field(default_factory=dict)       # names captured from the enclosing function
    summary: object = None
    callers: set = field(default_factory=set)          # functions and modules that call this one
    entries: dict = field(default_factory=dict)        # parameter index -> (threat model, description)
    contexts: dict = field(default_factory=dict)       # caller-side parameter types -> Summary
    holds: bool = False                                # defines functions or classes in its body

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def params(self) -> list[ast.arg]:
        args = self.node.args
        return [*args.posonlyargs, *args.args, *([args.vararg] if args.vararg else []),
                *args.kwonlyargs, *([args.kwarg] if args.kwarg else [])]

    def default(self, index: int) -> ast.expr | None:
        """The default value of parameter `index` (in `params` order), if it has one."""
        args = self.node.args
        positional = [*args.posonlyargs, *args.args]
        if index < len(positional):
            offset = index - (len(positional) - len(args.defaults))
            return args.defaults[offset] if offset >= 0 else None
        kwonly_index = index - len(positional) - (1 if args.vararg else 0)
        if 0 <= kwonly_index < len(args.kwonlyargs):
            return args.kw_defaults[kwonly_index]
        return None

    @property
    def decorators(self) -> list[ast.expr]:
        return self.node.decorator_list

    @property
    def is_static(self) -> bool:
        return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in self.decorators)

    @property
    def is_property(self) -> bool:
        """A getter (`@property`, `@functools.cached_property`): reading the attribute calls it."""
        return any((isinstance(d, ast.Name) and d.id in ("property", "cached_property")) or
                   (isinstance(d, ast.Attribute) and d.attr == "cached_property") for d in self.decorators)

    @property
    def is_classmethod(self) -> bool:
        return any(isinstance(d, ast.Name) and d.id == "classmethod" for d in self.decorators)

    @property
    def is_method(self) -> bool:
        return self.cls is not None and not self.is_static


@dataclass(eq=False)
class ClassInfo:
    qualname: str
    node: ast.ClassDef
    module: "ModuleInfo"
    methods: dict[str, FunctionInfo] = field(default_factory=dict)
    fields: dict = field(default_factory=dict)          # self.<attr> -> Value, across all methods

    @property
    def name(self) -> str:
        return self.node.name


@dataclass(eq=False)
class ModuleInfo:
    name: str
    parsed: Parsed
    is_package: bool
    imports: dict[str, str] = field(default_factory=dict)
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    globals: dict = field(default_factory=dict)          # module-level variables -> Value
    imported_roots: set[str] = field(default_factory=set)
    star_imports: list[str] = field(default_factory=list)     # `from x import *`, in order
    every_function: list = field(default_factory=list)        # methods and nested functions included
    assigned: set[str] = field(default_factory=set)           # names bound by top-level code
    attribute_facts: tuple | None = None                      # see engine/demand.py, _attribute_facts
    prepared_facts: tuple | None = None                       # the same, worked out before being asked

    @property
    def display(self) -> str:
        return self.parsed.display

    @property
    def tree(self) -> ast.Module:
        return self.parsed.tree

    def line(self, number: int) -> str:
        return self.raw_line(number).strip()

    def raw_line(self, number: int) -> str:
        lines = self.parsed.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""


def first_line(node: ast.AST) -> int:
    """Where a definition starts, its decorators included."""
    return min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])


def module_name(path: Path, packages: dict | None = None, folders: dict | None = None) -> tuple[str, bool]:
    """Dotted name from the package folders above the file (those holding an __init__.py). `packages`
    remembers each folder's dotted prefix across calls, `folders` each folder's real path. Strings, not
    Path objects: a scan names every file of the tree before it parses one."""
    real = _real(str(path), folders)
    folder, name = os.path.split(real)
    is_package = name == "__init__.py"
    prefix = _package_prefix(folder, {} if packages is None else packages)
    parts = [*prefix] if is_package else [*prefix, os.path.splitext(name)[0]]
    return ".".join(parts) or os.path.basename(folder), is_package


def real_path(path: Path, folders: dict | None = None) -> Path:
    """`path.resolve()`; with `folders`, each folder is resolved once (a file that is no symbolic link is
    an entry of its folder's real path): a tree's thousands of files share a few hundred folders."""
    return Path(_real(str(path), folders))


def _real(path: str, folders: dict | None) -> str:
    if folders is None or os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def _package_prefix(folder: str, known: dict) -> tuple[str, ...]:
    prefix = known.get(folder)
    if prefix is None:
        parent = os.path.dirname(folder)
        if parent != folder and os.path.isfile(os.path.join(folder, "__init__.py")):
            prefix = (*_package_prefix(parent, known), os.path.basename(folder))
        else:
            prefix = ()
        known[folder] = prefix
    return prefix


# Names followed for one resolution at most: re-export chains in real code are a few links long.
MAX_RESOLUTION_STEPS = 16


class Project:
    def __init__(self) -> None:
        self.modules: list[ModuleInfo] = []
        self.by_name: dict[str, list[ModuleInfo]] = {}
        self.unloaded: dict[str, list[Path]] = {}      # module name -> files not parsed yet
        self.load: Callable[[Path], None] | None = None  # parses a file into the project when it is needed
        # Runs a module's top-level code, once, when one of its variables is first looked up: a module
        # parsed only to resolve a function or class in it never needs it.
        self.run_top_level: Callable[[ModuleInfo], None] = lambda module: None
        self.packages: dict = {}                       # folder -> dotted package prefix
        self.folders: dict = {}                        # folder -> its real path (see real_path())
        self.real_folders: dict[Path, str] = {}        # file -> its real folder
        self.script_roots: dict[Path, str | None] = {}  # file -> its script_root()
        self.in_package: dict[str, bool] = {}          # folder -> whether a package holds it (see importable())
        self.by_path: dict[Path, ModuleInfo] = {}
        self.top_names: set[str] = set()              # first part of every module name, loaded or not
        self.functions: list[FunctionInfo] = []
        self.names: dict[Path, tuple[str, bool]] = {}       # file -> its module_name()
        self.position: dict = {}            # a function's or module's index in its list, to keep them in order
        self.classes: list[ClassInfo] = []
        self.class_nodes: dict[int, ClassInfo] = {}
        self.classes_by_qualname: dict[str, ClassInfo] = {}     # the first class of each name
        # (qualified name, module asking) -> what resolve() answered. Answers do not change as files are
        # parsed: every file is indexed by module name before the first question.
        self.resolved: dict[tuple, object] = {}

    def add(self, parsed: Parsed) -> ModuleInfo:
        name, is_package = self.module_name(parsed.path)
        module = ModuleInfo(name, parsed, is_package)
        self.top_names.add(name.split(".")[0])
        self.position[module] = len(self.modules)
        self.modules.append(module)
        self.by_path[parsed.path] = module
        self.by_name.setdefault(name, []).append(module)
        _collect_imports(module)
        module.assigned = _assigned_names(module.tree, parsed.lines)
        for node in _definitions(module.tree.body):
            self._define(module, node, None, None, name)
        return module

    def _define(self, module: ModuleInfo, node: ast.stmt, cls: ClassInfo | None,
                parent: FunctionInfo | None, prefix: str) -> None:
        qualname = f"{prefix}.{node.name}"
        if isinstance(node, ast.ClassDef):
            info = ClassInfo(qualname, node, module)
            self.classes.append(info)
            self.class_nodes[id(node)] = info
            self.classes_by_qualname.setdefault(qualname, info)
            if parent is None and cls is None:
                module.classes[node.name] = info
            for child in _definitions(node.body):
                self._define(module, child, info, parent, qualname)
            return
        function = FunctionInfo(qualname, node, module, cls, parent)
        self.position[function] = len(self.functions)
        self.functions.append(function)
        module.every_function.append(function)
        if cls is not None:
            cls.methods.setdefault(node.name, function)
        elif parent is not None:
            parent.nested[node.name] = function
        else:
            module.functions[node.name] = function
        for child in _definitions(node.body, nested=True):
            function.holds = True
            self._define(module, child, None, function, qualname)

    def class_of(self, node: ast.ClassDef) -> ClassInfo | None:
        return self.class_nodes.get(id(node))

    # ----- name resolution

    def index(self, paths: list[Path]) -> None:
        """Know these files by module name, to parse one only when a name resolves into it."""
        for path in paths:
            name, _ = self.module_name(path)
            self.unloaded.setdefault(name, []).append(path)
            self.top_names.add(name.split(".")[0])

    def share_file_facts(self, other: "Project") -> None:
        """Know what the other project learnt of files and folders (names, real paths, packages): a
        group of the scan is a project of its own, of files the whole scan indexed already."""
        self.names, self.packages, self.folders = other.names, other.packages, other.folders
        self.real_folders, self.script_roots, self.in_package = other.real_folders, other.script_roots, other.in_package

    def loaded(self, path: Path) -> ModuleInfo | None:
        return self.by_path.get(path)

    def module_name(self, path: Path) -> tuple[str, bool]:
        if path not in self.names:
            self.names[path] = module_name(path, self.packages, self.folders)
        return self.names[path]

    def real_folder(self, path: Path) -> Path:
        return Path(self._real_folder(path))

    def importable(self, path: Path, importer: Path) -> bool:
        """Whether Python could import the file by its module name while running the importer's code. A
        module whose search root (the folder above its top package, or its own folder) lies inside a
        package without being one is a script folder of a distribution (ansible_test/_util/.../sphinx.py
        is module `sphinx`): on the path only for code in that folder or below it, not for botocore's
        `import sphinx`. Any other module, for all code (tests/ importing src/app)."""
        root = self.script_root(path)
        if root is None:
            return True
        folder = self._real_folder(importer)
        return folder == root or folder.startswith(root + os.sep)

    def script_root(self, path: Path) -> str | None:
        """The script folder only whose code can import the file by its module name (see importable());
        None if any code can."""
        if path not in self.script_roots:
            root = self._real_folder(path)
            for _ in _package_prefix(root, self.packages):
                root = os.path.dirname(root)
            self.script_roots[path] = root if self._in_package(root) else None
        return self.script_roots[path]

    def _real_folder(self, path: Path) -> str:
        if path not in self.real_folders:
            self.real_folders[path] = os.path.dirname(_real(str(path), self.folders))
        return self.real_folders[path]

    def _in_package(self, folder: str) -> bool:
        if folder not in self.in_package:
            parent = os.path.dirname(folder)
            self.in_package[folder] = parent != folder and (os.path.isfile(os.path.join(parent, "__init__.py"))
                                                            or self._in_package(parent))
        return self.in_package[folder]

    def forget(self, path: Path) -> None:
        """Parsed now, not by name later."""
        name, _ = self.module_name(path)
        waiting = self.unloaded.get(name, [])
        if path in waiting:
            waiting.remove(path)

    def find_module(self, name: str, near: ModuleInfo | None = None) -> ModuleInfo | None:
        if name in self.unloaded and self.load is not None:
            waiting = self.unloaded.pop(name)
            taken = [path for path in waiting if near is None or self.importable(path, near.parsed.path)]
            if len(taken) < len(waiting):
                self.unloaded[name] = [path for path in waiting if path not in taken]
            for path in taken:
                self.load(path)
        candidates = self.by_name.get(name)
        if candidates and near is not None:
            candidates = [module for module in candidates if self.importable(module.parsed.path, near.parsed.path)]
        if not candidates:
            return None
        if len(candidates) == 1 or near is None:
            return candidates[0]
        here = self.real_folder(near.parsed.path)
        return candidates[nearest(here, [self.real_folder(m.parsed.path) for m in candidates])[0]]

    def resolve(self, qualname: str, near: ModuleInfo | None = None, seen: set | None = None):
        """The project definition a qualified name refers to (module, function, class or module-level
        variable as ('global', module, name)), following re-exports; None for external names. `seen`
        holds the names already followed: re-export cycles and star imports that import each other
        (sympy) would otherwise be walked again and again."""
        parts = qualname.split(".")
        if parts[0] not in self.top_names:      # os.path.join, flask.request: not ours, no search
            return None
        if seen is None:     # an answer, not a step of one: the same names are asked again and again
            key = (qualname, near)
            if key not in self.resolved:
                self.resolved[key] = self.resolve(qualname, near, set())
            return self.resolved[key]
        if qualname in seen or len(seen) > MAX_RESOLUTION_STEPS:
            return None
        seen.add(qualname)
        for end in range(len(parts), 0, -1):
            module = self.find_module(".".join(parts[:end]), near)
            if module is not None:
                return self._member(module, parts[end:], seen)
        return None

    def _member(self, module: ModuleInfo, rest: list[str], seen: set):
        if not rest:
            return module
        head, tail = rest[0], rest[1:]
        target = module.functions.get(head) or module.classes.get(head)
        if target is None and head in module.assigned:
            self.run_top_level(module)
        if target is None and head in module.globals:
            return ("global", module, head) if not tail else None
        if target is None and head in module.imports:
            return self.resolve(".".join([module.imports[head], *tail]), module, seen)
        if target is None:
            submodule = self.find_module(f"{module.name}.{head}", module)
            if submodule is not None:
                return self._member(submodule, tail, seen)
            for star in module.star_imports:
                found = self.resolve(".".join([star, *rest]), module, seen)
                if found is not None:
                    return found
            return None
        for part in tail:
            if not isinstance(target, ClassInfo):
                return None
            target = target.methods.get(part) or self.classes_by_qualname.get(f"{target.qualname}.{part}")
            if target is None:
                return None
        return target

    def mro(self, cls: ClassInfo, depth: int = 0) -> Iterator[ClassInfo | str]:
        """The class, its project ancestors, and the canonical names of external bases, in order."""
        yield cls
        if depth > 20:
            return
        for base in cls.node.bases:
            name = self.dotted(base, cls.module)
            if name is None:
                continue
            target = self.resolve(name, cls.module)
            if isinstance(target, ClassInfo):
                yield from self.mro(target, depth + 1)
            elif target is None:
                yield catalog.canonical(name)

    def dotted(self, node: ast.expr, module: ModuleInfo) -> str | None:
        """`a.b.c` with `a` resolved through the module's imports and definitions."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Call):
            return None
        if not isinstance(node, ast.Name):
            return None
        head = node.id
        if head in module.imports:
            head = module.imports[head]
        elif head in module.functions or head in module.classes or head in module.globals:
            head = f"{module.name}.{head}"
        elif self.unbound_module_name(head):
            return None
        return ".".join([head, *reversed(parts)])

    def unbound_module_name(self, name: str) -> bool:
        """Whether a name a module neither binds nor imports spells one of our top-level modules (and no
        builtin): Python raises NameError there; only an import names one of our modules."""
        return name in self.top_names and not hasattr(builtins, name)


def nearest(here: Path, folders: list[Path]) -> list[int]:
    """The positions of the folders sharing the longest path with `here` (the first is the one taken for
    an import among modules of the same name; engine/components.py joins them all)."""
    depths = [_shared_depth(here, folder) for folder in folders]
    best = max(depths)
    return [index for index, depth in enumerate(depths) if depth == best]


def _shared_depth(a: Path, b: Path) -> int:
    count = 0
    for x, y in zip(a.parts, b.parts):
        if x != y:
            break
        count += 1
    return count


def _definitions(body: list[ast.stmt], nested: bool = False) -> Iterator[ast.stmt]:
    """Function and class definitions in a body, including those under if/try/with at that level."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.AsyncWith, ast.For, ast.While)) \
                or node.__class__.__name__ == "TryStar":
            for name in ("body", "orelse", "finalbody"):
                yield from _definitions(getattr(node, name, []), nested)
            for handler in getattr(node, "handlers", []):
                yield from _definitions(handler.body, nested)


def holds_definition(statement: ast.stmt) -> bool:
    """Whether the statement holds a definition the project knows (see _definitions())."""
    return next(_definitions([statement]), None) is not None


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, at any depth, without descending into expressions (imports are statements): each
    before its body, else, finally, handlers and cases, in that order."""
    todo = list(reversed(body))
    while todo:
        node = todo.pop()
        yield node
        if node.__class__ not in _SIMPLE_STATEMENTS:
            inner = [*(getattr(node, "body", None) or ()), *(getattr(node, "orelse", None) or ()),
                     *(getattr(node, "finalbody", None) or ())]
            for part in [*(getattr(node, "handlers", None) or ()), *(getattr(node, "cases", None) or ())]:
                inner += part.body
            todo += reversed(inner)


_SIMPLE_STATEMENTS = frozenset({ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return, ast.Pass,
                                ast.Import, ast.ImportFrom, ast.Raise, ast.Assert, ast.Delete, ast.Global,
                                ast.Nonlocal, ast.Break, ast.Continue})


def bindings(node: ast.AST) -> list[tuple[ast.expr, ast.expr | None]]:
    """(target, value) for what a statement or `:=` assigns; the value is None where none is given
    (`x: int`)."""
    if isinstance(node, ast.Assign):
        return [(target, node.value) for target in node.targets]
    if isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
        return [(node.target, node.value)]
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [(node.target, node.iter)]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [(item.optional_vars, item.context_expr) for item in node.items if item.optional_vars is not None]
    return []


def _assigned_names(tree: ast.Module, lines: list[str]) -> set[str]:
    """Every name top-level code can bind (a superset: what a branch binds, comprehension variables).
    Inside an expression only `:=` and a comprehension's `for` bind: a statement whose text spells
    neither binds only through its targets, and its values (a module's long literal tables) are not walked."""
    names, todo = set(), list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, _BINDS_NO_NAME):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        if isinstance(node, _VALUE_STATEMENTS) and not _may_bind_inside(node, lines):
            todo.extend(target for target, _ in bindings(node))
        else:
            todo.extend(ast.iter_child_nodes(node))
    return names


_VALUE_STATEMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)
# Not walked: what a definition binds is its own (the definitions are collected apart), and an import
# binds aliases, which _collect_imports reads, not Names.
_BINDS_NO_NAME = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Import, ast.ImportFrom)


def _may_bind_inside(statement: ast.stmt, lines: list[str]) -> bool:
    text = "\n".join(lines[statement.lineno - 1:statement.end_lineno])
    return ":=" in text or "for" in text


def _collect_imports(module: ModuleInfo) -> None:
    for node in statements(module.tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                module.imported_roots.add(alias.name.split(".")[0])
                if alias.asname:
                    module.imports[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    module.imports.setdefault(top, top)
        elif isinstance(node, ast.ImportFrom):
            source = absolute_import(module.name, module.is_package, node.module, node.level)
            if source:
                module.imported_roots.add(source.split(".")[0])
            for alias in node.names:
                if alias.name == "*":
                    module.star_imports.append(source)
                    continue
                module.imports[alias.asname or alias.name] = f"{source}.{alias.name}" if source else alias.name


def absolute_import(name: str, is_package: bool, imported: str | None, level: int) -> str:
    """The module that `from <level dots><imported> import ...` names, in module `name`."""
    if level == 0:
        return imported or ""
    base = name.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: max(0, len(base) - (level - 1))]
    return ".".join([*base, *([imported] if imported else [])])
