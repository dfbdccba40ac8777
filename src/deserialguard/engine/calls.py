"""Calls: into deserialization sinks, into the scanned code (through the callee's summary), constructors,
MAC checks, digests, registered callbacks, and everything else (which passes its arguments' data on).
A mixin of Analysis; what each external call means is in the catalog.
"""
from __future__ import annotations

import ast
import copy

from deserialguard import catalog
from deserialguard.catalog import barriers, propagators, sinks, sources, threat_models
from deserialguard.engine.project import ClassInfo, FunctionInfo, bindings
from deserialguard.engine.values import UNKNOWN, Param, SourceHit, Trace, Value, merge, merge_traces, one_of
from deserialguard.findings import Location


class Calls:
    def expr_Call(self, node: ast.Call) -> Value:
        if not isinstance(node.func, ast.Attribute):
            return self.call(node, None, self.expr(node.func))
        receiver = self.expr(node.func.value)
        if receiver.alternatives:        # a method of whichever kind of object it is
            return merge(*(self.call(node, Value(receiver.traces, alt.type, alt.ref, alt.instance),
                                     None) for alt in receiver.alternatives))
        return self.call(node, receiver, None)

    def call(self, node: ast.Call, receiver: Value | None, callee: Value | None) -> Value:
        """What the call returns: the first resolver in RESOLVERS that answers for it (see there); for a
        callee that may be one of several things (`CODECS[name]()`), what any of them returns."""
        site = CallSite(self, node, receiver, callee)
        kinds = site.callee.alternatives
        if not kinds:
            return self.resolved(site)
        return merge(*(self.resolved(site.calling(Value(site.callee.traces, kind.type, kind.ref, kind.instance,
                                                        kind.bound), self)) for kind in kinds))

    def resolved(self, site: "CallSite") -> Value:
        for resolve in RESOLVERS:
            value = resolve(self, site)
            if value is not None:
                return value
        raise AssertionError("the last resolver answers every call")

    # ----- the resolvers, in the order RESOLVERS tries them; None: not mine, ask the next

    def resolve_pending_method(self, site: "CallSite") -> Value | None:
        receiver = site.receiver
        if receiver is not None and receiver.pending and receiver.pending[0].on_method == site.name:
            row, traces = receiver.pending
            self.report(row, traces, site.node)
            return UNKNOWN
        return None

    def resolve_project_function(self, site: "CallSite") -> Value | None:
        function, bound = site.callee.ref, site.callee.bound
        if not isinstance(function, FunctionInfo):
            return None
        result = self.call_project(function, bound, site.args, site.kwargs, site.node)
        if function.cls is None or bound is None or not bound.instance or not isinstance(bound.ref, ClassInfo):
            return result
        overrides = self.engine.dispatch.overrides(bound.ref, function.name, self.function or self.module)
        return merge(result, *(self.call_project(method, bound, site.args, site.kwargs, site.node)
                               for method in overrides if method is not function))

    def resolve_project_class(self, site: "CallSite") -> Value | None:
        if isinstance(site.callee.ref, ClassInfo) and not site.callee.instance:
            return self.construct(site.callee.ref, site.args, site.kwargs, site.node)
        return None

    def note_parameter_method(self, site: "CallSite") -> None:
        """`serializer.deserialize(blob)` on a parameter of no known kind: what it runs depends on what the
        callers pass (Dispatch.worth_a_context), so the demand-driven scan looks for them if a method of
        that name deserializes."""
        receiver = site.receiver
        if receiver is not None and receiver.ref is None and receiver.type is None:
            self.summary.param_calls |= {(t.origin.index, site.name) for t in receiver.traces
                                         if isinstance(t.origin, Param) and t.origin.attr is None}

    def resolve_super(self, site: "CallSite") -> Value | None:
        """`super()` in a method: the object, as an instance of the next class its class's ancestry names
        (`super().__init__(**kwargs)` runs the base's constructor, storing the base's fields)."""
        if site.qualname not in ("super", "builtins.super") or self.function is None or self.function.cls is None:
            return None
        cls = self.function.cls
        if site.args and isinstance(site.args[0].ref, ClassInfo):       # super(Child, self)
            cls = site.args[0].ref
        ancestors = self.engine.project.mro(cls)
        next(ancestors)
        parent = next(ancestors, None)
        if isinstance(parent, ClassInfo):
            return Value(type=parent.qualname, ref=parent, instance=True)
        return Value(type=parent) if parent else UNKNOWN

    def resolve_sink(self, site: "CallSite") -> Value | None:
        row = catalog.SINKS.get(site.qualname)
        return self.call_sink(row, site.args, site.kwargs, site.node) if row is not None else None

    def register_callbacks(self, site: "CallSite") -> None:
        if site.qualname in catalog.CALLBACK_SOURCES:
            self.register_callback(catalog.CALLBACK_SOURCES[site.qualname], site.node)

    def resolve_check(self, site: "CallSite") -> Value | None:
        return self.check_result(site.everything) if site.qualname in barriers.CHECKS else None

    def resolve_digest(self, site: "CallSite") -> Value | None:
        receiver = site.receiver
        if site.qualname in propagators.DIGESTS or (site.name in propagators.DIGEST_METHODS and receiver is not None
                                                    and (receiver.digest_of or receiver.tainted)):
            return Value(type=catalog.returns(site.qualname) if site.qualname else None,
                         digest_of=merge_traces(*(v.traces + v.digest_of for v in site.everything)))
        return None

    def resolve_no_data(self, site: "CallSite") -> Value | None:
        qualname = site.qualname
        if qualname and (catalog.is_verified_decoder(qualname) or qualname in propagators.NO_PROPAGATION
                         or qualname in propagators.SERIALIZERS):
            return UNKNOWN
        if site.receiver is not None and catalog.returns_no_data(site.name):
            return UNKNOWN
        return None

    def resolve_confined_path(self, site: "CallSite") -> Value | None:
        kept = barriers.CONFINED_PATHS.get(site.qualname)
        if kept is None:
            return None
        folder = merge_traces(*(site.args[i].traces for i in kept if i < len(site.args)))
        return Value(folder, site.result_type)

    def resolve_fixed_origin(self, site: "CallSite") -> Value | None:
        origin = sources.ORIGINS.get(site.qualname)
        if origin is None or not all(self.literal_argument(site.node, *at) for at in origin):
            return None
        row = catalog.SOURCES[site.qualname]
        if not self.engine.enabled(threat_models.FIXED_ORIGIN):
            return Value(type=site.result_type)
        node = site.node.func
        hit = SourceHit(self.module.display, node.lineno, self.column(node), threat_models.FIXED_ORIGIN, row)
        label = f"{row.description}, from an origin the code fixes"
        return Value((Trace.at(hit, self.loc(node, label)),), site.result_type)

    @staticmethod
    def literal_argument(node: ast.Call, position: int | None, keyword: str) -> bool:
        """A string literal; for a URL, an absolute one: a relative one is resolved against a base URL
        given elsewhere (`httpx.AsyncClient(base_url=f"http://{node}")`)."""
        given = argument_node(node, position, keyword)
        return isinstance(given, ast.Constant) and isinstance(given.value, str) and \
            (keyword != "url" or "://" in given.value)

    def write_into_receiver(self, site: "CallSite") -> None:
        if site.receiver is not None and site.name in propagators.MUTATORS and site.arguments:
            target = site.node.func.value
            self.mutate(target, Value(site.arguments), site.node)
            if site.receiver.type == "open" and isinstance(target, ast.Name):   # a file object: and its file
                scope = self.function.node if self.function is not None else self.module.tree
                for path in paths_opened_for_writing(scope, target.id):
                    self.mutate(path, Value(site.arguments), site.node)

    def write_into_argument(self, site: "CallSite") -> None:
        receiver = site.receiver
        if receiver is None or not receiver.tainted or site.name not in propagators.WRITES_TO_ARGUMENT:
            return
        target = argument_node(site.node, *propagators.WRITES_TO_ARGUMENT[site.name])
        if target is not None:
            self.mutate(target, Value(receiver.traces), site.node)

    def resolve_registry_lookup(self, site: "CallSite") -> Value | None:
        receiver = site.receiver
        if receiver is not None and receiver.elements and site.name in REGISTRY_LOOKUPS:
            return one_of(receiver.elements, receiver.traces)
        return None

    def resolve_tainted_callee(self, site: "CallSite") -> Value | None:
        callee, name, qualname, node = site.callee, site.name, site.qualname, site.node
        if not callee.tainted:
            return None
        label = propagators.METHOD_LABELS.get(name, f"transformed by .{name}()")
        traces = callee.traces
        if name in propagators.KEYED_METHODS and node.args and isinstance(node.args[0], ast.Constant):
            traces = self.keyed(traces, node.args[0].value)
        if qualname not in catalog.SOURCES:        # what a source returns is its own data, not its arguments
            traces = merge_traces(traces, site.carried())
        result = Value(traces, site.result_type)
        return result.then(self.loc(node, label)) if label and qualname not in catalog.SOURCES else result

    def resolve_untainted(self, site: "CallSite") -> Value | None:
        return Value(type=site.result_type) if not site.carried() else None

    def resolve_passing_on(self, site: "CallSite") -> Value:
        label = propagators.LABELS.get(site.qualname) or f"passed through {site.name or 'a call'}()"
        return Value(site.carried(), site.result_type).then(self.loc(site.node, label))

    def check_result(self, values: list[Value]) -> Value:
        """A MAC comparison: true means the data that went into it (or into its digest) is authentic."""
        origins = frozenset(t.origin for v in values for t in v.traces + v.digest_of)
        self.summary.checked_sources |= {o.row.api for o in origins if isinstance(o, SourceHit) and o.row}
        return Value(verifies=origins)

    def register_callback(self, row, node: ast.Call) -> None:
        """`channel.basic_consume(queue, on_message_callback=handle)`: handle's parameters are sources."""
        keywords = {k.arg: k.value for k in node.keywords}
        target = keywords.get(row.keyword)
        if target is None and row.position is not None and len(node.args) > row.position:
            target = node.args[row.position]
        function = self.expr(target).ref if target is not None else None
        if isinstance(function, FunctionInfo):
            first = 1 if function.is_method else 0
            indices = [first + i for i in row.params] if row.params is not None \
                else range(first, len(function.params))
            self.engine.add_entries(function, {i: (row.threat_model, row.description) for i in indices
                                               if i < len(function.params)})

    def literal_keywords(self, node: ast.Call) -> dict:
        return {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}

    def call_sink(self, row: sinks.Sink, args: list[Value], kwargs: dict, node: ast.Call) -> Value:
        if self.is_safe_call(row, node):
            return UNKNOWN
        self.note_sink_reached()          # a safe call (weights_only=True, SafeLoader) deserializes nothing
        data_node = node.args[row.arg] if row.arg is not None and len(node.args) > row.arg else \
            next((k.value for k in node.keywords if k.arg == row.keyword), None)
        if data_node is not None:
            scope = self.function.node if self.function is not None else self.module.tree
            if self.function is None:          # the assignments it follows may stand in any body
                self.engine.read_bodies.update(self.module.every_function)
            self.engine.note_sink_attributes(attributes_flowing_into(scope, data_node))
        if row.arg is None:                # receives and unpickles in one call: source and sink at once
            if self.engine.enabled(row.threat_model):
                hit = SourceHit(self.module.display, node.lineno, self.column(node), row.threat_model)
                self.report(row, (Trace.at(hit, self.loc(node, row.receives)),), node)
            return UNKNOWN
        data = args[row.arg] if len(args) > row.arg else kwargs.get(row.keyword, UNKNOWN)
        if not data.tainted:
            return Value(type=row.api) if row.on_method else UNKNOWN
        if row.on_method:
            step = self.loc(node, f"passed to {row.api}()")
            return Value(type=row.api, pending=(row, tuple(t.then(step) for t in data.traces)))
        self.report(row, data.traces, node)
        return UNKNOWN

    def note_sink_reached(self, directly: bool = True) -> None:
        """What this function reads can be deserialized: whoever fills it (a field of its object) matters."""
        function = self.function
        if function is not None:
            if function not in self.engine.reachers:
                self.engine.reachers.add(function)
                self.engine.dispatch.reaches_sink(function)
            if directly:
                self.engine.deserializers.add(function)

    def is_safe_call(self, row: sinks.Sink, node: ast.Call) -> bool:
        keywords = {k.arg: k.value for k in node.keywords}
        if row.safe_if:
            name, literal = row.safe_if
            value = keywords.get(name)
            if isinstance(value, ast.Constant) and value.value == literal:
                return True
        if row.unsafe_only_if:
            name, condition = row.unsafe_only_if
            value = keywords.get(name)
            if value is None:
                return True
            literal = value.value if isinstance(value, ast.Constant) else object()
            if condition == sinks.NOT_FALSE and literal is False:
                return True
            if condition != sinks.NOT_FALSE and literal != condition:
                return True
        if row.loader:
            position, name = row.loader
            loader = node.args[position] if len(node.args) > position else keywords.get(name)
            return loader is not None and self.is_safe_loader(loader)
        if row.deserializer:
            position, name = row.deserializer
            given = node.args[position] if len(node.args) > position else keywords.get(name)
            return given is not None and not self.deserializes_unsafely(given)
        return False

    def deserializes_unsafely(self, node: ast.expr) -> bool:
        """A deserializer handed to a receiving call (`recv_serialized(pickle.loads)`): a sink itself, or
        a lambda or project function that calls one."""
        if isinstance(node, ast.Lambda):
            return any(isinstance(n, ast.Call) and self.expr(n.func).type in catalog.SINKS for n in ast.walk(node))
        value = self.expr(node)
        if isinstance(value.ref, FunctionInfo):
            summary = self.summary_for(value.ref)
            return summary is None or bool(summary.param_sinks)
        return value.type in catalog.SINKS

    def is_safe_loader(self, node: ast.expr) -> bool:
        value = self.expr(node)
        if isinstance(value.ref, ClassInfo):
            return any(isinstance(c, str) and c in sinks.SAFE_YAML_LOADERS
                       for c in self.engine.project.mro(value.ref))
        return value.type in sinks.SAFE_YAML_LOADERS

    def report(self, row: sinks.Sink, traces: tuple[Trace, ...], node: ast.AST) -> None:
        sink = self.loc(node, f"deserialized by {row.display or row.api}()")
        for trace in traces:
            if self.state is not None and trace.origin in self.state.verified:
                continue
            trace = trace.then(sink)
            if isinstance(trace.origin, SourceHit):
                self.engine.add_finding(trace, row)
            else:
                self.summary.add_param_sink(trace, row)

    def construct(self, cls: ClassInfo, args: list[Value], kwargs: dict, node: ast.Call) -> Value:
        """A new instance; it carries the untrusted data its constructor stored in its fields."""
        bare = Value(type=cls.qualname, ref=cls, instance=True)
        init = next((c.methods["__init__"] for c in self.engine.project.mro(cls)
                     if isinstance(c, ClassInfo) and "__init__" in c.methods), None)
        if init is not None:
            stored = self.call_project(init, bare, args, kwargs, node).attrs
        else:
            stored = self.construct_record(cls, args, kwargs, node)
        pending = ()
        unpickler = next((c for c in self.engine.project.mro(cls)
                          if isinstance(c, str) and c in sinks.UNPICKLER_CLASSES), None)
        if unpickler is not None and not self.restricts_globals(cls):
            pending = self.call_sink(catalog.SINKS[unpickler], args, kwargs, node).pending
        return Value((), cls.qualname, cls, True, pending=pending, attrs=stored)

    def construct_record(self, cls: ClassInfo, args: list[Value], kwargs: dict, node: ast.Call) -> tuple:
        """Returns (field, traces) for what the new object holds."""
        """Dataclasses, NamedTuples, pydantic models: the constructor stores its arguments in the fields
        the class body annotates, in order."""
        names = [statement.target.id
                 for ancestor in reversed(list(self.engine.project.mro(cls))) if isinstance(ancestor, ClassInfo)
                 for statement in ancestor.node.body
                 if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)]
        given = {**dict(zip(names, args)), **{k: v for k, v in kwargs.items() if k in names}}
        stored = []
        for name, value in given.items():
            if value.tainted or value.type or value.ref:
                stored.append((name, self.store_field(cls, name, value, node).traces))
        return tuple(stored)

    def restricts_globals(self, cls: ClassInfo) -> bool:
        """An Unpickler subclass whose find_class can refuse (raises, or looks the name up in an allowlist)."""
        for ancestor in self.engine.project.mro(cls):
            if isinstance(ancestor, ClassInfo) and "find_class" in ancestor.methods:
                self.engine.read_bodies.add(ancestor.methods["find_class"])
                body = ancestor.methods["find_class"].node
                return any(isinstance(n, ast.Raise) or (isinstance(n, ast.Compare) and any(
                    isinstance(op, (ast.In, ast.NotIn)) for op in n.ops)) for n in ast.walk(body))
        return False

    def call_project(self, function: FunctionInfo, bound: Value | None, args: list[Value], kwargs: dict,
                     node: ast.Call) -> Value:
        arguments = self.bind_arguments(function, bound, args, kwargs)
        summary = self.summary_for(function, self.type_context(function, arguments))
        if summary is None:              # recursion: the callee is being analysed; pass data through
            return Value(merge_traces(*(v.traces for v in arguments.values())))
        for index in summary.verified_params:
            value = arguments.get(index)
            if value is not None and self.state is not None:
                self.state.verified |= {t.origin for t in value.traces + value.digest_of}
        call = self.loc(node, f"passed to {function.name}()")
        if summary.param_sinks:
            self.note_sink_reached(directly=False)
        for inner, row in summary.param_sinks:
            value = self.argument(arguments, inner.origin)
            if value is not None and value.tainted:
                self.report_through(value, call, inner, row, node)
        stored = []                      # what the callee kept in fields: a constructor's new object holds it
        passes_on = self.passes_fields_on(function)
        for inner, cls, attr in summary.param_fields:
            value = self.argument(arguments, inner.origin)
            if value is not None and (value.tainted or value.type or value.ref):
                kept = tuple(t.then(call).via(inner.steps) for t in value.traces)
                stored.append((attr, kept))
                if passes_on:
                    self.pass_field_on(kept, cls, attr)
                real = tuple(t for t in kept if isinstance(t.origin, SourceHit))
                self.engine.store_field(cls, attr, Value(real, value.type, value.ref, value.instance))
        returned = self.loc(node, f"returned from {function.name}()")
        traces = []
        for inner in summary.returns.traces:
            if isinstance(inner.origin, Param):
                value = self.argument(arguments, inner.origin)
                if value is not None:
                    traces.extend(t.then(call).via(inner.steps).then(returned) for t in value.traces)
            else:
                traces.append(inner.then(returned))
        result = summary.returns
        verifies = None
        if summary.is_check:
            verifies = frozenset(t.origin for v in arguments.values() for t in v.traces + v.digest_of)
        return Value(merge_traces(tuple(traces)), result.type, result.ref, result.instance, verifies=verifies,
                     attrs=tuple(stored) if function.name == "__init__" else ())

    def pass_field_on(self, kept: tuple, cls: ClassInfo, attr: str) -> None:
        """This function's parameter fills the field, as its summary now says; only for a field whose name
        a sink's data spells (Engine.sink_attributes): its callers store every field so said again, and a
        factory of models would make them store their parts' every field. One that a sink reads later
        sends this function round again (Engine.note_sink_attributes)."""
        if attr not in self.engine.sink_attributes:
            self.engine.fields_passed_over.setdefault(attr, set()).add(self.function)
            return
        for trace in kept:
            if isinstance(trace.origin, Param):
                self.summary.add_param_field(trace, cls, attr)

    def passes_fields_on(self, callee: FunctionInfo) -> bool:
        """Whether the fields `callee` fills from its parameters are filled from this function's parameters
        too, as its own summary then says: a factory (`cls(**kwargs)` in a classmethod) or a constructor
        handing its arguments to its base's (`super().__init__(**kwargs)`). Not a constructor that builds
        other objects (`self.layer = Layer(config)`): every model's summary would list its parts' parts'
        fields, and each of its callers store them all again."""
        caller = self.function
        if caller is None or caller.name != "__init__":
            return caller is not None
        return callee.name == "__init__" and caller.cls is not None and callee.cls is not None and \
            callee.cls is not caller.cls and callee.cls in self.engine.project.mro(caller.cls)

    def summary_for(self, function: FunctionInfo, context: tuple = ()):
        """The function's summary, for use here: this code runs again if it changes."""
        function.callers.add(self.function or self.module)
        return self.engine.summary_of(function, context)

    @staticmethod
    def argument(arguments: dict[int, Value], origin: Param) -> Value | None:
        """What the caller passed for a parameter, or for one attribute of it when the callee read only that
        (`payload.data` of a constructed record)."""
        value = arguments.get(origin.index)
        if value is None or origin.attr is None or not value.attrs:
            return value
        return Value(merge_traces(*(traces for attr, traces in value.attrs if attr == origin.attr)))

    def type_context(self, function: FunctionInfo, arguments: dict[int, Value]) -> tuple:
        """What the caller passes to unannotated parameters, where the callee's analysis depends on it: a
        catalog type (a socket, a request object: `sock.recv()` inside is a source), or a project class
        or its instance whose method the callee calls (Dispatch.worth_a_context). The callee is analysed
        once per such context."""
        params = function.params
        context = []
        for index, value in sorted(arguments.items()):
            if index >= len(params) or params[index].annotation is not None or (index == 0 and function.is_method):
                continue
            if value.type and value.ref is None and catalog.knows(value.type):
                context.append((index, value.type))
            elif isinstance(value.ref, ClassInfo) and self.engine.dispatch.worth_a_context(
                    function, index, value.ref, self.function or self.module):
                context.append((index, Value(type=value.type, ref=value.ref, instance=value.instance)))
        return tuple(context)

    def report_through(self, value: Value, call: Location, inner: Trace, row, node) -> None:
        for trace in value.traces:
            if self.state is not None and trace.origin in self.state.verified:
                continue
            combined = trace.then(call).via(inner.steps)
            if isinstance(trace.origin, SourceHit):
                self.engine.add_finding(combined, row)
            else:
                self.summary.add_param_sink(combined, row)

    def bind_arguments(self, function: FunctionInfo, bound: Value | None, args: list[Value],
                       kwargs: dict) -> dict[int, Value]:
        node_args = function.node.args
        positional = [*node_args.posonlyargs, *node_args.args]
        params = function.params
        index_of = {p.arg: i for i, p in enumerate(params)}
        values: dict[int, Value] = {}
        offset = 0
        if bound is not None and function.is_method:
            values[0] = bound
            offset = 1
        vararg = index_of.get(node_args.vararg.arg) if node_args.vararg else None
        for i, value in enumerate(args):
            slot = i + offset
            if slot < len(positional):
                values[slot] = value
            elif vararg is not None:
                values[vararg] = merge(values.get(vararg, UNKNOWN), value)
        kwarg = index_of.get(node_args.kwarg.arg) if node_args.kwarg else None
        for name, value in kwargs.items():
            slot = index_of.get(name) if name else None
            if slot is None:
                slot = kwarg
            if slot is not None:
                values[slot] = merge(values.get(slot, UNKNOWN), value)
        mapping = kwargs.get(None)
        if mapping is not None:     # `cls(**init_kwargs)`: any parameter not given otherwise may come from it
            for slot in range(offset, len(params)):
                if slot not in values and slot != vararg:
                    values[slot] = mapping
        return values


def argument_node(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    """The expression a call passes for a parameter, by position or by keyword."""
    if position is not None and position < len(call.args):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


WRITE_MODES = frozenset("wax+")


def paths_opened_for_writing(scope: ast.AST, name: str) -> list[ast.Name]:
    """The names of the paths that `name` is bound to a file opened for writing on, in `scope`
    (`with open(path, "wb") as f`, `f = open(path, mode="w")`): what is written into it is in that file."""
    found = []
    for node in ast.walk(scope):
        for target, value in bindings(node):
            if isinstance(target, ast.Name) and target.id == name and isinstance(value, ast.Call) \
                    and isinstance(value.func, ast.Name) and value.func.id == "open" and value.args \
                    and isinstance(value.args[0], ast.Name):
                mode = argument_node(value, 1, "mode")
                if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and WRITE_MODES & set(mode.value):
                    found.append(value.args[0])
    return found


def attributes_flowing_into(scope: ast.AST, expr: ast.expr) -> set[str]:
    """The attributes `expr` reads, directly or through the assignments in `scope` to the names it uses:
    the fields whose content a sink may receive (`pickle.loads(payload.data)`, `blob = self.raw`)."""
    assigned: dict[str, list[ast.AST]] = {}
    for node in ast.walk(scope):
        for target, value in bindings(node):
            if value is None:
                continue
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    assigned.setdefault(name.id, []).append(value)
    attributes, seen, todo = set(), set(), [expr]
    while todo:
        for node in ast.walk(todo.pop()):
            if isinstance(node, ast.Attribute):
                attributes.add(node.attr)
            elif isinstance(node, ast.Name) and node.id not in seen:
                seen.add(node.id)
                todo.extend(assigned.get(node.id, ()))
    return attributes


class CallSite:
    """One call as the resolvers see it: its parts evaluated once, in the caller's state."""

    def __init__(self, analysis, node: ast.Call, receiver: Value | None, callee: Value | None):
        self.node = node
        self.receiver = receiver
        self.callee = analysis.member(receiver, node.func) if callee is None else callee
        self.args = [analysis.expr(a) for a in node.args]
        self.kwargs: dict[str | None, Value] = {}        # None: what the `**mappings` hold, merged
        for keyword in node.keywords:
            value = analysis.expr(keyword.value)
            self.kwargs[keyword.arg] = merge(self.kwargs[keyword.arg], value) if keyword.arg in self.kwargs else value
        self.name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        self.qualname = self.callee.type
        self.everything = [*self.args, *self.kwargs.values()] + ([receiver] if receiver is not None else [])
        self.arguments = merge_traces(*(v.traces for v in [*self.args, *self.kwargs.values()]))
        self.result_type = self._result_type(analysis)

    def calling(self, callee: Value, analysis) -> "CallSite":
        """The same call with its arguments as evaluated, of one of the things the callee may be."""
        site = copy.copy(self)
        site.callee, site.qualname = callee, callee.type
        site.result_type = site._result_type(analysis)
        return site

    def _result_type(self, analysis) -> str | None:
        qualname = self.qualname
        return catalog.refine(catalog.returns(qualname), analysis.literal_keywords(self.node)) if qualname else None

    def carried(self) -> tuple[Trace, ...]:
        """The data of the arguments that can end up in the result: all of them, but those a method's
        selector row says pick it (`cache.get(key, default)`: the default only)."""
        kept = propagators.SELECTORS.get(self.name) if self.receiver is not None else None
        if kept is None:
            return self.arguments
        return merge_traces(*(value.traces for at, value in [*enumerate(self.args), *self.kwargs.items()]
                              if at in kept))


REGISTRY_LOOKUPS = frozenset({"get", "pop", "setdefault", "__getitem__"})    # what picks one entry of a mapping

# The order is the semantics: each entry answers only for calls no earlier one took. An entry that returns
# None always (register_callbacks, write_into_receiver, write_into_argument) acts on the caller's state and
# lets the next answer.
RESOLVERS = (
    # A constructed unpickler (`Unpickler(data)`) deserializes when its method (`.load()`) is called.
    Calls.resolve_pending_method,
    # Code of the scanned project runs through its summary, whatever its name: a project function named
    # `loads` is not pickle's, and the catalog must not see it.
    Calls.resolve_project_function,
    Calls.resolve_project_class,
    # `super()` names a project class too: the one after the method's class in its ancestry.
    Calls.resolve_super,
    # From here on the callee is outside the project, or unknown: a method called on a parameter of no
    # known kind is noted for the callers that may pass a project object.
    Calls.note_parameter_method,
    # The catalog says what an outside callee is. A sink first, so that nothing below can hide one.
    Calls.resolve_sink,
    # Registering a callback makes its parameters sources; the call itself is then what the rest say.
    Calls.register_callbacks,
    # A MAC comparison and a digest are not data: they say whose data is authentic.
    Calls.resolve_check,
    Calls.resolve_digest,
    # Verified decoders, serializers, and calls and methods known to return nothing of their arguments or
    # receiver (numbers, truth values): before resolve_tainted_callee, which passes a receiver's data on.
    Calls.resolve_no_data,
    # A path confined to a folder the program chose (`safe_join(CACHE, name)`): its file is the program's.
    Calls.resolve_confined_path,
    # A download whose origin the code spells in literals: a threat model of its own, off by default.
    # Before the next one, which would take the download source as it is.
    Calls.resolve_fixed_origin,
    # `buffer.extend(data)`: the receiver now holds the data (what the call returns is decided below).
    Calls.write_into_receiver,
    # `upload.save(path)`: the file the argument names now holds the receiver's data.
    Calls.write_into_argument,
    # `CODECS.get(name)` on a registry of project classes: whichever it holds (before the data rules,
    # which would make it plain data).
    Calls.resolve_registry_lookup,
    # A method of untrusted data returns untrusted data (`body.decode()`, `request.get_data()`), and the
    # data of its arguments but those that select (`rows.get(key)`: the rows', not the key's).
    Calls.resolve_tainted_callee,
    # No data passed in, or only to arguments that select (`cache.get(key)`, `Job.query.filter_by(id=i)`).
    Calls.resolve_untainted,
    # Anything else passes its arguments' data on: the conservative default.
    Calls.resolve_passing_on,
)
