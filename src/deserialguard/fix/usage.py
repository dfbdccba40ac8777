"""The schema of a signed-json fix, read off how the restored value is used.

If every use of the variable that receives the value is a read of a literal key (`state.get('layers', 0)`,
`state['device_id']`) or a plain truth/None test, those keys are the ones the code needs: the schema
lists them, with the types the code shows, and lets other keys through as long as they hold plain values
(guard.Schema's default; a client may send more than this code reads). Any other use (passed on,
returned, iterated) means the keys cannot be seen: no schema is inferred, and the fix says so.

A key's type is what its value's uses show, each narrowing the JSON types it may have:

- a default (`.get('layers', 0)` -> int) or being indexed in turn (-> object);
- a string method called on it (`.lower()`, `.startswith(...)`) -> str;
- arithmetic (`- 1`, `/ 2`, `+ 1`, `* 0.5`, unary minus) -> number;
- `int(...)` or `float(...)` of it -> a number or a string (what they take; null or an array would raise);
- a comparison with a literal (`== 'on'`, `> 3`, `in ('a', 'b')`) -> that literal's type;
- the same, through a variable the value is assigned to (`name = state.get('name')` ... `name.strip()`).

Uses that take anything show nothing (`str(...)`, f-strings, passing it on); without evidence the value
may be any plain JSON value (string, number, boolean, null, array). Uses that contradict each other
widen instead of leaving no type at all.
"""
from __future__ import annotations

import libcst as cst

from deserialguard.fix.editor import Editor, string_value

ORDER = ("str", "int", "float", "bool", "list", "dict", "None")
PLAIN = frozenset({"str", "int", "float", "bool", "list", "None"})       # the seed's ALLOWED_VALUE_TYPES
NUMBER = frozenset({"int", "float"})
STRING = frozenset({"str"})
CONVERTIBLE = frozenset({"str", "int", "float"})          # what int() and float() accept of JSON's values
STRING_METHODS = frozenset({
    "capitalize", "casefold", "center", "encode", "endswith", "expandtabs", "find", "format", "format_map",
    "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
    "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition",
    "removeprefix", "removesuffix", "replace", "rfind", "rjust", "rpartition", "rsplit", "rstrip", "split",
    "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill"})
NUMERIC_OPERATORS = (cst.Subtract, cst.Divide, cst.FloorDivide, cst.Power)
ORDERING = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual, cst.Equal, cst.NotEqual)
MAX_HOPS = 3                                               # variables followed from a read to its uses


def infer_schema(editor: Editor, target: cst.Name) -> list[tuple[str, str]] | None:
    """[(key, type spec as code)] for the keys read from the value bound to `target`, or None."""
    references = _references(editor, target)
    if not references:
        return None
    keys: dict[str, set[str]] = {}
    for node in references:
        use = _key_use(editor, node)
        if use is None:
            return None
        if use is not NEUTRAL:
            key, types = use
            keys.setdefault(key, set()).update(types)
    if not keys:
        return None
    return [(key, _spec(types)) for key, types in keys.items()]


NEUTRAL = object()


def _references(editor: Editor, name: cst.Name) -> list[cst.CSTNode]:
    """The uses of the variable `name` binds, in order, when it is bound once in its scope."""
    scope = editor.scopes.get(name)
    if scope is None:
        return []
    assignments = list(scope.assignments[name.value])
    if len(assignments) != 1:
        return []
    return sorted((access.node for access in assignments[0].references),
                  key=lambda node: (editor.positions[node].start.line, editor.positions[node].start.column))


def _key_use(editor: Editor, name: cst.CSTNode):
    """(key, JSON types its value may have) for a read of a literal key, NEUTRAL for a truth or None
    test, None for any other use."""
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
            return key, {"dict"}
        return key, _narrowed(editor, call, PLAIN if default is None else _types_of(default))
    if isinstance(parent, cst.Subscript) and parent.value is name and len(parent.slice) == 1:
        index = parent.slice[0].slice
        key = string_value(index.value) if isinstance(index, cst.Index) else None
        if key is None:
            return None
        return key, {"dict"} if _indexed(editor, parent) else _narrowed(editor, parent, PLAIN)
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


def _narrowed(editor: Editor, read: cst.CSTNode, types: frozenset[str]) -> frozenset[str]:
    """`types` narrowed by what each use of the value read shows; a use that allows none of them widens
    them instead (the code contradicts itself, and refusing every value would only break it)."""
    for shown in _evidence(editor, read, MAX_HOPS):
        types = types & shown or types | shown
    return types


def _evidence(editor: Editor, node: cst.CSTNode, hops: int):
    """The sets of JSON types that the uses of the value of `node` allow, one per use that shows any."""
    parent = editor.parent(node)
    if isinstance(parent, cst.Attribute) and parent.value is node:
        if parent.attr.value in STRING_METHODS:
            yield STRING
    elif isinstance(parent, cst.BinaryOperation):
        other = parent.right if parent.left is node else parent.left
        shown = _arithmetic(parent.operator, other, node is parent.left)
        if shown:
            yield shown
    elif isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, (cst.Minus, cst.Plus)):
        yield NUMBER
    elif isinstance(parent, cst.Arg) and parent.keyword is None and not parent.star:
        call = editor.parent(parent)
        if isinstance(call, cst.Call) and len(call.args) == 1 and isinstance(call.func, cst.Name) \
                and call.func.value in ("int", "float") and not editor.qualified_names(call.func) - {
                    f"builtins.{call.func.value}"}:
            yield CONVERTIBLE
    elif isinstance(parent, cst.Comparison):
        shown = _compared(parent, node)
        if shown:
            yield shown
    elif isinstance(parent, cst.ComparisonTarget):
        shown = _compared(editor.parent(parent), node)
        if shown:
            yield shown
    elif isinstance(parent, cst.Assign) and hops and len(parent.targets) == 1 \
            and isinstance(parent.targets[0].target, cst.Name):
        for use in _references(editor, parent.targets[0].target):
            yield from _evidence(editor, use, hops - 1)


def _arithmetic(operator, other: cst.BaseExpression, on_the_left: bool) -> frozenset[str] | None:
    """What arithmetic with the value shows: `-`, `/`, `//`, `**` take numbers only; `+` with a number
    or a string literal takes that type; `*` with a float and `%` on the left with a number likewise
    (`*` with an int also repeats a string or an array, `%` on the left of anything may format one)."""
    literal = _literal_types(other)
    if isinstance(operator, NUMERIC_OPERATORS):
        return NUMBER
    if isinstance(operator, cst.Add) and literal in (NUMBER, STRING):
        return literal
    if isinstance(operator, cst.Multiply) and isinstance(_bare(other), cst.Float):
        return NUMBER
    if isinstance(operator, cst.Modulo) and on_the_left and literal == NUMBER:
        return NUMBER
    return None


def _compared(comparison: cst.Comparison, node: cst.CSTNode) -> frozenset[str] | None:
    """The type of the literals the value is compared with (`==`, `!=`, `<` ...), or of the string
    literals of a collection it is tested to be `in`."""
    operands = [comparison.left, *(target.comparator for target in comparison.comparisons)]
    index = next(i for i, operand in enumerate(operands) if operand is node)
    shown = set()
    for position in (index - 1, index):                    # the comparisons on either side of the value
        if not 0 <= position < len(comparison.comparisons):
            continue
        operator = comparison.comparisons[position].operator
        other = operands[position + 1] if position == index else operands[position]
        if isinstance(operator, ORDERING):
            shown |= _literal_types(other) or set()
        elif isinstance(operator, (cst.In, cst.NotIn)) and position == index:
            shown |= _members_types(other) or set()
    return frozenset(shown) or None


def _literal_types(node: cst.BaseExpression) -> frozenset[str] | None:
    node = _bare(node)
    if isinstance(node, (cst.Integer, cst.Float)):
        return NUMBER
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)) and _types_of(node) == STRING:
        return STRING
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return frozenset({"bool"})
    return None


def _members_types(node: cst.BaseExpression) -> frozenset[str] | None:
    """The one literal type of every element of a list, tuple or set literal."""
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)) or not node.elements:
        return None
    kinds = {_literal_types(element.value) for element in node.elements}
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def _bare(node: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return node.expression
    return node


def _types_of(default: cst.BaseExpression) -> frozenset[str]:
    """The JSON types a `.get()` default shows the value has."""
    default = _bare(default)
    if isinstance(default, cst.Integer):
        return frozenset({"int"})
    if isinstance(default, cst.Float):
        return frozenset({"float"})
    if isinstance(default, cst.SimpleString) and "b" in default.prefix.lower():
        return PLAIN                                       # bytes: no JSON type; the uses may tell
    if isinstance(default, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return STRING
    if isinstance(default, cst.Name) and default.value in ("True", "False"):
        return frozenset({"bool"})
    if isinstance(default, (cst.List, cst.ListComp, cst.Tuple)):
        return frozenset({"list"})
    if isinstance(default, (cst.Dict, cst.DictComp)):
        return frozenset({"dict"})
    return PLAIN


def _spec(types: set[str]) -> str:
    ordered = [name for name in ORDER if name in types]
    return ordered[0] if len(ordered) == 1 else "(" + ", ".join(ordered) + ")"
