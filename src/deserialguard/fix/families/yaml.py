"""YAML: PyYAML's `load`/`load_all`/`full_load`/`unsafe_load` -> `safe_load`/`safe_load_all` (a loader class
of this file that extends an unsafe loader is rebased on SafeLoader instead, keeping its constructors);
`yaml.Loader(s).get_single_data()` -> `yaml.SafeLoader(s)...`; ruamel's `YAML(typ='unsafe')` ->
`YAML(typ='safe')`, and its module-level `load(s)`/`unsafe_load(s)` -> `YAML(typ='safe').load(s)`. A call that passes on its caller's `**kwargs` drops them: the only keyword these
functions take is the loader, and the safe one replaces it."""
from __future__ import annotations

import libcst as cst

from deserialguard.fix.calls import class_in_module, constructor_call, keyword
from deserialguard.fix.editor import Editor, string_value
from deserialguard.fix.model import Codemod
from deserialguard.fix.site import Applied, Manual, Outcome, Refused, Site

SAFE_FUNCTIONS = {"load": "safe_load", "load_all": "safe_load_all", "full_load": "safe_load",
                  "full_load_all": "safe_load_all", "unsafe_load": "safe_load",
                  "unsafe_load_all": "safe_load_all"}
SAFE_LOADERS = {"Loader": "SafeLoader", "FullLoader": "SafeLoader", "UnsafeLoader": "SafeLoader",
                "CLoader": "CSafeLoader", "CFullLoader": "CSafeLoader", "CUnsafeLoader": "CSafeLoader"}
# Safe: the safe loaders resolve and construct every standard tag exactly as the unsafe ones do; what
# they refuse are the python/* tags, which name Python objects: the very thing the rule forbids.
SAFE_LOADER = Codemod("safe-loader", safe=True, effect=(
    "Documents that use only standard YAML tags load exactly as before; python/* tags (Python objects) "
    "raise a ConstructorError."))
# Unsafe: a loader a caller passes in **kwargs may be a SafeLoader subclass with constructors of its own.
SAFE_LOADER_FOR_KWARGS = Codemod("safe-loader", safe=False, effect=(
    "The Loader a caller passes in **kwargs is ignored: a loader with constructors of its own (custom "
    "tags) loses them, and documents using those tags raise a ConstructorError; standard YAML loads as "
    "before."))
CALLERS = ("Documents may only use standard YAML tags (mappings, sequences, scalars); python/object tags "
           "are refused with a ConstructorError.")


def fix(site: Site) -> Outcome:
    api = site.api
    if api.startswith("ruamel.yaml.YAML("):
        return _ruamel(site)
    if api.startswith("ruamel.yaml."):
        return _ruamel_function(site)
    if api.endswith("().get_single_data"):
        return _loader_instance(site)
    return _function(site, api.rsplit(".", 1)[-1])


def _function(site: Site, function: str) -> Outcome:
    editor, call = site.editor, site.call
    if function not in SAFE_FUNCTIONS:
        return Refused(f"no safe counterpart known for {site.call_text}")
    positional = [a for a in call.args if a.keyword is None and not a.star]
    loader = keyword(call, "Loader") or (positional[1] if len(positional) > 1 else None)
    stream = keyword(call, "stream") or (positional[0] if positional else None)
    splats = [a for a in call.args if a.star == "**"]
    if stream is None or any(a is not stream and a is not loader and a not in splats for a in call.args):
        return Refused(f"{site.call_text} is called with arguments safe_load does not take")
    # Only load/load_all take a Loader a caller could pass in the mapping; the others take no keyword.
    takes_loader = loader is None and function in ("load", "load_all")
    codemod = SAFE_LOADER_FOR_KWARGS if splats and takes_loader else SAFE_LOADER
    if loader is not None:
        cls = class_in_module(editor, loader.value)
        if cls is not None:
            return _rebase(site, cls)
    new_name = SAFE_FUNCTIONS[function]
    func = _yaml_member(editor, call.func, new_name)
    if func is None:
        return Refused(f"{site.call_text}: the name {new_name} is taken in this file")
    editor.drop_imports_of(call.func)
    if loader is not None:
        editor.drop_imports_of(loader.value)
    index = list(call.args).index(stream)
    editor.replace(call, lambda u: u.with_changes(
        func=func, args=[u.args[index].with_changes(comma=cst.MaybeSentinel.DEFAULT)]))
    return Applied(codemod, f"{site.call_text} became `{editor.code(func)}()`: only standard YAML "
                   "tags are constructed, no Python objects.", CALLERS)


def _rebase(site: Site, cls: cst.ClassDef) -> Outcome:
    editor = site.editor
    for base in cls.bases:
        name = _unsafe_loader(editor, base.value)
        if name is None:
            continue
        new = _yaml_member(editor, base.value, SAFE_LOADERS[name])
        if new is None:
            return Refused(f"{site.call_text}: the name {SAFE_LOADERS[name]} is taken in this file")
        editor.drop_imports_of(base.value)
        editor.replace(base.value, lambda u: new)
        return Applied(SAFE_LOADER, f"the loader class {cls.name.value} now extends "
                       f"`{editor.code(new)}` instead of `{editor.code(base.value)}`: its own constructors "
                       "stay, Python object tags are refused.", CALLERS)
    return Refused(f"{site.call_text}: the loader class {cls.name.value} does not directly extend an unsafe "
                   "PyYAML loader; make it extend yaml.SafeLoader by hand")


def _loader_instance(site: Site) -> Outcome:
    editor = site.editor
    func = site.call.func
    built = constructor_call(editor, func.value) if isinstance(func, cst.Attribute) else None
    name = _unsafe_loader(editor, built.func) if built is not None else None
    if name is None:
        return Refused(f"{site.call_text}: the loader instance is not built in this function")
    new = _yaml_member(editor, built.func, SAFE_LOADERS[name])
    if new is None:
        return Refused(f"{site.call_text}: the name {SAFE_LOADERS[name]} is taken in this file")
    editor.drop_imports_of(built.func)
    editor.replace(built.func, lambda u: new)
    return Applied(SAFE_LOADER, f"the loader `{editor.code(built.func)}` became `{editor.code(new)}`.",
                   CALLERS)


def _ruamel(site: Site) -> Outcome:
    editor = site.editor
    func = site.call.func
    built = constructor_call(editor, func.value) if isinstance(func, cst.Attribute) else None
    typ = None
    if built is not None:
        typ = keyword(built, "typ")
        if typ is None and built.args and built.args[0].keyword is None and not built.args[0].star:
            typ = built.args[0]
    if typ is None or string_value(typ.value) != "unsafe":
        return Refused(f"{site.call_text}: the YAML(typ='unsafe') instance is not built where fix can see it")
    quote = typ.value.quote
    editor.replace(typ.value, lambda u: cst.SimpleString(f"{quote}safe{quote}"))
    return Applied(SAFE_LOADER, "`YAML(typ='unsafe')` became `YAML(typ='safe')`: only standard YAML tags "
                   "are constructed.", CALLERS)


def _ruamel_function(site: Site) -> Outcome:
    """`ruamel.yaml.load(stream)`, `unsafe_load(stream)` (module-level, removed in ruamel.yaml 0.18) ->
    `ruamel.yaml.YAML(typ='safe').load(stream)`, spelled through the module as the call spells it."""
    call = site.call
    manual = Manual(f"{site.call_text}: ruamel.yaml's module-level loaders are deprecated (removed in 0.18) "
                    "and this one builds arbitrary objects; use `YAML(typ='safe').load(stream)`.")
    if not isinstance(call.func, cst.Attribute) or len(call.args) != 1 or call.args[0].keyword or call.args[0].star:
        return manual           # a loader, version or option passed: what YAML() makes of them differs
    method = "load_all" if call.func.attr.value.endswith("load_all") else "load"
    safe = cst.Arg(cst.SimpleString("'safe'"), keyword=cst.Name("typ"),
                   equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
    site.editor.replace(call.func, lambda u: cst.Attribute(
        value=cst.Call(func=cst.Attribute(value=u.value, attr=cst.Name("YAML")), args=[safe]), attr=cst.Name(method)))
    return Applied(SAFE_LOADER, f"{site.call_text} became `{site.editor.code(call.func.value)}.YAML(typ='safe')"
                   f".{method}()`: only standard YAML tags are constructed, no Python objects.", CALLERS)


def _unsafe_loader(editor: Editor, expr: cst.BaseExpression) -> str | None:
    for name in editor.qualified_names(expr):
        module, _, attr = name.rpartition(".")
        if module.split(".")[0] == "yaml" and attr in SAFE_LOADERS:
            return attr
    return None


def _yaml_member(editor: Editor, like: cst.BaseExpression, member: str) -> cst.BaseExpression | None:
    """`member` of the yaml module, spelled as `like` is: `<module>.member` for an attribute; for a name
    imported from yaml, the name `member` (imported from yaml if needed)."""
    if isinstance(like, cst.Attribute):
        return like.with_changes(attr=cst.Name(member))
    bound = {n for node in _names(editor.module, member) for n in editor.qualified_names(node)}
    if bound and bound != {f"yaml.{member}"}:
        return None
    editor.need_import("yaml", member)
    return cst.Name(member)


def _names(module: cst.Module, value: str):
    stack = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name) and node.value == value:
            yield node
        stack.extend(node.children)
