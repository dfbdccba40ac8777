"""The restricted strategy: keep the pickle wire format, but unpickle with guard's allowlist unpickler,
which builds only plain data (None, bool, numbers, str, bytes, list, tuple, dict, set) and raises
guard.ForbiddenGlobal for any class or function a stream names, before importing anything.

    pickle.loads(x)                 -> guard.restricted_loads(x)          (size-limited, 1 MiB by default)
    pickle.load(f)                  -> guard.RestrictedUnpickler(f).load()
    pickle.Unpickler(f).load()      -> guard.RestrictedUnpickler(f).load()
    class U(pickle.Unpickler)       -> class U(guard.RestrictedUnpickler)  (its find_class must defer to super)

`load(f)` becomes `RestrictedUnpickler(f).load()` rather than `restricted_loads(f.read())`: it reads one
pickle from the stream exactly as before, so a socket or file holding several pickles keeps working and a
connection is not read to its end. dill and cloudpickle streams are pickle streams: the same rewrite.
"""
from __future__ import annotations

import libcst as cst

from deserialguard.catalog import canonical, sinks
from deserialguard.fix.calls import class_in_module, constructor_call, only_data_argument
from deserialguard.fix.editor import expression, hole
from deserialguard.fix.model import Codemod
from deserialguard.fix.site import Applied, Refused, Site

UNPICKLER_KEYWORDS = {"fix_imports", "encoding", "errors", "buffers"}

# Unsafe: real pickles name classes. Every scikit-learn, PyTorch or pandas object, a numpy array, a
# datetime, the project's own dataclasses: all stop loading, however legitimate their sender.
RESTRICTED = Codemod("restricted", safe=False, effect=(
    "A pickle that names any class or function (a scikit-learn or PyTorch model, a numpy array, a "
    "datetime, the application's own classes) is refused with guard.ForbiddenGlobal; only plain data "
    "(None, bool, numbers, str, bytes, list, tuple, dict, set) loads as before, and guard.restricted_loads "
    "refuses payloads over its size limit (1 MiB unless --max-size says otherwise)."))

SUMMARY = ("The pickle format stays, but only plain data (None, bool, numbers, str, bytes, list, tuple, "
           "dict, set) can be built: a class or function named in the stream raises "
           "guard.ForbiddenGlobal (HTTP 400) instead of running.")
CALLERS = ("Senders may only pickle plain data; if legitimate payloads contain other classes, list them "
           "in `allow=[...]` (simple value classes only, never anything that can call or import).")


def loads(site: Site, notes: tuple[str, ...] = ()) -> Applied | Refused:
    """`<pickle>.loads(data)` -> `guard.restricted_loads(data)`; with Unpickler options (encoding=...)
    `guard.RestrictedUnpickler(io.BytesIO(data), encoding=...).load()`."""
    call, editor = site.call, site.editor
    if only_data_argument(call, "data") is None:
        return _loads_with_options(site, notes)
    guard = editor.guard
    editor.drop_imports_of(call.func)
    editor.replace(call, lambda u: u.with_changes(func=expression(f"{guard}.restricted_loads")))
    return Applied(RESTRICTED, f"{site.call_text} became `{guard}.restricted_loads()`. {SUMMARY}",
                   CALLERS, notes)


def _loads_with_options(site: Site, notes: tuple[str, ...]) -> Applied | Refused:
    call, editor = site.call, site.editor
    first = call.args[0] if call.args else None
    options = [a.keyword.value for a in call.args[1:] if a.keyword is not None]
    if first is None or first.star or (first.keyword is not None and first.keyword.value != "data") \
            or len(options) != len(call.args) - 1 or not set(options) <= UNPICKLER_KEYWORDS:
        return Refused(f"{site.call_text} is called with arguments guard's unpickler does not take")
    guard = editor.guard
    editor.need_import("io")
    editor.drop_imports_of(call.func)

    def rewrite(u: cst.Call) -> cst.BaseExpression:
        data = u.args[0].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
        stream = data.with_changes(value=expression(f"io.BytesIO({hole('data')})", data=data.value))
        unpickler = u.with_changes(func=expression(f"{guard}.RestrictedUnpickler"), args=[stream, *u.args[1:]])
        return cst.Call(func=cst.Attribute(value=unpickler, attr=cst.Name("load")))
    editor.replace(call, rewrite)
    return Applied(RESTRICTED, f"{site.call_text} became `{guard}.RestrictedUnpickler(io.BytesIO(...), "
                   f"...).load()`, keeping its unpickler options. {SUMMARY}", CALLERS, notes)


def load(site: Site) -> Applied | Refused:
    """`<pickle>.load(f, ...)` -> `guard.RestrictedUnpickler(f, ...).load()`."""
    call = site.call
    if not call.args or call.args[0].keyword not in (None,) and call.args[0].keyword.value != "file":
        return Refused(f"{site.call_text}: the file argument could not be identified")
    extra = [a.keyword.value for a in call.args[1:] if a.keyword is not None]
    if len(call.args) - 1 != len(extra) or not set(extra) <= UNPICKLER_KEYWORDS:
        return Refused(f"{site.call_text} is called with arguments guard.RestrictedUnpickler does not take")
    editor = site.editor
    guard = editor.guard
    editor.drop_imports_of(call.func)

    def rewrite(u: cst.Call) -> cst.BaseExpression:
        args = [a.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
                if a.keyword is not None and a.keyword.value == "file" else a for a in u.args]
        unpickler = u.with_changes(func=expression(f"{guard}.RestrictedUnpickler"), args=args)
        return cst.Call(func=cst.Attribute(value=unpickler, attr=cst.Name("load")))
    editor.replace(call, rewrite)
    return Applied(RESTRICTED, f"{site.call_text} became `{guard}.RestrictedUnpickler(...).load()`, "
                   f"which reads one pickle from the stream as before. {SUMMARY}", CALLERS)


def unpickler(site: Site) -> Applied | Refused:
    """`Unpickler(f).load()` (inline, assigned first, or a subclass defined here) -> guard's unpickler."""
    editor = site.editor
    func = site.call.func
    receiver = func.value if isinstance(func, cst.Attribute) else None
    built = constructor_call(editor, receiver) if receiver is not None else None
    if built is None:
        return Refused(f"{site.call_text}: the Unpickler this .load() is called on could not be found in "
                       "the same function")
    guard = editor.guard
    if _is_unpickler_class(editor, built.func):
        editor.drop_imports_of(built.func)
        editor.replace(built.func, lambda u: expression(f"{guard}.RestrictedUnpickler"))
        return Applied(RESTRICTED, f"`{editor.code(built.func)}` became `{guard}.RestrictedUnpickler`. "
                       f"{SUMMARY}", CALLERS)
    cls = class_in_module(editor, built.func)
    if cls is None:
        return Refused(f"{site.call_text}: `{editor.code(built.func)}` is not defined in this file, so its "
                       "base class cannot be changed here; make it subclass guard.RestrictedUnpickler")
    base = next((b for b in cls.bases if b.keyword is None and _is_unpickler_class(editor, b.value)), None)
    if base is None:
        return Refused(f"{site.call_text}: class {cls.name.value} does not subclass an Unpickler directly")
    if not _defers_to_super(cls):
        return Refused(f"{site.call_text}: class {cls.name.value} overrides find_class without calling "
                       "super().find_class, so changing its base would not restrict it; allowlist the "
                       "globals in its find_class by hand")
    editor.drop_imports_of(base.value)
    editor.replace(base.value, lambda u: expression(f"{guard}.RestrictedUnpickler"))
    return Applied(RESTRICTED, f"class {cls.name.value} now subclasses `{guard}.RestrictedUnpickler` "
                   f"(was `{editor.code(base.value)}`), whose find_class it calls. {SUMMARY}", CALLERS)


def _is_unpickler_class(editor, func) -> bool:
    return any(canonical(name) in sinks.UNPICKLER_CLASSES for name in editor.qualified_names(func))


def _defers_to_super(cls: cst.ClassDef) -> bool:
    methods = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "find_class"]
    if not methods:
        return True
    code = cst.Module(body=[methods[0]]).code
    return "super().find_class(" in code.replace(" ", "")
