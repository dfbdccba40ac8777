"""The allowlist schema of a signed-json fix, read off how the restored value is used.

If every use of the variable that receives the value is a read of a literal key (`state.get('layers', 0)`,
`state['device_id']`) or a plain truth/None test, those keys are all the code can need: the schema allows
exactly them. A key's type comes from its default (`.get('layers', 0)` -> int) or from being indexed in
turn (-> object); otherwise it is one of the seed's plain value types (str, int, float, bool, list, null).
Any other use (passed on, returned, iterated) means the keys cannot be seen: no schema is inferred, and
the fix says so.
"""
from __future__ import annotations

import libcst as cst

from deserialguard.fix.editor import Editor, string_value

PLAIN = "plain"                                    # the seed's ALLOWED_VALUE_TYPES
ORDER = ("str", "int", "float", "bool", "list", "dict", "None")
PLAIN_TYPES = ("str", "int", "float", "bool", "list", "None")


def infer_schema(editor: Editor, target: cst.Name) -> list[tuple[str, str]] | None:
    """[(key, type spec as code)] for the keys read from the value bound to `target`, or None."""
    scope = editor.scopes.get(target)
    if scope is None:
        return None
    assignments = [a for a in scope.assignments[target.value]]
    if len(assignments) != 1:
        return None
    keys: dict[str, set[str]] = {}
    references = sorted(assignments[0].references, key=lambda access: _position(editor, access.node))
    if not references:
        return None
    for access in references:
        use = _key_use(editor, access.node)
        if use is None:
            return None
        if use is not NEUTRAL:
            key, kind = use
            keys.setdefault(key, set()).add(kind)
    if not keys:
        return None
    return [(key, _spec(kinds)) for key, kinds in keys.items()]


NEUTRAL = object()


def _position(editor: Editor, node) -> tuple[int, int]:
    start = editor.positions[node].start
    return start.line, start.column


def _key_use(editor: Editor, name: cst.CSTNode):
    parent = editor.parent(name)
    if isinstance(parent, cst.Attribute) and parent.value is name and parent.attr.value == "get":
        call = editor.parent(parent)
        if not isinstance(call, cst.Call) or call.func is not parent or not call.args:
            return None
        key = string_value(call.args[0].value) if call.args[0].keyword is None else None
        if key is None:
            return None
        default = next((a.value for a in call.args[1:] if a.keyword is None or a.keyword.value == "default"),
                       None)
        if _indexed(editor, call):
            return key, "dict"
        return key, PLAIN if default is None else _type_of(default)
    if isinstance(parent, cst.Subscript) and parent.value is name and len(parent.slice) == 1:
        index = parent.slice[0].slice
        key = string_value(index.value) if isinstance(index, cst.Index) else None
        if key is None:
            return None
        return key, "dict" if _indexed(editor, parent) else PLAIN
    if isinstance(parent, (cst.If, cst.While, cst.IfExp)) and parent.test is name:
        return NEUTRAL
    if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
        return NEUTRAL
    if isinstance(parent, cst.Comparison) and parent.left is name and all(
            isinstance(c.operator, (cst.Is, cst.IsNot)) for c in parent.comparisons):
        return NEUTRAL
    return None


def _indexed(editor: Editor, node: cst.CSTNode) -> bool:
    parent = editor.parent(node)
    if isinstance(parent, cst.Subscript) and parent.value is node:
        return True
    return isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "get"


def _type_of(default: cst.BaseExpression) -> str:
    if isinstance(default, cst.UnaryOperation) and isinstance(default.operator, (cst.Minus, cst.Plus)):
        default = default.expression
    if isinstance(default, cst.Integer):
        return "int"
    if isinstance(default, cst.Float):
        return "float"
    if isinstance(default, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return "bytes" if isinstance(default, cst.SimpleString) and "b" in default.prefix.lower() else "str"
    if isinstance(default, cst.Name) and default.value in ("True", "False"):
        return "bool"
    if isinstance(default, (cst.List, cst.ListComp, cst.Tuple)):
        return "list"
    if isinstance(default, (cst.Dict, cst.DictComp)):
        return "dict"
    return PLAIN


def _spec(kinds: set[str]) -> str:
    names: set[str] = set()
    for kind in kinds:
        names.update(PLAIN_TYPES if kind in (PLAIN, "bytes") else (kind,))
    ordered = [name for name in ORDER if name in names]
    return ordered[0] if len(ordered) == 1 else "(" + ", ".join(ordered) + ")"
