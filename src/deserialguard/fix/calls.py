"""Small call-shape helpers the codemods share: the data argument, keyword arguments, constructors."""
from __future__ import annotations

import libcst as cst

from deserialguard.fix.editor import Editor, fits
from deserialguard.fix.site import Site


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


def pass_keyword(site: Site, name: str, value: str, *, position: int | None = None,
                 dropped: tuple[str, ...] = ()) -> None:
    """Schedule the site's call to pass `name=value` whatever its callers pass (set_keyword), one
    argument a line when it no longer fits on its line."""
    editor, call = site.editor, site.call
    editor.replace(call, lambda u: _laid_out(editor, call, set_keyword(
        u, name, value, position=position, dropped=dropped, quote=editor.quote)))


def set_keyword(call: cst.Call, name: str, value: str, *, position: int | None = None,
                dropped: tuple[str, ...] = (), quote: str = "'") -> cst.Call:
    """`call` with `name=value`, whatever its callers pass. The existing keyword (or positional argument
    at `position`) gets the new value; otherwise the keyword is appended, taking over a trailing comma's
    layout. Every `**mapping` of the call leaves out the keywords in `dropped` (which `name=value` rules
    out), and `name` too when it was appended: a caller's own `name` in the mapping would otherwise raise
    TypeError (got multiple values). Where the call spelled `name`, the mapping cannot hold it."""
    new_value = cst.parse_expression(value)
    args = list(call.args)
    spelled = next((i for i, arg in enumerate(args) if arg.keyword is not None and arg.keyword.value == name),
                   None)
    if spelled is None and position is not None and position < len(args) and all(
            a.keyword is None and not a.star for a in args[: position + 1]):
        spelled = position
    left_out = dropped if spelled is not None else (name, *dropped)
    if left_out:
        args = [_without(arg, left_out, quote) if arg.star == "**" else arg for arg in args]
    if spelled is not None:
        args[spelled] = args[spelled].with_changes(value=new_value)
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


def _without(splat: cst.Arg, names: tuple[str, ...], quote: str) -> cst.Arg:
    """`**mapping` as `**{k: v for k, v in mapping.items() if k != 'name'}`. The mapping is evaluated where
    it was (a comprehension's first iterable belongs to the enclosing scope), and `k` and `v` are the
    comprehension's own names, so no name of the function is touched."""
    literals = [f"{quote}{n}{quote}" for n in names]
    test = f"k != {literals[0]}" if len(literals) == 1 else f"k not in ({', '.join(literals)})"
    mapping = splat.value
    if not mapping.lpar and not isinstance(mapping, (cst.Name, cst.Attribute, cst.Call, cst.Subscript,
                                                     cst.Dict)):
        mapping = mapping.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    filtered = cst.parse_expression(f"{{k: v for k, v in _.items() if {test}}}")
    return splat.with_changes(value=filtered.with_deep_changes(filtered.for_in.iter.func, value=mapping))


def _laid_out(editor: Editor, original: cst.Call, new: cst.Call) -> cst.Call:
    """`new`, which replaces `original`, as it is if its line still fits; else one argument a line, each
    indented one unit more than the statement, and the closing parenthesis on a line of its own."""
    where = editor.positions[original]
    line = editor.lines[where.start.line - 1]
    new_code = editor.code(new)
    if where.start.line != where.end.line or "\n" in new_code or \
            fits("", line[:where.start.column], new_code, line[where.end.column:]):
        return new

    def newline(extra: str) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(extra))
    unit = editor.indent_unit
    args = [arg.with_changes(comma=cst.Comma(whitespace_after=newline(unit))) for arg in new.args]
    args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=newline("")))
    return new.with_changes(args=args, whitespace_before_args=newline(unit))


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
