"""Small call-shape helpers the codemods share: the data argument, keyword arguments, constructors."""
from __future__ import annotations

import libcst as cst

from deserialguard.fix.editor import Editor


def only_data_argument(call: cst.Call, keyword: str) -> cst.Arg | None:
    """The call's single argument, when it is the data (positionally or as `keyword=`)."""
    if len(call.args) != 1:
        return None
    arg = call.args[0]
    if arg.star:
        return None
    if arg.keyword is not None and arg.keyword.value != keyword:
        return None
    return arg


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def set_keyword(call: cst.Call, name: str, value: str, position: int | None = None) -> cst.Call:
    """`call` with `name=value`: the existing keyword (or positional argument at `position`) gets the new
    value; otherwise the keyword is appended, taking over a trailing comma's layout."""
    new_value = cst.parse_expression(value)
    args = list(call.args)
    for index, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == name:
            args[index] = arg.with_changes(value=new_value)
            return call.with_changes(args=args)
    if position is not None and position < len(args) and all(
            a.keyword is None and not a.star for a in args[: position + 1]):
        args[position] = args[position].with_changes(value=new_value)
        return call.with_changes(args=args)
    new_arg = cst.Arg(value=new_value, keyword=cst.Name(name),
                      equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                            whitespace_after=cst.SimpleWhitespace("")))
    if args and isinstance(args[-1].comma, cst.Comma):       # a trailing comma: one argument a line
        lead = (args[-2].comma if len(args) > 1 and isinstance(args[-2].comma, cst.Comma)
                else cst.Comma(whitespace_after=call.whitespace_before_args))
        new_arg = new_arg.with_changes(comma=args[-1].comma)
        args[-1] = args[-1].with_changes(comma=lead)
    args.append(new_arg)
    return call.with_changes(args=args)


def constructor_call(editor: Editor, receiver: cst.BaseExpression) -> cst.Call | None:
    """The call that built `receiver`: the receiver itself (`Unpickler(f).load()`), or the value of
    the only assignment of that name in its scope (`u = Unpickler(f)` ... `u.load()`)."""
    if isinstance(receiver, cst.Call):
        return receiver
    if not isinstance(receiver, cst.Name):
        return None
    scope = editor.scopes.get(receiver)
    if scope is None:
        return None
    assignments = [a for a in scope[receiver.value] if hasattr(a, "node")]
    if len(assignments) != 1:
        return None
    node = assignments[0].node
    parent = editor.parent(node)
    assign = editor.parent(parent) if isinstance(parent, cst.AssignTarget) else None
    if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.value, cst.Call):
        return assign.value
    return None


def class_in_module(editor: Editor, func: cst.BaseExpression) -> cst.ClassDef | None:
    """The class statement of this module that `func` (a bare name) refers to."""
    if not isinstance(func, cst.Name):
        return None
    scope = editor.scopes.get(func)
    if scope is None:
        return None
    assignments = [a for a in scope[func.value] if hasattr(a, "node")]
    if len(assignments) != 1 or not isinstance(assignments[0].node, cst.ClassDef):
        return None
    return assignments[0].node
