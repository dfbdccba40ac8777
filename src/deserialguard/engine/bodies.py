"""Function bodies are let go while the scan runs, and parsed again if it reads them (again). A module is
parsed whole when a name resolves into it, but most of its functions are never analysed, and those that
are, once: their syntax trees were most of a large scan's memory. A body let go is parsed again from the
module's lines, alone (the same lines at the same places give the same tree), or with the whole module
if it will not parse alone; nothing else changes, so the scan's result cannot.

Let go: a function not being analysed, not nested in another, holding no definition (the project indexes
those: they must stay the nodes it knows), whose body spans two lines at least.
"""
from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence

from deserialguard.engine.project import FunctionInfo, ModuleInfo, first_line

MIN_LINES = 2


def _unread(plain: type) -> type:
    """A node class like `plain` whose `body` was let go: reading it parses it again, and the node is a
    plain one from then on. Named as the node it stands for (the analysis dispatches on the name); its
    property set on it, not mixed in, so that its instances are laid out as plain ones and a node can be
    swapped from one class to the other."""
    return type(plain.__name__, (plain,), {"body": property(lambda node: restore(node)), "__module__": __name__})


_UNREAD = {plain: _unread(plain) for plain in (ast.FunctionDef, ast.AsyncFunctionDef)}
_PLAIN = {unread: plain for plain, unread in _UNREAD.items()}


def let_go(module: ModuleInfo, busy: set) -> None:
    """Let go of the bodies of the module's functions but those in `busy` (being analysed; see above)."""
    for function in module.every_function:
        if function not in busy:
            let_go_of(function)


def let_go_of(function: FunctionInfo) -> None:
    node = function.node
    if function.parent is None and not function.holds and type(node) in _UNREAD:
        first = node.body[0]
        if node.end_lineno - first.lineno + 1 >= MIN_LINES:
            # What it takes to parse it again stands where the body stood (the property hides it): a
            # node's attributes grow no larger for it.
            node.__dict__["body"] = (first.lineno, first.col_offset, function.module.parsed.lines)
            node.__class__ = _UNREAD[type(node)]


def body_start(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int]:
    """(line, column) where the function's first statement begins, its decorators included, without
    parsing a body that was let go (which never begins with a definition)."""
    if type(node) in _PLAIN:
        return node.__dict__["body"][:2]
    first = node.body[0]
    return first_line(first), first.col_offset


def restore(node) -> list[ast.stmt]:
    body = _parsed_again(node, node.__dict__["body"][2])
    node.__class__ = _PLAIN[type(node)]
    node.body = body
    return body


def _parsed_again(node, lines: Sequence[str]) -> list[ast.stmt]:
    """The body, from the function's own lines where they parse alone into the same definition; from the
    whole module's otherwise (a line before it that the parser would join, say)."""
    start, column = node.lineno, node.col_offset
    own = "\n".join(lines[start - 1:node.end_lineno])
    # Blank lines before it keep the line numbers; an indented definition needs a block to stand in.
    source = "\n" * (start - 1) + own if column == 0 else "\n" * (start - 2) + "if 1:\n" + own
    found = _definition_at(_parse(source), start, column) if column == 0 or start > 1 else None
    if found is None or (found.name, found.end_lineno, found.end_col_offset) != \
            (node.name, node.end_lineno, node.end_col_offset):
        found = _definition_at(_parse("\n".join(lines)), start, column)
    return found.body


def _parse(source: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # invalid escape sequences in the scanned code are not ours
            return ast.parse(source)
    except SyntaxError:
        return None


def _definition_at(tree: ast.Module | None, line: int, column: int):
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno == line \
                and node.col_offset == column:
            return node
    return None


def is_let_go(function: FunctionInfo) -> bool:
    return type(function.node) in _PLAIN
