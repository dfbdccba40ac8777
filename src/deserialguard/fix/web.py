"""Web request reads: which part of a request a source is, where its detached signature lives, and how the
file's framework answers an error.

A *keyed read* takes one named part of a request: `request.headers.get('X-Foo')`, `request.json['state']`,
`request.META.get('HTTP_X_FOO')`, `req.get_header('X-Foo')`, `self.get_argument('state')`. Its *sibling*
is the same read of the signature: header `X-Foo` -> header `X-Foo-Signature` (Django's META key
`HTTP_X_FOO` -> `HTTP_X_FOO_SIGNATURE`); a field of a JSON body, form or query -> the field `signature`
beside it; cookie `foo` -> cookie `foo_signature`. Subscript reads become `.get()` reads for the sibling,
so a missing signature is guard's MissingSignature (400), not a KeyError.

When the part is a field of a Flask JSON body, the body itself is read by guard instead (`JsonBody`), so
that no body a client sends escapes Flask's reader as an exception (a 500).
"""
from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from deserialguard.fix.editor import Editor, expression, hole, last_name, statement, string_value
from deserialguard.guard import DEFAULT_MAX_SIZE

HEADER_CONTAINERS = {"headers", "META"}
COOKIE_CONTAINERS = {"cookies", "COOKIES"}
FIELD_CONTAINERS = {"json", "form", "args", "values", "POST", "GET", "data", "params", "forms",
                    "query_params", "query", "query_string", "body_arguments", "query_arguments"}
BODY_METHODS = {"get_json", "json", "post"}        # request.get_json() / await request.json() / .post()
HEADER_METHODS = {"get_header"}                                          # falcon
FIELD_METHODS = {"get_argument", "get_body_argument", "get_query_argument", "get_param"}  # tornado, falcon


@dataclass(frozen=True)
class KeyedRead:
    node: cst.BaseExpression          # the read as written
    key: str
    kind: str                         # header | field | cookie
    sibling_key: str
    sibling: cst.BaseExpression       # the same read of the signature

    @property
    def container(self) -> cst.BaseExpression:
        """What the key is read from: `request.json` in `request.json.get('state')`."""
        return self.node.func.value if isinstance(self.node, cst.Call) else self.node.value

    @property
    def where(self) -> str:
        """How the remediation names the signature: "the header `X-Foo-Signature`"."""
        return f"the {self.kind} `{self.sibling_key}`"


def keyed_read(editor: Editor, node: cst.CSTNode, *, body_names: frozenset = frozenset()) -> KeyedRead | None:
    """`node` as a keyed read of a request part, or None. `body_names` are variables that hold a whole
    JSON body or form (their keyed reads are fields)."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.args:
        first = node.args[0]
        key = string_value(first.value)
        if key is None or first.keyword is not None or first.star:
            return None
        method = node.func.attr.value
        container = node.func.value
        if method == "get":
            kind = _container_kind(container, body_names)
        elif method in HEADER_METHODS:
            kind = "header"
        elif method in FIELD_METHODS:
            kind = "field"
        else:
            return None
        if kind is None:
            return None
        sibling_key = _sibling_key(kind, key)
        if sibling_key is None:
            return None
        new_first = first.with_changes(value=_literal_like(first.value, sibling_key))
        return KeyedRead(node, key, kind, sibling_key, node.with_changes(args=[new_first, *node.args[1:]]))
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        key = string_value(index.value) if isinstance(index, cst.Index) else None
        kind = _container_kind(node.value, body_names) if key is not None else None
        sibling_key = _sibling_key(kind, key) if kind else None
        if sibling_key is None:
            return None
        sibling = expression(f"{hole('container')}.get({hole('key')})", container=node.value,
                             key=_literal_like(index.value, sibling_key))
        return KeyedRead(node, key, kind, sibling_key, sibling)
    return None


@dataclass(frozen=True)
class JsonBody:
    """A Flask read of the whole JSON body (`request.json`, `request.get_json()`), which fix replaces with
    `guard.read_json_object(request.stream, max_size=...)`. Flask's read lets RecursionError out of a body
    nested about 1,000 deep, hands a list or a number to code that then calls `.get` on it, and reads a
    body of any size; Werkzeug's server raises OSError from a broken chunked body unless the app bounds
    the body's size. Each was a 500; guard's reader bounds the body and refuses all of them, and invalid
    UTF-8 or JSON, with Malformed (400) or TooLarge (413), answered like every other refusal."""

    node: cst.BaseExpression          # the read as written
    request: cst.BaseExpression       # the request it reads
    checks_type: bool                 # not get_json(force=True): the Content-Type must say JSON

    def parse(self, guard: str, payload_limit: int | None) -> cst.BaseExpression:
        return expression(f"{guard}.read_json_object({hole('request')}.stream, "
                          f"max_size={body_limit(payload_limit)})", request=self.request)

    def type_check(self, guard: str, editor: Editor) -> list[cst.BaseStatement]:
        """The Content-Type check Flask's read made (`if not request.is_json: raise ...`), if it made one."""
        if not self.checks_type:
            return []
        message = editor.string("the request body must be sent as application/json")
        return [statement(f"if not {hole('request')}.is_json:\n{editor.indent_unit}raise {guard}.Malformed"
                          f"({message})\n", request=self.request)]


def body_limit(payload_limit: int | None) -> int:
    """The size limit of a JSON body that carries a payload of at most `payload_limit` bytes (None:
    guard's default) in one of its fields: twice that, room for base64 (a third longer) and the body's
    other fields."""
    return 2 * (payload_limit or DEFAULT_MAX_SIZE)


def flask_json_body(editor: Editor, node: cst.CSTNode) -> JsonBody | None:
    """`node` as Flask's read of the whole JSON body, or None."""
    if isinstance(node, cst.Attribute) and node.attr.value == "json":
        request, forced = node.value, False
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
            and node.func.attr.value == "get_json":
        request, forced = node.func.value, _forced(node)
    else:
        return None
    if "flask.request" not in editor.qualified_names(request):
        return None
    return JsonBody(node, request, not forced)


def _forced(call: cst.Call) -> bool:
    """`get_json(force=...)` (or its first positional argument) with anything but a literal False."""
    for index, arg in enumerate(call.args):
        if (arg.keyword is not None and arg.keyword.value == "force") or (index == 0 and arg.keyword is None):
            return not (isinstance(arg.value, cst.Name) and arg.value.value == "False")
    return False


def whole_body(node: cst.CSTNode) -> bool:
    """A read of the whole JSON body or form: `request.get_json()`, `request.json`, `await request.json()`."""
    if isinstance(node, cst.Await):
        node = node.expression
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.attr.value in BODY_METHODS
    return isinstance(node, cst.Attribute) and node.attr.value in ({"json", "form", "data", "POST"})


def _container_kind(container: cst.CSTNode, body_names: frozenset) -> str | None:
    if isinstance(container, cst.Name):
        return "field" if container.value in body_names else None
    if isinstance(container, cst.Call) and last_name(container.func) in BODY_METHODS:
        return "field"
    if isinstance(container, cst.Await):
        return _container_kind(container.expression, body_names)
    name = last_name(container) if isinstance(container, cst.Attribute) else None
    if name in HEADER_CONTAINERS:
        return "header"
    if name in COOKIE_CONTAINERS:
        return "cookie"
    if name in FIELD_CONTAINERS:
        return "field"
    return None


def _sibling_key(kind: str | None, key: str | None) -> str | None:
    if kind is None or key is None or not key or any(c in key for c in "'\"\\\n"):
        return None
    if kind == "header":
        return key + "_SIGNATURE" if key.upper().startswith("HTTP_") else key + "-Signature"
    if kind == "cookie":
        return key + "_signature"
    return None if key == "signature" else "signature"


def _literal_like(original: cst.BaseExpression, value: str) -> cst.SimpleString:
    quote = original.quote if isinstance(original, cst.SimpleString) and len(original.quote) == 1 else "'"
    return cst.SimpleString(f"{quote}{value}{quote}")


# ----- answering guard's errors


@dataclass(frozen=True)
class Responder:
    """How this file's framework answers `guard.GuardError` from inside a view."""

    framework: str
    template: str                     # a return statement; ERR stands for the exception, BODY for the dict
    imports: tuple = ()               # (module, obj) pairs the template needs

    def render(self, error: str, quote: str) -> str:
        body = f"{{{quote}error{quote}: str({error})}}"
        return self.template.replace("BODY", body).replace("ERR", error)


def responder(editor: Editor, source_node: cst.CSTNode) -> Responder | None:
    """Flask (jsonify, or a dict and a status), DRF (Response), aiohttp (web.json_response), Starlette and
    FastAPI (an imported JSONResponse), Django (JsonResponse); None for frameworks whose answers fix does
    not write (the error then propagates)."""
    modules = _imported_modules(editor)
    names = {name for node in _roots(source_node) for name in editor.qualified_names(node)}
    if any(name.startswith("flask.") for name in names) or (
            "flask" in modules and not modules & {"django", "rest_framework"}):
        jsonify = _bound_name(editor, "flask.jsonify")
        if jsonify:
            return Responder("flask", f"return {jsonify}(BODY), ERR.status")
        return Responder("flask", "return BODY, ERR.status")
    if "rest_framework" in modules:
        response = _bound_name(editor, "rest_framework.response.Response")
        if response:
            return Responder("drf", f"return {response}(BODY, status=ERR.status)")
    if "aiohttp" in modules:
        web = _bound_name(editor, "aiohttp.web")
        if web:
            return Responder("aiohttp", f"return {web}.json_response(BODY, status=ERR.status)")
    for qualified in ("starlette.responses.JSONResponse", "fastapi.responses.JSONResponse"):
        response = _bound_name(editor, qualified)
        if response:
            return Responder("starlette", f"return {response}(BODY, status_code=ERR.status)")
    if "django" in modules:
        response = _bound_name(editor, "django.http.JsonResponse")
        if response:
            return Responder("django", f"return {response}(BODY, status=ERR.status)")
        return Responder("django", "return JsonResponse(BODY, status=ERR.status)",
                         (("django.http", "JsonResponse"),))
    return None


def _roots(node: cst.CSTNode):
    while True:
        if isinstance(node, cst.Name):
            yield node
            return
        if isinstance(node, (cst.Attribute, cst.Subscript)):
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Await):
            node = node.expression
        else:
            return


def _imported_modules(editor: Editor) -> set[str]:
    found = set()
    for node in _walk_imports(editor.module):
        if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
            found.add(editor.code(node.module).split(".")[0])
        elif isinstance(node, cst.Import):
            found.update(editor.code(alias.name).split(".")[0] for alias in node.names)
    return found


def _walk_imports(module: cst.Module):
    stack = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            yield node
        else:
            stack.extend(node.children)


def _bound_name(editor: Editor, qualified: str) -> str | None:
    """The name under which the module imported `qualified` (`jsonify`, `flask.jsonify`), if it did."""
    module, _, obj = qualified.rpartition(".")
    for node in _walk_imports(editor.module):
        if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative \
                and editor.code(node.module) == module and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if editor.code(alias.name) == obj:
                    return alias.asname.name.value if alias.asname else obj
        if isinstance(node, cst.Import):
            for alias in node.names:
                if editor.code(alias.name) == module and alias.asname is None:
                    return qualified
    return None
