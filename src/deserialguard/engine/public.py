"""A package's public API: the entry points of the `library` threat model, whose parameters its users fill.

A function, or a method of a class, is public when its users can reach it by a name the package means them
to use: defined at the top of its module (a method: of a class defined there), neither it nor its class
named with a leading underscore (dunders are public: `__init__` is the class), exported by its module (in
its `__all__` when it spells one, as `from m import *` reads it), and in a public module (no part of the
dotted name starts with an underscore) or exported from the `__init__` of a public package above it
(`from ._tokenizer import Tokenizer`); and not in a script folder inside a package, which only its scripts
import. Whether the package also calls it itself does not matter: one internal caller
(`Tokenizer(*args, **kwargs)` in another class) says nothing of what its users pass.
"""
from __future__ import annotations

import ast

from deserialguard.engine.project import FunctionInfo, ModuleInfo, Project


def is_public_api(function: FunctionInfo, project: Project) -> bool:
    module = function.module
    top = function.cls if function.cls is not None else function
    defined_at_top = (module.classes if function.cls is not None else module.functions).get(top.name) is top
    if function.parent is not None or not defined_at_top or _private(function.name) or _private(top.name):
        return False
    if not _exports(module, top.name) or project.script_root(module.parsed.path) is not None:
        return False        # a script of a package's folder (engine/project.py, importable()) is no API
    return not _private_module(module.name) or _exported_above(module, top.name, project)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_module(dotted: str) -> bool:
    return any(part.startswith("_") for part in dotted.split("."))


def _exported_above(module: ModuleInfo, name: str, project: Project) -> bool:
    """Whether a public package above the module imports the name from it and exports it."""
    parts = module.name.split(".")
    qualname = f"{module.name}.{name}"
    for end in range(len(parts) - 1, 0, -1):
        package_name = ".".join(parts[:end])
        if _private_module(package_name):
            continue
        package = project.find_module(package_name, module)
        if package is None or not package.is_package:
            continue
        aliases = [alias for alias, target in package.imports.items() if target == qualname]
        if module.name in package.star_imports:
            aliases.append(name)
        if any(_exports(package, alias) for alias in aliases):
            return True
    return False


def _exports(module: ModuleInfo, name: str) -> bool:
    """Whether `from module import *` would bind the name: its `__all__` lists it, or, without a literal
    `__all__`, the name is not private."""
    listed = dunder_all(module)
    return name in listed if listed is not None else not _private(name)


def dunder_all(module: ModuleInfo) -> set[str] | None:
    """The names the module's top-level `__all__` statements list, when all of them are literals of
    strings (`__all__ = [...]`, `+= (...)`, `.extend([...])`, `.append("x")`); None when it has none or
    computes one (then its names are all the module says)."""
    if "__all__" not in module.assigned:
        return None
    names: set[str] = set()
    for statement in module.tree.body:
        # the text first: a statement let go for memory is parsed again only when it is about __all__
        if not module.raw_line(statement.lineno).lstrip().startswith("__all__"):
            continue
        listed = _listed(statement)
        if listed is None:
            return None
        names |= listed
    return names


def _listed(statement: ast.stmt) -> set[str] | None:
    if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        value = statement.value
    elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call) \
            and isinstance(statement.value.func, ast.Attribute) and len(statement.value.args) == 1:
        call = statement.value
        value = ast.List([call.args[0]]) if call.func.attr == "append" else \
            call.args[0] if call.func.attr == "extend" else None
    else:
        return None
    if not isinstance(value, (ast.List, ast.Tuple)) or \
            not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
        return None
    return {e.value for e in value.elts}
