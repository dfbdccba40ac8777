"""Declarative allowlists for decoded JSON: which keys may appear and what type each value has.

Why: a valid signature proves who produced the data, not that the code can handle it. Checking the
shape right after parsing keeps unexpected keys and types out of the application (defence in depth).

A *spec* is one of:

    str, int, float, bool, None      that JSON type (int excludes bool; float also accepts int)
    list, dict                       any JSON array / object, contents unchecked
    ANY (= object)                   any JSON value
    (spec, spec, ...) or OneOf(...)  any one of the alternatives
    [spec] or ListOf(spec)           an array whose items all match spec
    {"key": spec, ...} or Record()   an object whose listed keys match their specs (all optional unless
                                     required); by default other keys may appear if they hold plain
                                     values (PLAIN); with strict=True no other key may appear

    schema = Schema({"layers": int, "weights": [float], "meta": {"name": str}}, required={"layers"})
    schema.validate(value)   # returns value or raises SchemaViolation("$.meta.name: expected string ...")
    Schema({"layers": int}, strict=True)     # a strict allowlist: any other key is refused

Keys a record does not list are allowed by default because a client may send more than one reader of
the data needs (a checkpoint with an `epoch` the restore endpoint never reads): refusing them breaks
legitimate clients. They may hold only strings, numbers, booleans, null and arrays of these (nested
arrays too, as in a weight matrix), never an object, not even inside an array: an object is a structure
with keys of its own, which no listed spec checks.
"""
from __future__ import annotations

from collections.abc import Iterable

from .errors import SchemaViolation

ANY = object
JSON_TYPES = (dict, list, str, int, float, bool, type(None))

_NAMES = {dict: "object", list: "array", str: "string", int: "integer", float: "number",
          bool: "boolean", type(None): "null", object: "any value"}


class Schema:
    """A compiled spec; `validate(value)` returns the value or raises SchemaViolation. With `strict`,
    every record the spec's dicts make refuses keys it does not list."""

    def __init__(self, spec, *, required: Iterable[str] = (), strict: bool = False):
        if required and not isinstance(spec, dict):
            raise ValueError("required= only applies to a dict spec")
        self.root = (Record(spec, required=required, strict=strict) if isinstance(spec, dict)
                     else compile_spec(spec, strict=strict))

    @classmethod
    def allowlist(cls, keys: Iterable[str], value_types=JSON_TYPES, *, required: Iterable[str] = ()):
        """An object allowed only `keys` (strictly: no other key), each holding a value of one of
        `value_types`."""
        return cls({key: tuple(value_types) for key in keys}, required=required, strict=True)

    def validate(self, value):
        self.root.check(value, "$")
        return value

    __call__ = validate


class Record:
    """An object whose keys in `fields` match their specs; keys in `required` must be present. Other
    keys are refused when `strict`, else they may hold plain values only (PLAIN)."""

    def __init__(self, fields: dict, *, required: Iterable[str] = (), strict: bool = False):
        self.fields = {name: compile_spec(spec, strict=strict) for name, spec in fields.items()}
        self.required = frozenset(required)
        self.strict = strict
        unknown = self.required - set(self.fields)
        if unknown:
            raise ValueError(f"required keys not among the fields: {sorted(unknown)}")

    def check(self, value, path: str) -> None:
        if not isinstance(value, dict):
            raise SchemaViolation(path, f"expected object, got {type_name(value)}")
        for key, item in value.items():
            if key in self.fields:
                self.fields[key].check(item, key_path(path, key))
            elif self.strict:
                raise SchemaViolation(key_path(path, key), "key is not allowed")
            else:
                PLAIN.check(item, key_path(path, key))
        missing = sorted(self.required - value.keys())
        if missing:
            raise SchemaViolation(key_path(path, missing[0]), "required key is missing")

    def describe(self) -> str:
        return "object"


class ListOf:
    """An array whose items all match `item`, with at most `max_items` items if given."""

    def __init__(self, item, *, max_items: int | None = None):
        self.item = compile_spec(item)
        self.max_items = max_items

    def check(self, value, path: str) -> None:
        if not isinstance(value, list):
            raise SchemaViolation(path, f"expected array, got {type_name(value)}")
        if self.max_items is not None and len(value) > self.max_items:
            raise SchemaViolation(path, f"array has {len(value)} items; at most {self.max_items} allowed")
        for index, item in enumerate(value):
            self.item.check(item, f"{path}[{index}]")

    def describe(self) -> str:
        return "array"


class OneOf:
    """A value matching at least one of the alternatives."""

    def __init__(self, *specs):
        if not specs:
            raise ValueError("OneOf needs at least one alternative")
        self.options = [compile_spec(spec) for spec in specs]

    def check(self, value, path: str) -> None:
        for option in self.options:
            try:
                option.check(value, path)
                return
            except SchemaViolation:
                continue
        expected = " or ".join(option.describe() for option in self.options)
        raise SchemaViolation(path, f"expected {expected}, got {type_name(value)}")

    def describe(self) -> str:
        return " or ".join(option.describe() for option in self.options)


class JsonType:
    """One JSON type, with JSON's view of numbers: bool is not an integer, an integer is a number."""

    def __init__(self, kind: type):
        if kind not in _NAMES:
            raise TypeError(f"not a JSON type: {kind!r}")
        self.kind = kind

    def check(self, value, path: str) -> None:
        if not self.accepts(value):
            raise SchemaViolation(path, f"expected {self.describe()}, got {type_name(value)}")

    def accepts(self, value) -> bool:
        if self.kind is object:
            return True
        if isinstance(value, bool):
            return self.kind is bool
        if self.kind is float:
            return isinstance(value, (int, float))
        return isinstance(value, self.kind)

    def describe(self) -> str:
        return _NAMES[self.kind]


class PlainValue:
    """A JSON scalar (string, number, boolean, null) or an array of plain values: what a key a record
    does not list may hold. Walked without recursion, so no depth of arrays can exhaust the stack."""

    def check(self, value, path: str) -> None:
        pending = [(value, path)]
        while pending:
            item, where = pending.pop()
            if isinstance(item, list):
                pending.extend((inner, f"{where}[{index}]") for index, inner in enumerate(item))
            elif not isinstance(item, (str, int, float, bool, type(None))):
                raise SchemaViolation(where, f"a key the schema does not list may hold strings, numbers, "
                                             f"booleans, null and arrays of them, not {type_name(item)}")

    def describe(self) -> str:
        return "plain value"


PLAIN = PlainValue()


def compile_spec(spec, *, strict: bool = False):
    """Turn a spec (see the module docstring) into a checker with `check(value, path)`; `strict` goes to
    the records that dict specs make."""
    if isinstance(spec, Schema):
        return spec.root
    if hasattr(spec, "check") and hasattr(spec, "describe"):
        return spec
    if spec is None:
        return JsonType(type(None))
    if isinstance(spec, type):
        return JsonType(spec)
    if isinstance(spec, tuple):
        return OneOf(*(compile_spec(option, strict=strict) for option in spec))
    if isinstance(spec, list) and len(spec) == 1:
        return ListOf(compile_spec(spec[0], strict=strict))
    if isinstance(spec, dict):
        return Record(spec, strict=strict)
    raise TypeError(f"not a schema spec: {spec!r}")


def as_schema(schema) -> Schema:
    """`schema` itself if it is a Schema, else Schema(schema)."""
    return schema if isinstance(schema, Schema) else Schema(schema)


def key_path(path: str, key) -> str:
    """`$.name` for identifier-like keys, `$["odd key"]` otherwise; long keys are shortened."""
    key = str(key)
    if key.isidentifier() and len(key) <= 64:
        return f"{path}.{key}"
    shown = key if len(key) <= 64 else key[:61] + "..."
    return f"{path}[{shown!r}]"


def type_name(value) -> str:
    """The JSON name of a value's type, for messages (the value itself is never shown)."""
    if isinstance(value, bool):
        return "boolean"
    for kind, name in _NAMES.items():
        if kind is not object and isinstance(value, kind):
            return name
    return type(value).__name__
