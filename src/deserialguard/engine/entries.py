"""Where a function's parameters come from when no caller in the scanned code passes them: the framework.

Route and Lambda handlers, overridden protocol methods (`data_received`, gRPC servicers), registered
callbacks, request objects known by annotation or name, and dependencies the framework injects. A mixin
of Analysis; the rows it reads are in catalog/sources.py.
"""
from __future__ import annotations

import ast
import fnmatch
import re

from deserialguard import catalog
from deserialguard.catalog import propagators, sources
from deserialguard.engine.project import ClassInfo, FunctionInfo
from deserialguard.engine.values import UNKNOWN, Param, SourceHit, Trace, Value

# `<int:job_id>` (Flask, Django, Bottle's `<job_id:int>`), `{job_id:int}` (Starlette)
ROUTE_PLACEHOLDER = re.compile(r"[<{]([^<>{}]+)[>}]")
BUILTIN_TYPES = frozenset({"str", "bytes", "int", "float", "bool", "dict", "list", "tuple", "set", "object",
                           "bytearray", "typing.Any", "typing.Optional", "Any"})


class EntryPoints:
    def entry_parameters(self) -> dict[int, Value]:
        """Parameters the framework fills: self, request objects, and parameters that are sources."""
        function = self.function
        values: dict[int, Value] = {}
        if function.is_method and function.params:
            values[0] = Value(ref=function.cls, instance=not function.is_classmethod)
        sourced = self.parameter_sources()
        for index, arg in enumerate(function.params):
            if index in values:
                continue
            typed, cls = self.annotated_type(arg)
            passed = self.context.get(index)          # what the callers of this analysis pass
            typed = typed or (passed if isinstance(passed, str) else None)
            request_object = typed is not None and self.is_request_object(typed)
            if index in sourced and self.converted_to_no_data(arg):
                values[index] = UNKNOWN
            elif index in sourced and not request_object and not self.is_injected(index):
                threat_model, description = sourced[index]
                hit = SourceHit(self.module.display, arg.lineno, self.column(arg), threat_model)
                step = self.loc(arg, description.format(name=arg.arg))
                values[index] = Value(traces=(Trace.at(hit, step),), type=typed or (cls.qualname if cls else None),
                                      ref=cls, instance=cls is not None)
            elif request_object:
                values[index] = Value(type=typed)
            elif isinstance(passed, Value):              # a project class, or an object of one
                values[index] = Value(traces=(self.parameter_trace(index, arg),), type=passed.type, ref=passed.ref,
                                      instance=passed.instance)
            elif typed or cls:
                values[index] = Value(traces=(self.parameter_trace(index, arg),), type=typed or cls.qualname,
                                      ref=cls, instance=cls is not None)
        return values

    def parameter_sources(self) -> dict[int, tuple[str, str]]:
        """Parameter index -> (threat model, description) for parameters a framework fills with untrusted
        data: route handlers, Lambda handlers, overridden protocol methods, registered callbacks."""
        function = self.function
        names = [p.arg for p in function.params]
        first = 1 if function.is_method else 0
        found = dict(function.entries)
        registered = self.registering_decorator()
        for index in range(first, len(names)):
            if registered:
                found.setdefault(index, registered)
        for row in sources.HANDLER_PARAMETERS:
            if row.parameter in names and (function.name in row.function_names or row.companion in names):
                found[names.index(row.parameter)] = (row.threat_model, row.description)
        for row in self.overridden_sources():
            for index in range(first, len(names)):
                if "*" in row.params or names[index] in row.params:
                    found[index] = (row.threat_model, row.description)
        return {index: row for index, row in found.items() if self.engine.enabled(row[0])}

    def converted_to_no_data(self, arg: ast.arg) -> bool:
        """A request parameter the framework converts to a number, a truth value or a UUID before the
        handler sees it (`job_id: int`, `@app.get("/jobs/<int:job_id>")`): it carries no data."""
        if arg.annotation is not None and self.expr(arg.annotation).type in propagators.NO_DATA_TYPES:
            return True
        for decorator in self.function.decorators:
            route = decorator.args[0] if isinstance(decorator, ast.Call) and decorator.args else None
            if isinstance(route, ast.Constant) and isinstance(route.value, str):
                for placeholder in ROUTE_PLACEHOLDER.findall(route.value):
                    parts = [part.split("(")[0].strip() for part in placeholder.split(":")]
                    if arg.arg in parts and propagators.NO_DATA_CONVERTERS & set(parts):
                        return True
        return False

    def is_injected(self, index: int) -> bool:
        """A parameter whose default is a dependency (`Depends(get_registry)`): the framework passes what
        the program provides, not request data."""
        default = self.function.default(index)
        return isinstance(default, ast.Call) and self.expr(default.func).type in sources.INJECTED_DEFAULTS

    def overridden_sources(self) -> list:
        function = self.function
        if function.cls is None:
            return []
        bases = [b if isinstance(b, str) else b.qualname for b in self.engine.project.mro(function.cls)][1:]
        defined = {name for c in self.engine.project.mro(function.cls) if isinstance(c, ClassInfo)
                   for name in c.methods}
        return [row for row in sources.OVERRIDE_SOURCES
                if fnmatch.fnmatchcase(function.name, row.method) and row.unless not in defined
                and any(fnmatch.fnmatchcase(base, row.base) for base in bases)]

    def decorator_checks(self) -> frozenset[str]:
        """Source APIs that a project decorator of this function authenticates before calling it
        (`@require_signature` verifying the request body): the function's reads of them are verified."""
        checked: set[str] = set()
        for decorator in self.function.decorators:
            target = self.expr(decorator.func if isinstance(decorator, ast.Call) else decorator).ref
            if isinstance(target, FunctionInfo):
                for wrapper in target.nested.values():
                    summary = self.summary_for(wrapper)
                    checked |= summary.checked_sources if summary else set()
        return frozenset(checked)

    def registering_decorator(self) -> tuple[str, str] | None:
        """(threat model, description) when a decorator registers this function as a request handler."""
        for decorator in self.function.decorators:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            qualname = self.expr(target).type
            row = catalog.PARAMETER_SOURCES.get(qualname) if qualname else None
            if row:
                return row.threat_model, row.description
            if isinstance(decorator, ast.Call) and isinstance(target, ast.Attribute) \
                    and target.attr in sources.ROUTE_VERBS and decorator.args \
                    and isinstance(decorator.args[0], ast.Constant) \
                    and str(decorator.args[0].value).startswith("/"):
                return "remote", sources.UNTYPED_ROUTE_DESCRIPTION
        return None

    def annotated_type(self, arg: ast.arg) -> tuple[str | None, ClassInfo | None]:
        """The external type or project class a parameter is annotated with, or the request object a
        framework passes under that name."""
        annotation = arg.annotation
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None, None
        if isinstance(annotation, ast.Subscript):      # Annotated[Request, ...], Optional[Request]
            inner = annotation.slice
            annotation = inner.elts[0] if isinstance(inner, ast.Tuple) else inner
        if annotation is not None:
            value = self.expr(annotation)
            if isinstance(value.ref, ClassInfo):
                return None, value.ref
            return (value.type if value.ref is None and value.type not in BUILTIN_TYPES else None), None
        for row in sources.REQUEST_PARAMETERS:
            if arg.arg in row.names and row.framework in self.module.imported_roots:
                return row.type, None
        return None, None

    def is_request_object(self, typed: str) -> bool:
        """Request objects are not data themselves; their attributes are the sources."""
        return typed in sources.REQUEST_TYPES_NOT_DATA or any(
            api.startswith(typed + ".") for api in catalog.SOURCES)

    def parameter_trace(self, index: int, arg: ast.arg) -> Trace:
        label = f"received as parameter {arg.arg} of {self.function.name}()"
        return Trace.at(Param(index, arg.arg), self.loc(arg, label))
