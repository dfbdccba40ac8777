"""Pickle transports: the message stays a pickle, read as bytes and unpickled by guard's allowlist
unpickler. `sock.recv_pyobj()` -> `guard.restricted_loads(sock.recv())`; `recv_serialized(pickle.loads)`
-> `recv_serialized(guard.restricted_loads)`; multiprocessing `conn.recv()` ->
`guard.restricted_loads(conn.recv_bytes())`. The restricted strategy's applicability (unsafe) holds here
too: a message that pickles a class stops loading."""
from __future__ import annotations

import libcst as cst

from deserialguard.catalog import canonical
from deserialguard.fix.editor import expression, hole
from deserialguard.fix.restricted import CALLERS, RESTRICTED, SUMMARY
from deserialguard.fix.site import Applied, Manual, Outcome, Refused, Site

PICKLE_LOADS = {"pickle.loads", "dill.loads", "cloudpickle.loads"}


def fix(site: Site) -> Outcome:
    if site.options.strategy == "signed-json":
        return Refused(f"signed-json is not possible here: {site.call_text} receives a whole message with "
                       "no part beside it for a signature (use --strategy auto or restricted)")
    if site.api.endswith(".recv_pyobj"):
        return _receive_bytes(site, "recv")
    if site.api.endswith(".recv_serialized"):
        return _recv_serialized(site)
    if site.api.endswith("Connection.recv"):
        if site.call.args:
            return Refused(f"{site.call_text} is called with arguments")
        return _receive_bytes(site, "recv_bytes")
    return Refused(f"no codemod for {site.call_text}")


def _receive_bytes(site: Site, method: str) -> Outcome:
    editor, call = site.editor, site.call
    if not isinstance(call.func, cst.Attribute):
        return Refused(f"{site.call_text}: the socket or connection is not named")
    guard = editor.guard
    parent = editor.parent(call)
    target = parent if isinstance(parent, cst.Await) and parent.expression is call else call

    def rewrite(u):
        if isinstance(u, cst.Await):
            inner = u.expression
            received = u.with_changes(expression=inner.with_changes(
                func=inner.func.with_changes(attr=cst.Name(method))))
        else:
            received = u.with_changes(func=u.func.with_changes(attr=cst.Name(method)))
        return expression(f"{guard}.restricted_loads({hole('bytes')})", bytes=received)
    editor.replace(target, rewrite)
    old = f"{editor.code(call.func.value)}.{call.func.attr.value}()"
    return Applied(RESTRICTED, f"`{old}` became `{guard}.restricted_loads(...{method}())`: the message "
                   f"is received as bytes and unpickled with guard's allowlist. {SUMMARY}", CALLERS)


def _recv_serialized(site: Site) -> Outcome:
    editor, call = site.editor, site.call
    arg = next((a for a in call.args if a.keyword is not None and a.keyword.value == "deserialize"), None)
    arg = arg or (call.args[0] if call.args and call.args[0].keyword is None else None)
    if arg is not None and isinstance(arg.value, cst.Lambda):
        return _recv_serialized_lambda(site, arg.value)
    names = {canonical(n) for n in editor.qualified_names(arg.value)} if arg is not None else set()
    if "deserialguard.guard.restricted_loads" in names:
        return Manual(f"{site.call_text} already deserializes with guard.restricted_loads; nothing to change.")
    if not names & PICKLE_LOADS:
        return Manual(f"{site.call_text}: the deserialize function passed here is not pickle's; make sure it "
                      "cannot build arbitrary objects (e.g. json.loads, or guard.restricted_loads).")
    guard = editor.guard
    editor.drop_imports_of(arg.value)
    editor.replace(arg.value, lambda u: expression(f"{guard}.restricted_loads"))
    return Applied(RESTRICTED, f"`{editor.code(arg.value)}` passed to {site.call_text} became "
                   f"`{guard}.restricted_loads`. {SUMMARY}", CALLERS)


def _recv_serialized_lambda(site: Site, function: cst.Lambda) -> Outcome:
    """`recv_serialized(lambda frames: pickle.loads(frames[0]))`: the pickle call inside becomes guard's."""
    editor, guard = site.editor, site.editor.guard
    inner = [node for node in _walk(function.body) if isinstance(node, cst.Call)
             and {canonical(n) for n in editor.qualified_names(node.func)} & PICKLE_LOADS]
    if not inner:
        return Manual(f"{site.call_text}: the deserialize function passed here is not pickle's; make sure it "
                      "cannot build arbitrary objects (e.g. json.loads, or guard.restricted_loads).")
    for call in inner:
        editor.drop_imports_of(call.func)
        editor.replace(call.func, lambda u: expression(f"{guard}.restricted_loads"))
    return Applied(RESTRICTED, f"the pickle call in the function passed to {site.call_text} became "
                   f"`{guard}.restricted_loads`. {SUMMARY}", CALLERS)


def _walk(node: cst.CSTNode):
    yield node
    for child in node.children:
        yield from _walk(child)
