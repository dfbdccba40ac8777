"""Function bodies, and statements of module-level code, are let go while the scan runs, and parsed again
if it reads them (again). A module is parsed whole when a name resolves into it, but most of its functions
are never analysed, and those that are, once; its top-level code runs once too, unless it becomes a root:
their syntax trees were most of a large scan's memory (generated modules, `*_pb2.py`, are all top-level
code). What was let go is parsed again from the module's lines, alone (the same lines at the same places
give the same tree), or with the whole module if it will not parse alone; nothing else changes, so the
scan's result cannot.

Let go: a function's body, if the function is not being analysed, not nested in another and holds no
definition (the project indexes those: they must stay the nodes it knows); a top-level statement that
holds no definition, if its module's code is not running; either spanning two lines at least.
"""
from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence

from deserialguard.engine.project import FunctionInfo, ModuleInfo, first_line, holds_definition

MIN_LINES = 2
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _unread(plain: type, hidden: tuple[str, ...]) -> type:
    """A node class like `plain` whose `hidden` fields were let go: reading one parses them again, and the
    node is a plain one from then on. Named as the node it stands for (the analysis dispatches on the
    name); its properties set on it, not mixed in, so that its instances are laid out as plain ones and a
    node can be swapped from one class to the other."""
    def reading(field: str) -> property:
        return property(lambda node: getattr(restore(node), field))
    return type(plain.__name__, (plain,), {**{field: reading(field) for field in hidden}, "__module__": __name__})


# A function keeps its name, signature and decorators (calls bind to them); a statement keeps only its place.
_HIDDEN = {plain: ("body",) if plain in _FUNCTIONS else plain._fields
           for plain in ast.stmt.__subclasses__() if plain is not ast.ClassDef and plain._fields}
_UNREAD = {plain: _unread(plain, hidden) for plain, hidden in _HIDDEN.items()}
_PLAIN = {unread: plain for plain, unread in _UNREAD.items()}


def _hide(node: ast.stmt, start: tuple[int, int], lines: Sequence[str]) -> None:
    """What it takes to parse the node again stands in its first hidden field (the property hides it): a
    node's attributes grow no larger for it. `start`: where the hidden part begins."""
    plain = type(node)
    fields = node.__dict__
    for field in _HIDDEN[plain][1:]:
        fields.pop(field, None)
    fields[_HIDDEN[plain][0]] = (*start, lines)
    node.__class__ = _UNREAD[plain]


def let_go(module: ModuleInfo, busy: set) -> None:
    """Let go of the bodies of the module's functions but those in `busy` (being analysed; see above), and
    of its top-level statements unless the module is in `busy`."""
    for function in module.every_function:
        if function not in busy:
            let_go_of(function)
    if module not in busy:
        let_go_of_code(module)


def let_go_of(function: FunctionInfo) -> None:
    node = function.node
    if function.parent is None and not function.holds and type(node) in _FUNCTIONS:
        first = node.body[0]
        if node.end_lineno - first.lineno + 1 >= MIN_LINES:
            _hide(node, (first.lineno, first.col_offset), function.module.parsed.lines)


def let_go_of_code(module: ModuleInfo) -> None:
    """Let go of the module's top-level statements that hold no definition."""
    lines = module.parsed.lines
    for node in module.tree.body:
        spanned = node.end_lineno - node.lineno + 1
        if type(node) in _HIDDEN and type(node) not in _FUNCTIONS and spanned >= MIN_LINES \
                and not holds_definition(node):
            _hide(node, (node.lineno, node.col_offset), lines)


def body_start(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int]:
    """(line, column) where the function's first statement begins, its decorators included, without
    parsing a body that was let go (which never begins with a definition)."""
    if is_let_go(node):
        return node.__dict__["body"][:2]
    first = node.body[0]
    return first_line(first), first.col_offset


def restore(node):
    """The node, made plain again: what was let go parsed again."""
    plain = _PLAIN[type(node)]
    found = _parsed_again(node, plain, node.__dict__[_HIDDEN[plain][0]][2])
    node.__class__ = plain
    for field in _HIDDEN[plain]:
        setattr(node, field, getattr(found, field))
    return node


def _parsed_again(node, plain: type, lines: Sequence[str]):
    """The node parsed afresh, from its own lines where they parse alone into the same node; from the whole
    module's otherwise (a line before it that the parser would join, say)."""
    start, column = node.lineno, node.col_offset
    own = "\n".join(lines[start - 1:node.end_lineno])
    # Blank lines before it keep the line numbers; an indented definition needs a block to stand in.
    source = "\n" * (start - 1) + own if column == 0 else "\n" * (start - 2) + "if 1:\n" + own
    found = _node_at(_parse(source), plain, start, column) if column == 0 or start > 1 else None
    if found is None or (getattr(found, "name", None), found.end_lineno, found.end_col_offset) != \
            (getattr(node, "name", None), node.end_lineno, node.end_col_offset):
        found = _node_at(_parse("\n".join(lines)), plain, start, column)
    return found


def _parse(source: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # invalid escape sequences in the scanned code are not ours
            return ast.parse(source)
    except SyntaxError:
        return None


def _node_at(tree: ast.Module | None, plain: type, line: int, column: int):
    if tree is None:
        return None
    for node in ast.walk(tree):          # breadth first: a top-level statement comes soon
        if type(node) is plain and node.lineno == line and node.col_offset == column:
            return node
    return None


def is_let_go(node: ast.stmt) -> bool:
    """Whether part of the node (a function's body, a statement's fields) was let go and not read since."""
    return type(node) in _PLAIN
