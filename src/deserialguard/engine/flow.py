"""Data flow through one function body (or a module's top level), statement by statement.

Each expression evaluates to a Value: the traces of untrusted data in it and what kind of thing it is.
Sources, sinks, propagators and barriers come from the catalog; calls into the scanned code use the
callee's summary (parameter -> sink, parameter -> return, parameter -> self field), computed on demand.
Statements and expressions are here; calls are in calls.py, framework-filled parameters in entries.py.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from deserialguard import catalog
from deserialguard.catalog import barriers, sources, types
from deserialguard.engine.budget import BudgetExceeded, statements_allowed
from deserialguard.engine.calls import Calls
from deserialguard.engine.entries import EntryPoints
from deserialguard.engine.project import ClassInfo, FunctionInfo, ModuleInfo
from deserialguard.engine.values import (UNKNOWN, Param, SourceHit, Trace, Value, element_kinds, merge, merge_traces,
                                         one_of)
from deserialguard.findings import Location


@dataclass
class Summary:
    """What a function does with its parameters, in traces that start at the parameter."""

    param_sinks: list = field(default_factory=list)      # (Trace from Param ending at the sink, Sink row)
    returns: Value = UNKNOWN                              # Param traces end at the return; sources too
    param_fields: list = field(default_factory=list)     # (Trace from Param, ClassInfo, attribute)
    is_check: bool = False                                # returns the result of a MAC comparison
    verified_params: frozenset = frozenset()             # parameters authenticated whenever it returns
    checked_sources: set = field(default_factory=set)    # source APIs whose data its checks authenticate
    param_calls: set = field(default_factory=set)        # (parameter, method) called on a parameter of no known kind
    entry_keys: set = field(default_factory=set, compare=False, repr=False)    # of the two lists above

    # One entry per parameter and sink (or field), the first path found: as for findings, a later path
    # to the same place adds nothing. Kept whole, the lists grew exponentially: a loop's body is analysed
    # twice, and each caller copies its callees' entries once per call and per pass.
    def add_param_sink(self, trace: Trace, row) -> None:
        sink = trace.steps.last
        self._add(self.param_sinks, (trace, row), (trace.origin, sink.path, sink.line, sink.column, row))

    def add_param_field(self, trace: Trace, cls: ClassInfo, attr: str) -> None:
        self._add(self.param_fields, (trace, cls, attr), (trace.origin, cls, attr))

    def _add(self, entries: list, entry: tuple, key: tuple) -> None:
        if key not in self.entry_keys:
            self.entry_keys.add(key)
            entries.append(entry)


@dataclass
class State:
    """The values of the names at one point of the code. A state that is copied is not assigned to after
    (the copy is what the code goes on with): so a copy and its origin differ only in the names
    `written` since, and joining the states of two branches looks at those names only, not at every
    name a long function holds (which made a function of n assignments and n `if`s cost n²)."""

    env: dict
    verified: frozenset = frozenset()      # origins authenticated by a dominating check
    base: "State | None" = None            # the state this one is a copy of, as of `written`
    written: set = field(default_factory=set)     # names assigned since that copy
    owned: bool = False                    # env is this state's own (a module's first one is its globals)

    def copy(self) -> "State":
        return State(dict(self.env), self.verified, self, set(), True)

    def assign(self, name: str, value) -> None:
        self.env[name] = value
        self.written.add(name)


ANCESTRY = 32      # how far join() looks for the states' common origin; beyond it, every name is compared


def join(states: list[State]) -> State | None:
    if not states:
        return None
    if len(states) == 1:
        return states[0]
    origin, written = _common_origin(states)
    env: dict = dict(states[0].env)
    for state in states[1:]:
        other = state.env
        pairs = other.items() if written is None else ((name, other[name]) for name in written if name in other)
        for name, value in pairs:
            current = env.get(name)
            if current is not value:
                env[name] = value if current is None else merge(current, value)
    verified = frozenset.intersection(*(s.verified for s in states))
    if origin is None or origin.base is None:
        return State(env, verified, owned=True)
    # The join takes the place of the origin: a copy of the origin's own origin, written since in the
    # names either wrote; so joins one after another (`if` after `if`) keep no chain of states alive.
    return State(env, verified, origin.base, origin.written | written, True)


def _common_origin(states: list[State]) -> tuple[State | None, set | None]:
    """The nearest state all of `states` were copied from (or are), and the names any of them assigned
    since; (None, None) if there is none near enough."""
    lineages = [_lineage(state) for state in states]
    for candidate, _ in lineages[0]:
        if not candidate.owned:
            break
        found = [next((names for ancestor, names in lineage if ancestor is candidate), None) for lineage in lineages]
        if all(names is not None for names in found):
            return candidate, set().union(*found)
    return None, None


def _lineage(state: State) -> list[tuple[State, set]]:
    """The state and those it descends from, each with the names assigned since it, nearest first."""
    lineage, names = [(state, set())], set()
    while state.base is not None and len(lineage) < ANCESTRY:
        names = names | state.written
        state = state.base
        lineage.append((state, names))
    return lineage


def same_state(one: State, other: State) -> bool:
    """Whether the two states hold the same values (by what a Value compares: origins, not paths)."""
    if one is other:
        return True
    if one.verified != other.verified or len(one.env) != len(other.env):
        return False
    env = other.env
    return all(name in env and (value is env[name] or value == env[name]) for name, value in one.env.items())


class Analysis(EntryPoints, Calls):
    def __init__(self, engine, module: ModuleInfo, function: FunctionInfo | None = None,
                 context: tuple = ()):
        self.engine = engine
        self.module = module
        self.function = function
        self.context = dict(context)             # parameter index -> type the caller passes
        self.state = State({} if function else module.globals)
        self.summary = Summary()
        self.verified_apis: frozenset[str] = frozenset()
        self.exit_verified: frozenset | None = None
        node = function.node if function else None
        self.allowed = statements_allowed(node.end_lineno - node.lineno + 1 if node else len(module.parsed.lines))
        self.spent = 0

    # ----- entry points

    def run_module(self) -> None:
        self.block(self.module.tree.body)
        if self.state is not None:
            self.module.globals.update(self.state.env)

    def run_function(self) -> Summary:
        function = self.function
        entry = self.entry_parameters()
        for index, arg in enumerate(function.params):
            self.state.assign(arg.arg, entry.get(index) or Value(traces=(self.parameter_trace(index, arg),)))
        self.verified_apis = self.decorator_checks()
        self.block(function.node.body)
        self.note_exit()
        self.summary.verified_params = frozenset(
            o.index for o in (self.exit_verified or ()) if isinstance(o, Param))
        return self.summary

    # ----- statements

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            if self.state is None:
                return
            self.spent += 1
            if self.spent > self.allowed:
                raise BudgetExceeded(self.function or self.module, self.where(), statement.lineno, self.allowed)
            self.statement(statement)

    def where(self) -> str:
        if self.function is None:
            return "the top-level code"
        return self.function.qualname.removeprefix(self.module.name + ".") + "()"

    def statement(self, node: ast.stmt) -> None:
        handler = _STATEMENTS[type(node)]
        if handler is not None:
            handler(self, node)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expr(child)

    def stmt_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self.assign_from(target, node.value)

    def stmt_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.assign_from(node.target, node.value)

    def stmt_AugAssign(self, node: ast.AugAssign) -> None:
        value = merge(self.expr(node.target), self.expr(node.value)).only_taint()
        self.bind(node.target, value, node)

    def stmt_Expr(self, node: ast.Expr) -> None:
        self.expr(node.value)
        if isinstance(node.value, ast.Call) and self.expr(node.value.func).type in barriers.ABORTS:
            self.state = None        # abort(403), sys.exit(): what follows runs only if this was not reached

    def stmt_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            value = self.expr(node.value)
            self.returned(value, node)
            self.summary.is_check |= value.verifies is not None
        self.note_exit()
        self.state = None

    def returned(self, value: Value, node: ast.AST) -> None:
        value = value.then(self.loc(node, "returned"), always=False)
        current = self.summary.returns
        self.summary.returns = merge(current, value) if current.tainted or current.type or current.ref else value

    def expr_Yield(self, node) -> Value:
        """A generator's values reach whoever iterates it, as a return value does its caller."""
        if node.value is not None:
            self.returned(self.expr(node.value), node)
        return UNKNOWN

    expr_YieldFrom = expr_Yield

    def note_exit(self) -> None:
        """What is authenticated on every normal way out of the function (a helper that raises unless a
        signature verifies protects its arguments for the caller)."""
        if self.state is not None and self.function is not None:
            verified = self.state.verified
            self.exit_verified = verified if self.exit_verified is None else self.exit_verified & verified

    def stmt_Raise(self, node: ast.Raise) -> None:
        if node.exc is not None:
            self.expr(node.exc)
        self.state = None

    def stmt_Continue(self, node) -> None:
        self.state = None

    stmt_Break = stmt_Continue

    def stmt_FunctionDef(self, node) -> None:
        if self.function is None:
            return
        nested = self.function.nested.get(node.name)
        if nested is not None:
            for name, value in self.state.env.items():
                nested.closure[name] = merge(nested.closure[name], value) if name in nested.closure else value
            self.state.assign(node.name, Value(ref=nested))

    stmt_AsyncFunctionDef = stmt_FunctionDef

    def stmt_ClassDef(self, node: ast.ClassDef) -> None:
        """Class attributes (`service = SnapshotService()`, `store: TCPStore`) are what `self.x` reads
        until a method assigns it."""
        cls = self.engine.project.class_of(node)
        if cls is None:
            return
        for statement in node.body:
            # A constant (`VERSION = b"..."`) is no field: read through a parameter of the class it is not
            # the caller's data (flow.class_member answers for the fields the class stores).
            if isinstance(statement, ast.Assign) and not isinstance(statement.value, ast.Constant):
                value = self.expr(statement.value)
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        self.engine.store_field(cls, target.id, value)
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                if statement.value is not None:
                    value = self.expr(statement.value)
                else:
                    typed, ref = self.annotated_type(ast.arg(arg=statement.target.id, annotation=statement.annotation))
                    value = Value(type=typed or (ref.qualname if ref else None), ref=ref, instance=ref is not None)
                if value.type or value.ref or value.tainted:
                    self.engine.store_field(cls, statement.target.id, value)

    def stmt_Import(self, node) -> None:
        pass

    stmt_ImportFrom = stmt_Import

    def stmt_If(self, node: ast.If) -> None:
        when_true, when_false = self.test_verifies(node.test)
        before = self.state
        self.state = before.copy()
        self.state.verified |= when_true or frozenset()
        self.block(node.body)
        after_body = self.state
        if node.orelse:
            self.state = before.copy()
            self.state.verified |= when_false or frozenset()
            self.block(node.orelse)
        else:       # the state as it was, read by the join below and never assigned to: no copy is needed
            self.state = State(before.env, before.verified | (when_false or frozenset()), before)
        self.state = join([s for s in (after_body, self.state) if s is not None])

    def stmt_Assert(self, node: ast.Assert) -> None:
        when_true, _ = self.test_verifies(node.test)
        self.state.verified |= when_true or frozenset()

    def loop(self, node, bind_target=None) -> None:
        start = self.state
        ends = [start]
        for _ in range(2):             # twice: values assigned late in the body reach its start
            self.state = start.copy()
            if bind_target is not None:
                bind_target()
            self.block(node.body)
            ends.append(self.state)
            joined = join([s for s in ends if s is not None])
            # A second pass from the state the first began with would repeat the first, and each loop
            # nested in this one twice over: loops nested n deep would cost 2**n passes.
            if same_state(joined, start):
                break
            start = joined
        self.state = join([s for s in ends if s is not None])
        if self.state is not None:
            self.block(node.orelse)

    def stmt_For(self, node: ast.For) -> None:
        iterable = self.expr(node.iter)
        self.loop(node, lambda: self.bind(node.target, self.element(iterable, node), node))

    stmt_AsyncFor = stmt_For

    def stmt_While(self, node: ast.While) -> None:
        self.expr(node.test)
        self.loop(node)

    def stmt_With(self, node: ast.With) -> None:
        for item in node.items:
            value = self.expr(item.context_expr)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, value, node)
        self.block(node.body)

    stmt_AsyncWith = stmt_With

    def stmt_Try(self, node: ast.Try) -> None:
        before = self.state
        self.state = before.copy()
        self.block(node.body)
        if self.state is not None:
            self.block(node.orelse)
        ends = [self.state]
        for handler in node.handlers:
            self.state = join([s for s in (before, ends[0]) if s is not None]).copy()
            if handler.name:
                self.state.assign(handler.name, UNKNOWN)
            self.block(handler.body)
            ends.append(self.state)
        self.state = join([s for s in ends if s is not None])
        if node.finalbody:
            if self.state is None:
                self.state = before.copy()
                self.block(node.finalbody)
                self.state = None
            else:
                self.block(node.finalbody)

    stmt_TryStar = stmt_Try

    def stmt_Match(self, node) -> None:
        subject = self.expr(node.subject)
        before = self.state
        ends = []
        for case in node.cases:
            self.state = before.copy()
            for capture in ast.walk(case.pattern):
                name = getattr(capture, "name", None)
                if isinstance(name, str):
                    self.state.assign(name, subject.only_taint())
            self.block(case.body)
            ends.append(self.state)
        self.state = join([s for s in [before, *ends] if s is not None])

    # ----- assignment

    def assign_from(self, target: ast.expr, value_node: ast.expr) -> None:
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value_node, (ast.Tuple, ast.List)) \
                and len(target.elts) == len(value_node.elts) \
                and not any(isinstance(e, ast.Starred) for e in target.elts):
            values = [self.expr(element) for element in value_node.elts]
            for element, value in zip(target.elts, values):
                self.bind(element, value, target)
            return
        self.bind(target, self.expr(value_node), target)

    def bind(self, target: ast.expr, value: Value, at: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.state.assign(target.id, value.then(self.loc(at, f"assigned to {target.id}"), always=False))
        elif isinstance(target, (ast.Tuple, ast.List)):
            if value.type and self.qualified(f"{value.type}.__iter__", at).tainted:
                value = self.element(value, at)       # `data, sock = self.request` of a UDP handler
            for element in target.elts:
                self.bind(element, value, at)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value.only_taint(), at)
        elif isinstance(target, ast.Attribute):
            owner = self.expr(target.value)
            if owner.instance and isinstance(owner.ref, ClassInfo):
                self.store_field(owner.ref, target.attr, value, target)
            elif owner.type in types.SHARED_OBJECTS:
                self.store_field(self.engine.shared_object(owner.type), target.attr, value, target)
            elif value.tainted and isinstance(target.value, ast.Name) and target.value.id in self.state.env:
                self.taint_name(target.value.id, value, target, f"stored in {target.value.id}.{target.attr}")
        elif isinstance(target, ast.Subscript):
            self.expr(target.slice)
            if value.tainted and isinstance(target.value, ast.Name):
                self.taint_name(target.value.id, value, target, f"stored in {target.value.id}[...]")

    def mutate(self, target: ast.expr, value: Value, at: ast.AST) -> None:
        """`buffer.extend(data)`, `self._buffer.extend(data)`: the container now holds the data."""
        if isinstance(target, ast.Name):
            self.taint_name(target.id, value, at, f"written into {target.id}")
        elif isinstance(target, ast.Attribute):
            owner = self.expr(target.value)
            if owner.instance and isinstance(owner.ref, ClassInfo):
                self.store_field(owner.ref, target.attr, value, at)

    def taint_name(self, name: str, value: Value, at: ast.AST, label: str) -> None:
        current = self.state.env.get(name, UNKNOWN)
        added = value.then(self.loc(at, label), always=False)
        self.state.assign(name, Value(merge_traces(current.traces, added.traces), current.type, current.ref,
                                      current.instance, current.bound, current.pending))

    def store_field(self, cls, attr: str, value: Value, at: ast.AST) -> Value:
        stored = value.then(self.loc(at, f"stored in {cls.qualname.rsplit('.', 1)[-1]}.{attr}"), always=False)
        for trace in stored.traces:
            if isinstance(trace.origin, Param):
                self.summary.add_param_field(trace, cls, attr)
        real = tuple(t for t in stored.traces if isinstance(t.origin, SourceHit))
        self.engine.store_field(cls, attr, Value(real, stored.type, stored.ref, stored.instance))
        return stored

    # ----- checks (barriers that dominate a sink)

    def test_verifies(self, test: ast.expr) -> tuple[frozenset | None, frozenset | None]:
        """Evaluate a condition. Returns the origins authenticated when it is true, and when it is false
        (None: nothing known)."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            when_true, when_false = self.test_verifies(test.operand)
            return when_false, when_true
        if isinstance(test, ast.BoolOp):
            parts = [self.test_verifies(v) for v in test.values]
            trues = [t for t, _ in parts if t is not None]
            falses = [f for _, f in parts if f is not None]
            if isinstance(test.op, ast.And):
                return (frozenset().union(*trues) if trues else None), None
            return None, (frozenset().union(*falses) if falses else None)
        return self.expr(test).verifies, None

    # ----- expressions

    def expr(self, node: ast.expr | None) -> Value:
        if node is None:
            return UNKNOWN
        handler = _EXPRESSIONS[type(node)]
        if handler is not None:
            return handler(self, node)
        values = [self.expr(child) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]
        return Value(merge_traces(*(v.traces for v in values)))

    def expr_Constant(self, node) -> Value:
        return UNKNOWN

    def expr_Compare(self, node: ast.Compare) -> Value:
        self.expr(node.left)
        for comparator in node.comparators:
            self.expr(comparator)
        return UNKNOWN

    def expr_Lambda(self, node) -> Value:
        return UNKNOWN

    def expr_IfExp(self, node: ast.IfExp) -> Value:
        self.expr(node.test)
        return merge(self.expr(node.body), self.expr(node.orelse))

    def expr_Await(self, node: ast.Await) -> Value:
        return self.expr(node.value)

    def expr_NamedExpr(self, node: ast.NamedExpr) -> Value:
        value = self.expr(node.value)
        self.bind(node.target, value, node)
        return value

    def expr_Starred(self, node: ast.Starred) -> Value:
        return self.expr(node.value)

    def expr_Name(self, node: ast.Name) -> Value:
        name = node.id
        if self.state is not None and name in self.state.env:
            return self.state.env[name]
        function = self.function
        while function is not None:
            if name in function.closure:
                return function.closure[name]
            function = function.parent
        return self.global_name(name, node)

    def global_name(self, name: str, node: ast.AST) -> Value:
        module = self.module
        if name in module.globals:
            return module.globals[name]
        definition = module.functions.get(name) or module.classes.get(name)
        if definition is not None:
            return Value(type=definition.qualname, ref=definition)
        if name in module.imports:
            return self.qualified(module.imports[name], node)
        for star in module.star_imports:
            qualname = f"{star}.{name}"
            if self.engine.project.resolve(qualname, module) is not None or catalog.knows(qualname):
                return self.qualified(qualname, node)
        if self.engine.project.unbound_module_name(name):
            return UNKNOWN
        return self.external(name, node)

    def qualified(self, qualname: str, node: ast.AST) -> Value:
        """The value a qualified name refers to: a project definition, a source, or an external name."""
        target = self.engine.project.resolve(qualname, self.module)
        if isinstance(target, (FunctionInfo, ClassInfo, ModuleInfo)):
            return Value(type=getattr(target, "qualname", getattr(target, "name", None)), ref=target)
        if isinstance(target, tuple):
            _, module, name = target
            return module.globals.get(name, UNKNOWN)
        return self.external(qualname, node)

    def external(self, qualname: str, node: ast.AST) -> Value:
        """A name outside the scanned code: a source, or a type the catalog may know."""
        qualname = catalog.canonical(qualname)
        row = catalog.SOURCES.get(qualname)
        if row is not None and self.engine.enabled(row.threat_model):
            return self.source_value(row, node)
        return Value(type=qualname)

    def source_value(self, row: sources.Source, node: ast.AST) -> Value:
        hit = SourceHit(self.module.display, node.lineno, self.column(node), row.threat_model, row)
        if row.api in self.verified_apis and self.state is not None:
            self.state.verified |= {hit}         # a decorator of this function authenticated it
        return Value(traces=(Trace.at(hit, self.loc(node, row.description)),), type=row.api)

    def expr_Attribute(self, node: ast.Attribute) -> Value:
        return self.member(self.expr(node.value), node)

    def member(self, owner: Value, node: ast.Attribute) -> Value:
        if owner.alternatives:
            return merge(*(self.member(Value(owner.traces, alt.type, alt.ref, alt.instance), node)
                           for alt in owner.alternatives))
        attr = node.attr
        if isinstance(owner.ref, ModuleInfo):
            return self.qualified(f"{owner.ref.name}.{attr}", node)
        if isinstance(owner.ref, ClassInfo):
            return self.class_member(owner, attr, node)
        if owner.type in types.SHARED_OBJECTS:
            return self.read_field(self.engine.shared_object(owner.type), attr, node)
        if owner.type and any(isinstance(t.origin, SourceHit) for t in owner.traces):
            return Value(traces=owner.traces, type=catalog.canonical(f"{owner.type}.{attr}"))
        if owner.type:
            value = self.qualified(f"{owner.type}.{attr}", node)
            return Value(merge_traces(value.traces, owner.traces), value.type, value.ref, value.instance)
        return Value(traces=owner.traces)

    def class_member(self, owner: Value, attr: str, node: ast.Attribute) -> Value:
        """A method, a field written by any method, or else what the first external base says."""
        stored = []
        for cls in self.engine.project.mro(owner.ref):
            if isinstance(cls, str):
                if stored:
                    break
                return self.qualified(f"{cls}.{attr}", node)
            method = cls.methods.get(attr)
            if method is not None and not stored:
                if method.is_property and owner.instance:      # reading it runs the getter
                    return self.call_project(method, owner, [], {}, node)
                return Value(type=method.qualname, ref=method, bound=owner)
            if owner.instance:
                value = self.read_field(cls, attr, node)
                if attr in cls.fields:
                    stored.append(value)
        kind = merge(*stored) if stored else UNKNOWN
        own = [traces for name, traces in owner.attrs if name == attr]
        if own:                          # a constructed record: this object's own field
            return Value(merge_traces(*own), kind.type, kind.ref, kind.instance)
        if owner.tainted and stored:     # a parameter: the caller's object answers for its field
            traces = tuple(Trace(Param(t.origin.index, t.origin.name, attr), t.steps)
                           if isinstance(t.origin, Param) and t.origin.attr is None else t for t in owner.traces)
            read = self.loc(node, f"read from .{attr}")
            return Value(tuple(t.then(read, always=False) for t in traces), kind.type, kind.ref, kind.instance)
        return kind

    def read_field(self, holder, attr: str, node: ast.AST) -> Value:
        """A field of a class or shared object; noted, so that the reader runs again if it changes."""
        self.engine.readers.setdefault((holder, attr), set()).add(self.function or self.module)
        value = holder.fields.get(attr)
        if value is None:
            return UNKNOWN
        return value.then(self.loc(node, f"read from {holder.qualname.rsplit('.', 1)[-1]}.{attr}"), always=False)

    def expr_Subscript(self, node: ast.Subscript) -> Value:
        container = self.expr(node.value)
        self.expr(node.slice)
        key = node.slice.value if isinstance(node.slice, ast.Constant) else None
        traces = self.keyed(container.traces, key) if container.tainted else ()
        if container.elements:      # `CODECS[name]`: whichever class or function the registry holds
            return one_of(container.elements, traces)
        return Value(traces=traces) if traces else UNKNOWN

    def expr_Dict(self, node: ast.Dict) -> Value:
        """A display: it carries its items' data, and knows the project classes and functions among its
        values (a registry picked from at run time)."""
        keys = [self.expr(key) for key in node.keys if key is not None]
        values = [self.expr(value) for value in node.values]
        return Value(merge_traces(*(v.traces for v in keys + values)), elements=element_kinds(values))

    def expr_List(self, node) -> Value:
        values = [self.expr(element) for element in node.elts]
        return Value(merge_traces(*(v.traces for v in values)), elements=element_kinds(values))

    expr_Tuple = expr_Set = expr_List

    def keyed(self, traces: tuple[Trace, ...], key) -> tuple[Trace, ...]:
        """A constant key picked out of a source names it: "an HTTP header (X-Model-Checkpoint)"."""
        if not isinstance(key, str):
            return traces
        named = []
        for trace in traces:
            origin = trace.origin
            if len(trace.steps) == 1 and isinstance(origin, SourceHit) and origin.row and origin.row.keyed:
                first = trace.steps.first
                trace = Trace.at(origin, Location(first.path, first.line, first.column, first.code,
                                                  origin.row.describe(key)))
            named.append(trace)
        return tuple(named)

    def expr_BinOp(self, node: ast.BinOp) -> Value:
        # `a + b + c + ...` nests to the left; walk that spine in a loop, not by recursion
        operands = []
        while isinstance(node, ast.BinOp):
            operands.append(node.right)
            node = node.left
        operands.append(node)
        return self.combined([self.expr(operand) for operand in reversed(operands)])

    def combined(self, values: list[Value]) -> Value:
        """Data built from parts (`a + b`, f-strings): it carries every part's data, and their digests
        (`"sha256=" + hmac.new(...).hexdigest()` still says whose MAC it is)."""
        return Value(merge_traces(*(v.traces for v in values)),
                     digest_of=merge_traces(*(v.digest_of for v in values)))

    def expr_BoolOp(self, node: ast.BoolOp) -> Value:
        return merge(*(self.expr(v) for v in node.values))

    def expr_JoinedStr(self, node: ast.JoinedStr) -> Value:
        return self.combined([self.expr(v.value) for v in node.values if isinstance(v, ast.FormattedValue)])

    def comprehension(self, node, elements: list[ast.expr]) -> Value:
        saved = self.state
        self.state = saved.copy()
        for generator in node.generators:
            iterable = self.expr(generator.iter)
            self.bind(generator.target, self.element(iterable, node), node)
            for condition in generator.ifs:
                self.expr(condition)
        values = [self.expr(e) for e in elements]
        walrus = {n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr)}
        for name in walrus:
            saved.assign(name, self.state.env[name])
        self.state = saved
        return Value(merge_traces(*(v.traces for v in values)))

    def expr_ListComp(self, node) -> Value:
        return self.comprehension(node, [node.elt])

    expr_SetComp = expr_GeneratorExp = expr_ListComp

    def expr_DictComp(self, node) -> Value:
        return self.comprehension(node, [node.key, node.value])

    def element(self, iterable: Value, at: ast.AST) -> Value:
        """What iterating yields: messages, for a connection or consumer that is a source when iterated."""
        if iterable.type:
            produced = self.qualified(f"{iterable.type}.__iter__", at)
            if produced.tainted:
                return Value(merge_traces(produced.traces, iterable.traces))
        return Value(traces=iterable.traces)

    # ----- locations

    def loc(self, node: ast.AST, label: str) -> Location:
        line = getattr(node, "lineno", 1)
        text = self.module.raw_line(line)
        return Location(self.module.display, line, self.column(node, text), text.strip(), label)

    def column(self, node: ast.AST, text: str | None = None) -> int:
        """1-based, in characters: the ast counts UTF-8 bytes. `text`: the node's line, if read already."""
        offset = getattr(node, "col_offset", 0)
        if text is None:
            text = self.module.raw_line(getattr(node, "lineno", 1))
        if text.isascii():
            return offset + 1
        return len(text.encode("utf-8")[:offset].decode("utf-8", "replace")) + 1


class _Handlers(dict):
    """Analysis.stmt_If for ast.If (None if there is none), looked up once per kind of node."""

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def __missing__(self, node_type: type):
        self[node_type] = handler = getattr(Analysis, self.prefix + node_type.__name__, None)
        return handler


_STATEMENTS, _EXPRESSIONS = _Handlers("stmt_"), _Handlers("expr_")
