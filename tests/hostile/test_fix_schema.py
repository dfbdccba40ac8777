"""Issue 20, item 14: the schema of a signed-JSON fix was too strict and too loose at once. A fixed
checkpoint service answered 400 `$.epoch: key is not allowed` to a valid checkpoint carrying a field the
code does not read, and types were only read off `.get()` defaults.

Now guard.Schema lets keys it does not list through when they hold plain values (JSON scalars and arrays
of them, never an object), strict=True refuses them; and fix infers each key's type from how the code
uses the value (string methods, arithmetic, int()/float(), comparisons with literals), directly or through
a variable. Checked on guard.Schema with generated values, on generated handlers, and on the two example
services fixed and served for real on 127.0.0.1."""
from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deserialguard import guard
from deserialguard.fix import fix_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from e2e.conftest import _launch, _stop  # noqa: E402  (the e2e tests' own server runner)
from e2e.support import (IOT, IOT_FIXED, IOT_FIXED_APP, ML, ML_FIXED, ML_FIXED_APP, SERVER_ENV,  # noqa: E402
                         dumps)

# --- guard.Schema: unlisted keys ------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=8))
plain_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4), max_leaves=12)
keys = st.text(min_size=1, max_size=8).filter(lambda key: key not in ("layers", "name"))


def with_an_object(value):
    """`value` (a plain value) with an object put somewhere in it: itself, or an item at any depth."""
    return st.one_of(
        st.dictionaries(st.text(max_size=4), plain_values, max_size=3),
        st.lists(plain_values, max_size=3).flatmap(
            lambda items: st.integers(0, len(items)).map(lambda at: items[:at] + [{"k": value}] + items[at:])),
        st.lists(plain_values, min_size=1, max_size=3).map(lambda items: [items, [{"nested": value}]]),
    )


LISTED = {"layers": int, "name": str}


@settings(max_examples=150, deadline=None)
@given(extra=st.dictionaries(keys, plain_values, max_size=4), layers=st.integers(), name=st.text(max_size=5))
def test_unlisted_keys_with_plain_values_pass_unless_strict(extra, layers, name):
    value = {"layers": layers, "name": name, **extra}
    assert guard.Schema(LISTED).validate(value) is value
    if extra:
        with pytest.raises(guard.SchemaViolation, match="key is not allowed"):
            guard.Schema(LISTED, strict=True).validate(value)


@settings(max_examples=150, deadline=None)
@given(key=keys, hostile=plain_values.flatmap(with_an_object))
def test_unlisted_keys_never_hold_an_object_at_any_depth(key, hostile):
    with pytest.raises(guard.SchemaViolation) as info:
        guard.Schema(LISTED).validate({"layers": 1, key: hostile})
    assert info.value.path.startswith(guard.schema.key_path("$", key))
    assert "not object" in str(info.value)


def test_listed_keys_are_checked_alike_in_both_modes_and_nested_records_follow_strict():
    for strict in (False, True):
        schema = guard.Schema({"layers": int, "meta": {"name": str}}, strict=strict)
        with pytest.raises(guard.SchemaViolation, match=r"\$\.layers: expected integer"):
            schema.validate({"layers": "7"})
        with pytest.raises(guard.SchemaViolation, match=r"\$\.meta\.name: expected string"):
            schema.validate({"meta": {"name": 3}})
    assert guard.Schema({"meta": {"name": str}}).validate({"meta": {"name": "m", "v": 2}})
    with pytest.raises(guard.SchemaViolation, match=r"\$\.meta\.v: key is not allowed"):
        guard.Schema({"meta": {"name": str}}, strict=True).validate({"meta": {"name": "m", "v": 2}})
    with pytest.raises(guard.SchemaViolation, match=r"\$\.epoch: key is not allowed"):     # as the seed
        guard.Schema.allowlist({"layers"}).validate({"layers": 1, "epoch": 3})


def test_a_deep_array_in_an_unlisted_key_costs_no_recursion():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert guard.Schema(LISTED).validate({"extra": deep})
    deep[0] = {"x": 1}
    with pytest.raises(guard.SchemaViolation, match=r"^\$\.extra\[0\]: "):
        guard.Schema(LISTED).validate({"extra": deep})


# --- fix: types from the uses ---------------------------------------------------------------------------

STRING, NUMBER = {"str"}, {"int", "float"}
CONVERTIBLE = {"str", "int", "float"}
PLAIN = {"str", "int", "float", "bool", "list", "None"}
# (use of the value `v`, the JSON types it takes, whether a value of another type makes it raise)
USES = [
    ("v.lower()", STRING, True), ("v.startswith('x')", STRING, True), ("v.strip().split(',')", STRING, True),
    ("v + 'x'", STRING, True), ("v - 1", NUMBER, True), ("v / 2", NUMBER, True), ("v // 3", NUMBER, True),
    ("v ** 2", NUMBER, True), ("v + 1", NUMBER, True), ("v * 0.5", NUMBER, True), ("-v", NUMBER, True),
    ("v % 7", NUMBER, True), ("v > 3", NUMBER, True), ("3 <= v", NUMBER, True), ("0 < v < 10", NUMBER, True),
    ("int(v)", CONVERTIBLE, True), ("float(v)", CONVERTIBLE, True),
    ("v == 1.5", NUMBER, False), ("v == 'on'", STRING, False), ("v != 'off'", STRING, False),
    ("v in ('a', 'b')", STRING, False), ("v not in ['x']", STRING, False), ("v == True", {"bool"}, False),
    # uses that take any value: no evidence
    ("f'''{v}'''", PLAIN, False), ("str(v)", PLAIN, False), ("v * 2", PLAIN, False), ("'%s' % v", PLAIN, False),
    ("v is None", PLAIN, False), ("[v]", PLAIN, False), ("bool(v)", PLAIN, False),
]
DEFAULTS = {None: PLAIN, "0": {"int"}, "0.5": {"float"}, "''": STRING, "[]": {"list"}, "False": {"bool"}}
SAMPLES = {"str": "a", "int": 3, "float": 2.5, "bool": True, "None": None, "list": [1], "dict": {"a": 1}}


@pytest.mark.parametrize("use, types, raises", [u for u in USES if u[2]], ids=[u[0] for u in USES if u[2]])
def test_the_uses_that_raise_take_exactly_the_types_listed(use, types, raises):
    """The table's types, checked against Python itself: every other JSON value makes the use raise
    (bool aside: Python counts it as a number, JSON and guard do not)."""
    for name, sample in SAMPLES.items():
        if name == "bool":
            continue
        try:
            eval(use, {"v": sample})                     # the use on a plain sample value, nothing else
            worked = True
        except (TypeError, AttributeError):
            worked = False
        except ValueError:                               # int('a'): the right type, a wrong value
            worked = True
        assert worked is (name in types or (name == "int" and "float" in types)), (name, sample)


def expected(default: str | None, uses: list[tuple]) -> set[str]:
    """The types the schema must allow: the default's, narrowed by each use, widened where they clash."""
    types = set(DEFAULTS[default])
    for _, shown, _ in uses:
        if shown is not PLAIN:
            types = (types & shown) or (types | shown)
    return types


@st.composite
def handlers(draw):
    uses = draw(st.lists(st.sampled_from(USES), min_size=1, max_size=2))
    default = draw(st.sampled_from(sorted(DEFAULTS, key=str)))
    read = f'state.get("k", {default})' if default else draw(st.sampled_from(['state.get("k")', 'state["k"]']))
    through_a_variable = len(uses) > 1 or draw(st.booleans())
    lines = [f"value = {read}"] if through_a_variable else []
    results = [_substitute(use, "value" if through_a_variable else read) for use, _, _ in uses]
    body = "\n".join(f"    {line}" for line in lines)
    code = textwrap.dedent('''\
        import pickle

        from flask import jsonify, request


        def restore():
            state = pickle.loads(bytes.fromhex(request.headers["X-State"]))
        ''') + (body + "\n" if body else "") + f"    return jsonify(result=[{', '.join(results)}])\n"
    return code, default, uses


def _substitute(use: str, value: str) -> str:
    """`use` with the variable `v` replaced by `value` (only the name, not letters of other words)."""
    tree = ast.parse(use, mode="eval")
    names = sorted((node.col_offset for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "v"),
                   reverse=True)
    for offset in names:
        use = use[:offset] + value + use[offset + 1:]
    return use


def inferred_schema(fixed: str) -> guard.Schema | None:
    """The guard.Schema({...}) the fix wrote, built from its text (the fixed module is never run)."""
    types = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}

    def spec(node):
        if isinstance(node, ast.Tuple):
            return tuple(spec(element) for element in node.elts)
        return None if isinstance(node, ast.Constant) and node.value is None else types[node.id]
    for node in ast.walk(ast.parse(fixed)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "guard.Schema":
            (fields,) = node.args
            return guard.Schema({key.value: spec(value) for key, value in zip(fields.keys, fields.values)})
    return None


@settings(max_examples=60, deadline=None)
@given(handler=handlers())
def test_fix_infers_the_types_the_uses_show(tmp_path_factory, handler):
    code, default, uses = handler
    path = tmp_path_factory.mktemp("schema") / "app.py"
    path.write_text(code)
    result = fix_paths([path], write=True, unsafe_fixes=True)
    assert [fix.strategy for fix in result.applied] == ["signed-json"], result.refusals
    fixed = path.read_text()
    schema = inferred_schema(fixed)
    assert schema is not None, fixed
    allowed = expected(default, uses)
    for name, sample in SAMPLES.items():
        accepted = _accepts(schema, {"k": sample})
        assert accepted is (name in allowed or (name == "int" and "float" in allowed)), (name, fixed)
    assert _accepts(schema, {"k": SAMPLES[sorted(allowed)[0]], "unread": [1, "x", None]})
    assert not _accepts(schema, {"unread": {"an": "object"}})


def _accepts(schema: guard.Schema, value) -> bool:
    try:
        schema.validate(value)
        return True
    except guard.SchemaViolation:
        return False


# --- the example services, fixed and served ---------------------------------------------------------------

@pytest.fixture(scope="module")
def fixed_servers(tmp_path_factory):
    """The apps `fix --write --unsafe-fixes` makes from the two vulnerable examples, on 127.0.0.1."""
    servers = {}
    try:
        for name, app in (("ml", ML_FIXED_APP), ("iot", IOT_FIXED_APP)):
            path = app.build(tmp_path_factory.mktemp(f"fixed-{name}"))
            servers[name] = _launch(path, SERVER_ENV, tmp_path_factory.mktemp("logs") / f"{name}.log")
        yield servers
    finally:
        for server in servers.values():
            _stop(server.process)


def test_fixed_checkpoint_service_accepts_fields_its_code_does_not_read(fixed_servers):
    """The issue's case: a valid signed checkpoint with an `epoch` (and the seed's other fields)."""
    server = fixed_servers["ml"]
    for state in ({"layers": 3, "epoch": 4}, ML.good_state(n=5)):
        response = ML_FIXED.send_signed(server, dumps(state))
        assert response.status == 200, response.body
        assert response.json() == {"status": "Model restored", "layers": state["layers"]}


@pytest.mark.parametrize("state, where", [
    ({"layers": "3"}, "$.layers"),                                  # the type `.get('layers', 0)` shows
    ({"layers": 3, "epoch": {"n": 4}}, "$.epoch"),                  # an object in a field not read
    ({"layers": 3, "weights": [[0.5], [{"w": 1}]]}, "$.weights[1][0]"),
])
def test_fixed_checkpoint_service_refuses_wrong_types_and_objects(fixed_servers, state, where):
    response = ML_FIXED.send_signed(fixed_servers["ml"], dumps(state))
    assert response.status == 400 and response.json()["error"].startswith(where + ":"), response.body


def test_fixed_device_service_accepts_plain_fields_it_does_not_read_and_refuses_objects(fixed_servers):
    server = fixed_servers["iot"]
    state = {"device_id": "sensor-1", "firmware_version": "2.4.1", "sensors": ["t", "h"],
             "last_sync": 1700000000}
    response = IOT_FIXED.send_signed(server, dumps(state))
    assert response.status == 200, response.body
    assert response.json() == IOT.expected(state)
    for state, where in (({**state, "config": {"rate": 5}}, "$.config"),
                         ({"device_id": {"nested": 1}}, "$.device_id")):
        response = IOT_FIXED.send_signed(server, dumps(state))
        assert response.status == 400 and response.json()["error"].startswith(where + ":"), response.body

