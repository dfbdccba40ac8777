"""The one place that touches libcst: find a finding's nodes, schedule edits, apply them in one pass.

Edits are recorded against the nodes of the *original* tree (so every finding is located with the line
and column the scan reported, before anything moves) and applied together at the end:

- `replace(node, fn)`: `fn(updated_node) -> new_node`; run bottom-up, so edits nested inside one another
  compose (the sink call's argument may itself have been rewritten);
- `insert_before(stmt, ...)` / `insert_after(stmt, ...)`: new statements beside a statement of a block;
- `add_handlers(try_node, ...)`: except clauses put first in an existing `try`;
- `wrap(first, last, handlers)`: statements first..last of one block moved into a new `try`.

Imports are added with libcst's AddImportsVisitor (once, after the existing import block) and removed
with RemoveImportsVisitor, which keeps an import while any use of it remains. Formatting and comments
of everything not rewritten stay byte for byte.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import (MetadataWrapper, ParentNodeProvider, PositionProvider, QualifiedNameProvider,
                             ScopeProvider)

from deserialguard.engine.parse import source_lines
from deserialguard.findings import Location

Block = (cst.IndentedBlock, cst.Module)
SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp,
          cst.GeneratorExp)
PLACEHOLDER = "__deserialguard_fix_placeholder__"
MAX_LINE = 99


@dataclass
class _Wrap:
    block: cst.CSTNode
    first: cst.CSTNode
    last: cst.CSTNode
    handlers: list


class Editor:
    """One file: its CST with metadata, the edits scheduled on it, and how to apply them."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.lines = source_lines(text)        # numbered as the scan numbers them
        self.wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
        self.module = self.wrapper.module
        self.positions = self.wrapper.resolve(PositionProvider)
        self.parents = self.wrapper.resolve(ParentNodeProvider)
        self._qualnames = self.wrapper.resolve(QualifiedNameProvider)
        self.scopes = self.wrapper.resolve(ScopeProvider)
        self.context = CodemodContext(wrapper=self.wrapper, filename=path)
        self._at: dict[tuple[int, int], list[cst.CSTNode]] = defaultdict(list)
        for node, where in self.positions.items():
            self._at[(where.start.line, where.start.column)].append(node)
        self._replace: dict[cst.CSTNode, list[Callable]] = defaultdict(list)
        self._before: dict[cst.CSTNode, list] = defaultdict(list)
        self._after: dict[cst.CSTNode, list] = defaultdict(list)
        self._handlers: dict[cst.CSTNode, list] = defaultdict(list)
        self._wraps: list[_Wrap] = []
        self._spaced: set = set()
        self._guarded: dict[cst.CSTNode, list] = defaultdict(list)
        self._taken: dict[cst.CSTNode, set[str]] = defaultdict(set)
        self._guard: str | None = None

    # ----- finding nodes

    def char_column(self, line: int, column: int) -> int:
        """The scan's 1-based column (ast: UTF-8 bytes) as libcst's 0-based character column."""
        if not 1 <= line <= len(self.lines):
            return column - 1
        prefix = self.lines[line - 1].encode("utf-8")[:max(column - 1, 0)]
        return len(prefix.decode("utf-8", errors="ignore"))

    def nodes_at(self, location: Location) -> list[cst.CSTNode]:
        """Every node starting where `location` points, outermost first."""
        nodes = self._at.get((location.line, self.char_column(location.line, location.column)), [])
        return sorted(nodes, key=lambda n: self._size(n), reverse=True)

    def call_at(self, location: Location, names: Iterable[str]) -> cst.Call | None:
        """The call at `location` whose callee's last name is one of `names` (falling back to the only
        such call on that line)."""
        names = set(names)
        here = [node for node in self.nodes_at(location) if isinstance(node, cst.Call)]
        for node in here:
            if last_name(node.func) in names:
                return node
        if here:                          # an import alias: `from pickle import loads as deserialize`
            return here[0]
        on_line = [node for (line, _), nodes in self._at.items() if line == location.line for node in nodes
                   if isinstance(node, cst.Call) and last_name(node.func) in names]
        return on_line[0] if len(set(map(id, on_line))) == 1 else None

    def _size(self, node: cst.CSTNode) -> tuple[int, int]:
        end = self.positions[node].end
        return (end.line, end.column)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def ancestors(self, node: cst.CSTNode):
        node = self.parents.get(node)
        while node is not None:
            yield node
            node = self.parents.get(node)

    def statement_of(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The statement of a block (module or indented body) that holds `node`."""
        child = node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, Block):
                return child
            child = ancestor
        return None

    def block_of(self, statement: cst.CSTNode) -> cst.CSTNode:
        return self.parents[statement]

    def top_statement(self, node: cst.CSTNode) -> cst.CSTNode:
        """The module-level statement that holds `node`."""
        top = node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, cst.Module):
                return top
            top = ancestor
        return top

    def function_of(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        return next((a for a in self.ancestors(node) if isinstance(a, cst.FunctionDef)), None)

    def in_nested_scope(self, node: cst.CSTNode) -> bool:
        """Inside a lambda or comprehension between `node` and its statement."""
        statement = self.statement_of(node)
        for ancestor in self.ancestors(node):
            if ancestor is statement:
                return False
            if isinstance(ancestor, SCOPES):
                return True
        return False

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        value = self._qualnames.get(node, set())
        if callable(value) and not isinstance(value, set):
            value = value()
        return {name.name for name in value}

    def common_block_range(self, statements: list[cst.CSTNode]) -> tuple[cst.CSTNode, cst.CSTNode] | None:
        """The first and last statement of the innermost block whose statements hold all `statements`."""
        chains = []
        for statement in statements:
            chain = [statement]
            for ancestor in self.ancestors(statement):
                if isinstance(ancestor, Block):
                    chain.append(ancestor)
                elif self.statement_of(ancestor) is ancestor:
                    chain.append(ancestor)
            chains.append(chain)
        for candidate in chains[0]:
            if not isinstance(candidate, Block) or not all(candidate in chain for chain in chains):
                continue
            body = list(candidate.body)
            tops = [next(s for s in chain if s in body) for chain in chains]
            indexes = sorted(body.index(top) for top in tops)
            return body[indexes[0]], body[indexes[-1]]
        return None

    # ----- names and style

    def names_in(self, scope_node: cst.CSTNode) -> set[str]:
        """Every variable name used in `scope_node` (not attribute names nor keyword-argument names)."""
        names = set()
        stack = [scope_node]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Name):
                names.add(node.value)
            elif isinstance(node, cst.Attribute):
                stack.append(node.value)
            elif isinstance(node, cst.Arg):
                stack.append(node.value)
            else:
                stack.extend(node.children)
        return names | self._taken[scope_node]

    def free_name(self, scope_node: cst.CSTNode, preferred: Iterable[str]) -> str:
        """A name not used anywhere in `scope_node` (nor already handed out for it)."""
        used = self.names_in(scope_node) | self.names_in(self.module)
        candidates = list(preferred)
        name = next((c for c in candidates if c not in used), None)
        counter = 2
        while name is None:
            name = next((f"{c}_{counter}" for c in candidates if f"{c}_{counter}" not in used), None)
            counter += 1
        self._taken[scope_node].add(name)
        return name

    @property
    def guard(self) -> str:
        """How this file names `deserialguard.guard` (imported on first use)."""
        if self._guard is None:
            clash = any(isinstance(node, cst.Name) and node.value == "guard"
                        and not self.qualified_names(node) <= {"deserialguard.guard"}
                        for node in _walk(self.module))
            self._guard = "dg_guard" if clash else "guard"
            self.need_import("deserialguard", "guard", None if self._guard == "guard" else self._guard)
        return self._guard

    @property
    def quote(self) -> str:
        """The quote character most string literals of the file use."""
        counts = {"'": 0, '"': 0}
        for node in _walk(self.module):
            if isinstance(node, cst.SimpleString) and len(node.quote) == 1:
                counts[node.quote] += 1
        return "'" if counts["'"] > counts['"'] else '"'

    def string(self, value: str) -> str:
        q = self.quote
        if q in value or "\\" in value or "\n" in value:
            return repr(value)
        return f"{q}{value}{q}"

    @property
    def indent_unit(self) -> str:
        return self.module.default_indent

    def indent_of(self, statement: cst.CSTNode) -> str:
        line = self.positions[statement].start.line
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        return text[: len(text) - len(text.lstrip())]

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # ----- scheduling edits

    def replace(self, node: cst.CSTNode, fn: Callable[[cst.CSTNode], cst.CSTNode]) -> None:
        self._replace[node].append(fn)

    def insert_before(self, statement: cst.CSTNode, *new: cst.CSTNode, spacing: bool = False) -> None:
        """With `spacing`, the new statements get the blank lines above `statement` and it keeps its own
        (for module-level definitions); otherwise comments and blank lines above it move above them."""
        if spacing:
            blank = []
            for line in statement.leading_lines:
                if line.comment is not None:
                    break
                blank.append(line)
            if statement in self._spaced:          # a second definition joins the first one's group
                blank = []
            new = tuple(n.with_changes(leading_lines=blank) for n in new)
            self._spaced.add(statement)
        self._before[statement].extend(new)

    def insert_guarded(self, statement: cst.CSTNode, *new: cst.CSTNode) -> None:
        """Statements right before `statement` that must be inside a `try` that wraps it."""
        self._guarded[statement].extend(new)

    def insert_after(self, statement: cst.CSTNode, *new: cst.CSTNode) -> None:
        self._after[statement].extend(new)

    def add_handlers(self, try_node: cst.Try, handlers: list[cst.ExceptHandler]) -> None:
        if not self._handlers[try_node]:
            self._handlers[try_node].extend(handlers)

    def wrap(self, first: cst.CSTNode, last: cst.CSTNode, handlers: list[cst.ExceptHandler]) -> None:
        block = self.block_of(first)
        body = list(block.body)
        lo, hi = body.index(first), body.index(last)
        for wrap in self._wraps:            # overlapping ranges of one block merge into one try
            if wrap.block is block:
                a, b = body.index(wrap.first), body.index(wrap.last)
                if lo <= b and a <= hi:
                    wrap.first, wrap.last = body[min(a, lo)], body[max(b, hi)]
                    return
        self._wraps.append(_Wrap(block, first, last, handlers))

    def need_import(self, module: str, obj: str | None = None, asname: str | None = None) -> None:
        AddImportsVisitor.add_needed_import(self.context, module, obj, asname)

    def drop_imports_of(self, node: cst.CSTNode) -> None:
        """Remove the imports `node` refers to, if nothing else uses them once the edits are applied.
        Only plain module-level imports are touched: one inside `try`/`if` (a compatibility shim) stays."""
        for name in _walk(node):
            if not isinstance(name, cst.Name):
                continue
            scope = self.scopes.get(name)
            if scope is None:
                continue
            for assignment in scope[name.value]:
                statement = getattr(assignment, "node", None)
                if isinstance(statement, (cst.Import, cst.ImportFrom)) and not isinstance(
                        self.parents.get(self.parents.get(statement)), cst.Module):
                    return
        RemoveImportsVisitor.remove_unused_import_by_node(self.context, node)

    @property
    def has_edits(self) -> bool:
        return bool(self._replace or self._before or self._after or self._handlers or self._wraps
                    or self._guarded)

    # ----- applying

    def apply(self) -> str:
        if not self.has_edits:
            return self.text
        module = self.module.visit(_Apply(self))
        module = AddImportsVisitor(self.context).transform_module(module)
        module = _RemoveImports(self.context).transform_module(module)
        code = module.code
        if not self.text.startswith(("\n", "\r")):       # a removed first import leaves no blank top line
            code = code.lstrip("\r\n")
        return code


class _Apply(cst.CSTTransformer):
    def __init__(self, editor: Editor):
        super().__init__()
        self.e = editor

    def on_leave(self, original_node, updated_node):
        updated_node = super().on_leave(original_node, updated_node)
        for fn in self.e._replace.get(original_node, ()):
            updated_node = fn(updated_node)
        return updated_node

    def leave_Try(self, original_node, updated_node):
        extra = self.e._handlers.get(original_node)
        if extra:
            return updated_node.with_changes(handlers=[*extra, *updated_node.handlers])
        return updated_node

    def leave_IndentedBlock(self, original_node, updated_node):
        return updated_node.with_changes(body=self._body(original_node, updated_node))

    def leave_Module(self, original_node, updated_node):
        return updated_node.with_changes(body=self._body(original_node, updated_node))

    def _body(self, original, updated) -> list:
        e = self.e
        wraps = {id(w.first): w for w in e._wraps if w.block is original}
        olds, news = list(original.body), list(updated.body)
        out: list = []
        i = 0
        while i < len(olds):
            old = olds[i]
            wrap = wraps.get(id(old))
            if wrap is None:
                before = e._before.get(old, []) + e._guarded.get(old, [])
                if old in e._spaced:
                    out += [*before, news[i], *e._after.get(old, [])]
                else:
                    out += _with_statements(before, news[i], e._after.get(old, []))
                i += 1
                continue
            j = olds.index(wrap.last)
            inner: list = []
            for k in range(i, j + 1):
                outside = e._before.get(olds[k], []) if k == i else []
                inside = e._guarded.get(olds[k], []) + ([] if k == i else e._before.get(olds[k], []))
                inner += _with_statements(inside, news[k], e._after.get(olds[k], []))
            leading = inner[0].leading_lines
            inner[0] = inner[0].with_changes(leading_lines=())
            statement = cst.Try(body=cst.IndentedBlock(body=inner), handlers=wrap.handlers)
            out += _with_statements(outside, statement.with_changes(leading_lines=leading), [])
            i = j + 1
        return out


class _RemoveImports(RemoveImportsVisitor):
    """RemoveImportsVisitor, but a removed import line hands its blank lines (and comments) on to the next
    statement, so import groups stay separated as they were."""

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if original_node.body and not updated_node.body:
            return cst.SimpleStatementLine(body=[cst.Expr(cst.Name(_REMOVED))],
                                           leading_lines=original_node.leading_lines)
        return updated_node

    def leave_Module(self, original_node, updated_node):
        updated_node = super().leave_Module(original_node, updated_node)
        return updated_node.with_changes(body=_pass_on_lines(updated_node.body))

    def leave_IndentedBlock(self, original_node, updated_node):
        return updated_node.with_changes(body=_pass_on_lines(updated_node.body))


_REMOVED = "__deserialguard_removed_import__"


def _is_removed(statement) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Expr) and isinstance(statement.body[0].value, cst.Name)
            and statement.body[0].value.value == _REMOVED)


def _pass_on_lines(body) -> list:
    out, pending = [], []
    for statement in body:
        if _is_removed(statement):
            pending += list(statement.leading_lines)
            continue
        if pending:
            own = list(statement.leading_lines)
            if all(line.comment is None for line in pending + own):
                merged = own if len(own) >= len(pending) else pending
            else:
                merged = pending + own
            statement = statement.with_changes(leading_lines=merged)
            pending = []
        out.append(statement)
    return out


def _with_statements(before: list, statement, after: list) -> list:
    """`statement` with new statements around it; comments and blank lines above it stay above all."""
    if not before:
        return [statement, *after]
    leading = statement.leading_lines
    first = before[0].with_changes(leading_lines=leading)
    return [first, *before[1:], statement.with_changes(leading_lines=()), *after]


def _walk(node: cst.CSTNode):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def last_name(expr: cst.CSTNode) -> str | None:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


def string_value(node: cst.CSTNode) -> str | None:
    """The value of a plain string literal (not bytes, not f-string), else None."""
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def expression(code: str, **nodes: cst.BaseExpression) -> cst.BaseExpression:
    """Parse `code`, then put each node of `nodes` where the name `{PLACEHOLDER}_<key>` stands."""
    parsed = cst.parse_expression(code)
    return parsed.visit(_Fill(nodes)) if nodes else parsed


def statement(code: str, **nodes: cst.BaseExpression) -> cst.BaseStatement:
    parsed = cst.parse_statement(code)
    return parsed.visit(_Fill(nodes)) if nodes else parsed


def hole(key: str) -> str:
    return f"{PLACEHOLDER}_{key}"


class _Fill(cst.CSTTransformer):
    def __init__(self, nodes):
        super().__init__()
        self.nodes = {hole(key): node for key, node in nodes.items()}

    def leave_Name(self, original_node, updated_node):
        return self.nodes.get(updated_node.value, updated_node)


def fits(indent: str, *parts: str) -> bool:
    return len(indent) + sum(len(p) for p in parts) <= MAX_LINE and not any("\n" in p for p in parts)
