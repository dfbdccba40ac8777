"""The signed-json strategy, the seeds' secure pattern, for a pickle-family `loads` (or jsonpickle.decode)
fed by a named part of a web request:

    encoded = request.headers.get('X-State')
    signature = request.headers.get('X-State-Signature')          # the sibling of the source (web.py)
    try:
        data = guard.b64decode(encoded)                           # strict, size checked before decoding
        state = guard.load_signed_json(data, signature, keys=guard.keys_from_env('DESERIALGUARD_SIGNING_KEY'),
                                       schema=guard.Schema({'layers': int}))   # keys read off the uses
    except guard.KeyNotConfigured:
        raise                                                     # a server error: 500, nothing disclosed
    except guard.GuardError as error:
        return jsonify({'error': str(error)}), error.status       # 400 / 403 / 413

The handlers go first in an enclosing `try` (so a broad `except Exception` after them does not swallow
guard's refusals), or a new `try` wraps the rewritten statements. `prepare()` checks everything first
and returns a reason when the strategy does not apply; only `Plan.apply()` edits.
"""
from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from deserialguard.fix import usage, web
from deserialguard.fix.calls import only_data_argument, set_keyword
from deserialguard.fix.editor import MAX_LINE, Editor, expression, fits, hole, statement
from deserialguard.fix.model import Codemod
from deserialguard.fix.site import Applied, Site
from deserialguard.report._paths import same_file

APIS = {"pickle.loads": "data", "dill.loads": "str", "cloudpickle.loads": "data", "jsonpickle.decode": "string"}
DECODERS = {"base64.b64decode", "base64.standard_b64decode"}

# Unsafe: the protocol itself changes, so no client that works today keeps working unchanged.
SIGNED_JSON = Codemod("signed-json", safe=False, effect=(
    "The wire format changes: the payload must be JSON signed with a key the server holds, so every "
    "client that sends a pickle today is refused (400 or 403) until it sends signed JSON; the keys the "
    "code reads must hold values of the types the code shows, other keys plain values only (no objects), "
    "and payloads over the size limit are refused (413)."))


@dataclass
class Plan:
    site: Site
    function: cst.FunctionDef
    read: web.KeyedRead
    read_statement: cst.CSTNode
    sink_statement: cst.CSTNode
    decoders: list[cst.Call]
    responder: web.Responder | None
    schema: tuple[str, list[tuple[str, str]]] | None    # (variable, [(key, type)]) read off the uses
    presence: tuple[str, str, bool] | None      # (variable, key, a string?) that may be None, unchecked
    body: web.JsonBody | None                   # Flask's read of the JSON body the source is a field of

    def apply(self) -> Applied:
        site, editor, options = self.site, self.site.editor, self.site.options
        guard = editor.guard
        signature = editor.free_name(self.function, ["signature", f"{_stem(self.read)}_signature"])
        sibling = statement(f"{signature} = {hole('read')}\n", read=self.read.sibling)
        body_name = self._read_body(guard)
        if body_name is not None:
            sibling = sibling.deep_replace(self.body.node, cst.Name(body_name))
        if isinstance(self.read_statement, cst.SimpleStatementLine) \
                and self.read_statement is not self.sink_statement:
            editor.insert_after(self.read_statement, sibling)
        elif body_name is not None:              # after the body is read, inside the try
            editor.insert_guarded(self.read_statement, sibling)
        else:
            editor.insert_before(self.read_statement, sibling)

        for decoder in self.decoders:
            editor.drop_imports_of(decoder.func)
            editor.replace(decoder, lambda u: _sized(u.with_changes(func=expression(f"{guard}.b64decode")),
                                                     options.max_size))

        raising = sorted({editor.statement_of(d) for d in self.decoders} | {self.sink_statement},
                         key=lambda s: editor.positions[s].start.line)
        if self.presence:
            editor.insert_guarded(raising[0], _presence_check(editor, guard, *self.presence))

        wrapped = False
        if self.responder is not None:
            error = editor.free_name(self.function, ["error", "guard_error"])
            handlers = _handlers(editor, guard, error, self.responder)
            for module, obj in self.responder.imports:
                editor.need_import(module, obj)
            uncovered = []
            answered = set(raising) | ({self.read_statement, editor.statement_of(self.body.node)}
                                       if self.body is not None else set())
            for stmt in sorted(answered, key=lambda s: editor.positions[s].start.line):
                try_node = _enclosing_try(editor, stmt, self.function)
                if try_node is None:
                    uncovered.append(stmt)
                elif not _handles_guard(editor, try_node):
                    editor.add_handlers(try_node, handlers)
            if uncovered:
                first, last = editor.common_block_range(uncovered)
                editor.wrap(first, last, handlers)
                wrapped = any(stmt is self.sink_statement for stmt in uncovered)

        env = editor.string(options.key_env)
        parts = [hole("data"), signature, f"keys={guard}.keys_from_env({env})"]
        if options.max_size:
            parts.append(f"max_size={options.max_size}")
        if self.schema:
            target, keys = self.schema
            constant = editor.free_name(editor.module, [f"{target.upper()}_SCHEMA"])
            editor.insert_before(editor.top_statement(self.function),
                                 _schema_statement(editor, constant, guard, keys), spacing=True)
            parts.append(f"schema={constant}")
        data_code = editor.code(site.call.args[0].value)
        template = _layout(editor, site.call, self.sink_statement, f"{guard}.load_signed_json", parts,
                           data_code, extra_indent=editor.indent_unit if wrapped else "")
        editor.drop_imports_of(site.call.func)
        editor.replace(site.call, lambda u: expression(template, data=u.args[0].value))
        return Applied(SIGNED_JSON, self._summary(guard), self._callers(), self._notes())

    def _read_body(self, guard: str) -> str | None:
        """Replace Flask's read of the JSON body with guard's parser, inside the `try` that answers its
        refusals; the name that holds the body when the source read it inline (`request.json.get('s')`)."""
        if self.body is None:
            return None
        editor, options = self.site.editor, self.site.options
        if isinstance(self.read.node, cst.Subscript):       # a missing key: Malformed, not a KeyError (500)
            editor.replace(self.read.node, lambda u: expression(
                f"{hole('body')}.get({hole('key')})", body=u.value, key=u.slice[0].slice.value))
        checks = self.body.type_check(guard, editor)
        if self.body.node is not self.read.container:         # `body = request.get_json()`, a line of its own
            editor.insert_guarded(editor.statement_of(self.body.node), *checks)
            editor.replace(self.body.node, lambda u: self.body.parse(guard, options.max_size))
            return None
        name = editor.free_name(self.function, ["request_body", "json_body"])
        editor.replace(self.body.node, lambda u: cst.Name(name))
        editor.insert_guarded(self.read_statement, *checks, statement(
            f"{name} = {hole('parse')}\n", parse=self.body.parse(guard, options.max_size)))
        return name

    # ----- texts

    def _summary(self, guard: str) -> str:
        site, options = self.site, self.site.options
        text = (f"{site.call_text} on {site.finding.source_description} became "
                f"`{guard}.load_signed_json()`: the payload is now JSON, accepted only with a valid "
                f"HMAC-SHA256 signature read from {self.read.where}, verified in constant time with the "
                f"keys in the environment variable `{options.key_env}` before anything is parsed")
        if self.body:
            text += (f"; the JSON body is read by `{guard}.read_json_object()`, at most "
                     f"{web.body_limit(options.max_size)} bytes, so a body that is not a JSON object, is "
                     "nested too deeply, too large or broken in transit is refused (400, 413) instead of "
                     "failing the request (500)")
        if self.decoders:
            text += "; base64 is decoded strictly by `guard.b64decode()`, its size checked before decoding"
        if self.schema:
            keys = ", ".join(f"`{key}`: {spec}" for key, spec in self.schema[1])
            text += (f"; the result must be an object whose keys the code reads hold the types its uses "
                     f"show ({keys}), other keys only plain values (strings, numbers, booleans, null, "
                     f"arrays of them)")
        if self.responder:
            text += ("; guard's refusals answer with their HTTP status (400 missing or malformed, 403 bad "
                     "signature, 413 too large), a missing key configuration stays a server error (500)")
        return text + "."

    def _callers(self) -> str:
        env = self.site.options.key_env
        return (f"Clients must now send JSON instead of a pickle and sign it: the hex HMAC-SHA256 of exactly "
                f"the bytes that reach `load_signed_json()` (after base64 decoding), made with a key the "
                f"server holds, sent in {self.read.where}. The server must have the environment variable "
                f"`{env}` set to a secret of 16 bytes or more (`python -c 'import secrets; "
                f"print(secrets.token_hex(32))'`), or `kid:secret,kid:secret` to rotate keys; "
                f"`python -m deserialguard.guard sign --key-env {env} FILE` prints a signature.")

    def _notes(self) -> tuple[str, ...]:
        notes = []
        if not self.schema:
            notes.append("No schema was added: the code's use of the restored value does not show which "
                         "keys it needs. Pass schema=guard.Schema({...}) listing them and their types "
                         "(strict=True to refuse any other key).")
        if self.responder is None:
            notes.append("This framework's error answer is not written by fix: guard.GuardError propagates; "
                         "map it to an HTTP response with status error.status (400/403/413) in one place.")
        return tuple(notes)


def prepare(site: Site) -> Plan | str:
    """A Plan when signed-json applies to `site`, else the reason it does not."""
    editor, finding = site.editor, site.finding
    if finding.sink_api not in APIS:
        return f"{site.call_text} does not take a whole payload that JSON could replace"
    if len({(s.location.path, s.location.line, s.location.column) for f in site.findings for s in f.sources}) != 1:
        return "several sources reach this call, and one detached signature cannot stand for all of them"
    if finding.threat_model != "remote":
        return (f"the data comes from {finding.source_description}, not a part of a web request, so there "
                "is no request part beside it to carry a signature")
    if not same_file(finding.source.path, finding.sink.path):
        return "the request is read in another file, so its signature cannot be read beside it here"
    if only_data_argument(site.call, APIS[finding.sink_api]) is None or site.call.args[0].keyword:
        return f"{site.call_text} is called with more than the payload"
    if editor.in_nested_scope(site.call):
        return "the call is inside a lambda or comprehension, where a signature cannot be checked per item"
    function = editor.function_of(site.call)
    sink_statement = editor.statement_of(site.call)
    if function is None or sink_statement is None:
        return "the call is not inside a function"
    found = _find_read(editor, site, function)
    if isinstance(found, str):
        return found
    read = found
    read_statement = editor.statement_of(read.node)
    if editor.function_of(read.node) is not function or read_statement is None:
        return "the request is read in another function, so its signature cannot be read beside it here"
    if not isinstance(editor.block_of(read_statement), (cst.IndentedBlock, cst.Module)) or \
            not isinstance(editor.block_of(sink_statement), (cst.IndentedBlock, cst.Module)):
        return "the statements are not in blocks fix can insert into"
    decoders = _decoders(editor, site, function)
    responder = web.responder(editor, read.node)
    body = _json_body(editor, site, read) if responder is not None else None
    if body is not None and editor.function_of(body.node) is not function:
        return "the request body is read in another function, so its refusals cannot be answered here"
    return Plan(site, function, read, read_statement, sink_statement, decoders, responder,
                _schema(editor, site.call, sink_statement),
                _presence(editor, read, read_statement, sink_statement, function, [*decoders, site.call],
                          body), body)


def _json_body(editor: Editor, site: Site, read: web.KeyedRead) -> web.JsonBody | None:
    """Flask's read of the JSON body the source is a field of: inside the read (`request.json.get('s')`),
    or the source itself, assigned to the name the read uses (`body = request.get_json()`)."""
    if not isinstance(read.container, cst.Name):
        return web.flask_json_body(editor, read.container)
    return next((body for node in editor.nodes_at(site.finding.source)
                 if (body := web.flask_json_body(editor, node)) is not None), None)


def _find_read(editor: Editor, site: Site, function) -> web.KeyedRead | str:
    """The keyed read at the source, or, when the source is a whole JSON body or form assigned to a name,
    the keyed read of that name on a later line of the flow."""
    nodes = editor.nodes_at(site.finding.source)
    for node in nodes:
        read = web.keyed_read(editor, node)
        if read is not None:
            return read
    body = next((n for n in nodes if web.whole_body(n)), None)
    holder = _assigned_name(editor, body) if body is not None else None
    if holder is not None:
        lines = {step.line for step in site.finding.flow if same_file(step.path, site.finding.sink.path)}
        for node in _walk(function):
            if isinstance(node, (cst.Call, cst.Subscript)) and editor.positions[node].start.line in lines:
                read = web.keyed_read(editor, node, body_names=frozenset({holder}))
                if read is not None:
                    return read
    return (f"the source is {site.finding.source_description}, not a named header, field or cookie, so "
            "there is no request part beside it to carry a detached signature")


def _assigned_name(editor: Editor, node) -> str | None:
    parent = editor.parent(node)
    if isinstance(parent, cst.Await):
        node, parent = parent, editor.parent(parent)
    if isinstance(parent, cst.Assign) and parent.value is node and len(parent.targets) == 1 \
            and isinstance(parent.targets[0].target, cst.Name):
        return parent.targets[0].target.value
    return None


def _decoders(editor: Editor, site: Site, function) -> list[cst.Call]:
    lines = {step.line for f in site.findings for step in f.flow if same_file(step.path, f.sink.path)}
    found = []
    for node in _walk(function):
        if isinstance(node, cst.Call) and editor.positions[node].start.line in lines \
                and editor.qualified_names(node.func) & DECODERS and len(node.args) == 1 \
                and node.args[0].keyword is None and not node.args[0].star \
                and not editor.in_nested_scope(node):
            found.append(node)
    return sorted(found, key=lambda n: (editor.positions[n].start.line, editor.positions[n].start.column))


def _schema(editor: Editor, call: cst.Call, sink_statement):
    if not isinstance(sink_statement, cst.SimpleStatementLine) or len(sink_statement.body) != 1:
        return None
    small = sink_statement.body[0]
    target = None
    if isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1 \
            and isinstance(small.targets[0].target, cst.Name):
        target = small.targets[0].target
    elif isinstance(small, cst.AnnAssign) and small.value is call and isinstance(small.target, cst.Name):
        target = small.target
    keys = usage.infer_schema(editor, target) if target is not None else None
    return (target.value, keys) if keys else None


def _presence(editor: Editor, read: web.KeyedRead, read_statement, sink_statement, function, calls, body):
    """(variable, key, string) when the read may give None (`.get(key)` without a default, or a subscript
    of the JSON `body`, which becomes one), the value is kept in a variable, and the function does not
    test that variable before the sink. `string`: the value is a field (of a JSON body it may be of any
    type) that one of `calls` (the decoders and the sink) takes as it is, so only a string can be right."""
    node = read.node
    if isinstance(node, cst.Subscript):
        if body is None:
            return None
    elif not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
              and node.func.attr.value == "get"):
        return None
    elif len(node.args) > 1 and not (isinstance(node.args[1].value, cst.Name)
                                     and node.args[1].value.value == "None"):
        return None
    variable = _assigned_variable(read_statement, node)
    if variable is None:
        return None
    sink_line = editor.positions[sink_statement].start.line
    for test_node in _walk(function):
        if isinstance(test_node, (cst.If, cst.While)) and editor.positions[test_node].start.line < sink_line:
            if any(isinstance(n, cst.Name) and n.value == variable for n in _walk(test_node.test)):
                return None
    taken_as_is = any(isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == variable
                      for call in calls)
    return variable, read.key, read.kind == "field" and taken_as_is


def _presence_check(editor: Editor, guard: str, variable: str, key: str, string: bool) -> cst.BaseStatement:
    if string:
        test, problem = f"not isinstance({variable}, str)", f"{key} must be a string"
    else:
        test, problem = f"{variable} is None", f"missing {key}"
    return statement(f"if {test}:\n{editor.indent_unit}raise {guard}.Malformed({editor.string(problem)})\n")


def _assigned_variable(read_statement, node) -> str | None:
    if isinstance(read_statement, cst.SimpleStatementLine) and len(read_statement.body) == 1:
        small = read_statement.body[0]
        if isinstance(small, cst.Assign) and small.value is node and len(small.targets) == 1 \
                and isinstance(small.targets[0].target, cst.Name):
            return small.targets[0].target.value
    return None


def _stem(read: web.KeyedRead) -> str:
    stem = "".join(c if c.isalnum() else "_" for c in read.key.lower()).strip("_")
    return stem if stem.isidentifier() else "payload"


def _enclosing_try(editor: Editor, stmt, function) -> cst.Try | None:
    child = stmt
    for ancestor in editor.ancestors(stmt):
        if ancestor is function:
            return None
        if isinstance(ancestor, cst.Try) and ancestor.body is child:
            return ancestor
        child = ancestor
    return None


def _handles_guard(editor: Editor, try_node: cst.Try) -> bool:
    return any(h.type is not None and "GuardError" in editor.code(h.type) for h in try_node.handlers)


def _handlers(editor: Editor, guard: str, error: str, responder: web.Responder) -> list[cst.ExceptHandler]:
    unit = editor.indent_unit
    code = (f"try:\n{unit}pass\n"
            f"except {guard}.KeyNotConfigured:\n{unit}raise  # no signing key configured: a server error (500)\n"
            f"except {guard}.GuardError as {error}:\n{unit}{responder.render(error, editor.quote)}\n")
    return list(cst.parse_statement(code).handlers)


def _sized(call: cst.Call, max_size: int | None) -> cst.Call:
    return set_keyword(call, "max_size", str(max_size)) if max_size else call


def _layout(editor: Editor, call: cst.Call, stmt, func: str, parts: list[str], data_code: str,
            extra_indent: str) -> str:
    """The new call as code: on one line when it fits, else its arguments on continuation lines (their
    indentation is relative: libcst adds the block's own)."""
    shown = [data_code if p == hole("data") else p for p in parts]
    where = editor.positions[call]
    line_text = editor.lines[where.start.line - 1]
    column = len(extra_indent) + where.start.column
    rest = line_text[where.end.column:] if where.end.line == where.start.line else ""
    if fits(" " * column, f"{func}({', '.join(shown)})", rest):
        return f"{func}({', '.join(parts)})"
    unit = editor.indent_unit
    width = len(editor.indent_of(stmt) + extra_indent + unit)
    lines, current, current_len = [], [], width
    for part, show in zip(parts, shown):
        if current and current_len + len(show) + 2 > MAX_LINE:
            lines.append(", ".join(current))
            current, current_len = [], width
        current.append(part)
        current_len += len(show) + 2
    lines.append(", ".join(current))
    return f"{func}(\n" + ",\n".join(unit + line for line in lines) + ")"


def _schema_statement(editor: Editor, name: str, guard: str, keys: list[tuple[str, str]]) -> cst.BaseStatement:
    """`NAME = guard.Schema({...})` for the module, one key a line when it does not fit on one."""
    items = [f"{editor.string(key)}: {spec}" for key, spec in keys]
    one_line = f"{name} = {guard}.Schema({{{', '.join(items)}}})"
    if fits("", one_line):
        return statement(one_line + "\n")
    body = "".join(f"{editor.indent_unit}{item},\n" for item in items)
    return statement(f"{name} = {guard}.Schema({{\n{body}}})\n")


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)
