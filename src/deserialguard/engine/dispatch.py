"""Which code a call on an object of a project class can run, beyond the method its class defines or
inherits: the overrides of that method in the project's subclasses; and when a function is worth
analysing once more for the class its caller passes (`serializer.deserialize(blob)` with `serializer` a
parameter that callers fill with one of several classes).

Why: a base class reads the request and calls `self.decode(body)`, abstract there; a subclass overrides
`decode` with `pickle.loads`. The method lookup finds the base's (which raises NotImplementedError); the
object may be any subclass. Following every override of every call on every object would analyse each
of a large package's thousand `forward` methods wherever one is called, so a call is dispatched only to
the overrides that deserialize (Engine.reachers: themselves or through what they call). An override that
becomes one after the call was analysed sends the code that made the call round again (as a field that
gains data does its readers).
"""
from __future__ import annotations

import ast

from deserialguard.engine.project import ClassInfo, FunctionInfo


class Dispatch:
    def __init__(self, engine):
        self.engine = engine
        self.readers: dict[tuple[ClassInfo, str], set] = {}    # (class, method) -> code dispatching there
        self._below: dict[ClassInfo, dict] = {}     # class -> its project subclasses (any depth), as listed
        self._indexed = 0                                       # how many of project.classes are in _below
        self._calls: dict[tuple[FunctionInfo, int], set[str]] = {}    # see _called_on()
        self._methods: dict[tuple[ClassInfo, str], list[FunctionInfo]] = {}     # see _defined_below()

    def overrides(self, cls: ClassInfo, name: str, reader) -> list[FunctionInfo]:
        """The methods named `name` that project subclasses of `cls` define and that deserialize, in the
        order the project lists their classes (the first path found is the one reported); `reader` (the
        code asking) is sent round again when one more appears. Not constructors and other dunder
        methods: `super().__init__()` runs the base's, and no call of one reaches a sibling class's."""
        if name.startswith("__"):
            return []
        self.readers.setdefault((cls, name), set()).add(reader)
        reachers = self.engine.reachers
        return [method for method in self._defined_below(cls, name) if method in reachers]

    def worth_a_context(self, function: FunctionInfo, index: int, cls: ClassInfo, reader) -> bool:
        """Whether `function` should be analysed for callers that pass an object (or class) of `cls` as
        parameter `index`: it calls a method on it that `cls`, or an override below it, deserializes with.
        Others would only analyse the function again for nothing (a model passed to a thousand helpers)."""
        project = self.engine.project
        for name in self._called_on(function, index):
            self.readers.setdefault((cls, name), set()).add(reader)
            method = next((c.methods[name] for c in project.mro(cls) if isinstance(c, ClassInfo) and name in c.methods),
                          None)
            if method in self.engine.reachers or self.overrides(cls, name, reader):
                return True
        return False

    def reaches_sink(self, function: FunctionInfo) -> None:
        """`function` deserializes: code that dispatched a call of its name on its class or an ancestor
        before it was known to is stale."""
        if function.cls is None:
            return
        for ancestor in self.engine.project.mro(function.cls):
            if isinstance(ancestor, ClassInfo):
                self.engine.stale_readers |= self.readers.get((ancestor, function.name), set())

    def _called_on(self, function: FunctionInfo, index: int) -> set[str]:
        """The methods `function` calls on parameter `index`, or on what calling it returns (`cls().load()`)."""
        key = (function, index)
        if key not in self._calls:
            name = function.params[index].arg
            found = set()
            for node in ast.walk(function.node):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    base = node.func.value
                    if isinstance(base, ast.Call):
                        base = base.func
                    if isinstance(base, ast.Name) and base.id == name:
                        found.add(node.func.attr)
            self._calls[key] = found
        return self._calls[key]

    def _defined_below(self, cls: ClassInfo, name: str) -> list[FunctionInfo]:
        """The methods named `name` of the project subclasses of `cls` (any depth), as listed. A large
        package's base class has a thousand subclasses, and its methods are called everywhere."""
        project = self.engine.project
        if self._indexed != len(project.classes):       # classes of modules parsed since the last question
            for sub in project.classes[self._indexed:]:
                for ancestor in project.mro(sub):
                    if isinstance(ancestor, ClassInfo) and ancestor is not sub:
                        self._below.setdefault(ancestor, {})[sub] = None
            self._indexed = len(project.classes)
            self._methods.clear()
        key = (cls, name)
        if key not in self._methods:
            self._methods[key] = [sub.methods[name] for sub in self._below.get(cls, ()) if name in sub.methods]
        return self._methods[key]
