"""Unit and property tests of deserialguard.guard, the runtime library fixed code calls.

Signatures are checked against an independent hmac computation, not against guard.sign alone. Pickles
fed to the restricted unpickler are either built here from plain data or are hostile streams whose
globals would write a marker file: the assertions are that they are refused and the marker never appears.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import pickle
import re
import subprocess
import sys
import time
from collections import OrderedDict
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deserialguard import guard
from deserialguard.guard import cli, signing

KEY = b"unit-test-key-4f1c9b"
OLD_KEY = b"unit-test-retired-key-77a0"
KEYS = {"2025": KEY, "2024": OLD_KEY}


def mac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def timed_mac(key: bytes, t: int, data: bytes) -> str:
    """The documented timestamped MAC, computed independently of guard."""
    derived = hmac.new(key, b"deserialguard.guard timestamped v1", hashlib.sha256).digest()
    return mac(derived, b"t=%d." % t + data)


def load(data, signature, **kwargs):
    kwargs.setdefault("keys", KEYS)
    return guard.load_signed_json(data, signature, **kwargs)


# --- errors -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("error, status", [
    (guard.MissingSignature, 400), (guard.BadSignature, 403), (guard.Expired, 403),
    (guard.TooLarge, 413), (guard.Malformed, 400), (guard.SchemaViolation, 400),
    (guard.ForbiddenGlobal, 400), (guard.KeyNotConfigured, 500)])
def test_every_error_is_a_guard_error_with_its_status(error, status):
    assert issubclass(error, guard.GuardError)
    assert error.status == status


def test_each_failure_raises_its_own_error():
    data = b'{"a": 1}'
    with pytest.raises(guard.MissingSignature):
        load(data, None)
    with pytest.raises(guard.BadSignature):
        load(data, mac(b"other", data))
    with pytest.raises(guard.Expired):
        load(data, guard.sign(data, KEY, timestamp=1), max_age=60)
    with pytest.raises(guard.TooLarge):
        load(data, mac(KEY, data), max_size=3)
    with pytest.raises(guard.Malformed):
        load(b"{", mac(KEY, b"{"))
    with pytest.raises(guard.SchemaViolation):
        load(data, mac(KEY, data), schema={"a": str})
    with pytest.raises(guard.KeyNotConfigured):
        load(data, mac(KEY, data), keys=[])
    with pytest.raises(guard.ForbiddenGlobal):
        guard.restricted_loads(pickle.dumps(date(2020, 1, 1)))


def test_messages_never_contain_keys_or_macs():
    data = b'{"a": 1}'
    attempts = [lambda: load(data, mac(b"other", data)),
                lambda: load(data, "9999:" + mac(KEY, data)),
                lambda: load(data + b" ", mac(KEY, data)),
                lambda: load(data, guard.sign(data, KEY, timestamp=5), max_age=1),
                lambda: guard.keys_from_env("DG_TEST_KEYS", {"DG_TEST_KEYS": "a:s3cret,a:s3cret"})]
    for attempt in attempts:
        with pytest.raises(guard.GuardError) as info:
            attempt()
        text = str(info.value)
        for secret in (KEY, OLD_KEY, b"s3cret"):
            assert secret.decode() not in text
        assert mac(KEY, data) not in text and mac(OLD_KEY, data) not in text


# --- signing, rotation, key ids ---------------------------------------------------------------------

def test_plain_signature_is_hex_hmac_sha256_of_the_bytes():
    data = b'{"layers": 3}'
    assert guard.sign(data, KEY) == mac(KEY, data)
    assert guard.sign(data, KEY.decode()) == mac(KEY, data)
    assert load(data, mac(KEY, data)) == {"layers": 3}


def test_signature_forms():
    data = b"[]"
    assert guard.sign(data, KEY, key_id="2025") == "2025:" + mac(KEY, data)
    assert guard.sign(data, KEY, timestamp=1700000000) == \
        "t=1700000000,v1=" + timed_mac(KEY, 1700000000, data)
    assert guard.sign(data, guard.Key(KEY, "2025"), timestamp=12) == \
        "kid=2025,t=12,v1=" + timed_mac(KEY, 12, data)
    now = int(time.time())
    stamped = guard.sign(data, KEY, timestamp=True)
    assert abs(int(re.match(r"t=(\d+),", stamped)[1]) - now) <= 2


def test_rotation_accepts_every_configured_key():
    data = b'{"x": 1}'
    for keys in (KEYS, [KEY, OLD_KEY], [guard.Key(KEY), guard.Key(OLD_KEY, "2024")],
                 guard.keys_from_env("K", {"K": "2025:unit-test-key-4f1c9b,unit-test-retired-key-77a0"})):
        assert load(data, mac(OLD_KEY, data), keys=keys) == {"x": 1}
        assert load(data, mac(KEY, data), keys=keys) == {"x": 1}
    with pytest.raises(guard.BadSignature):
        load(data, mac(OLD_KEY, data), keys=[KEY])


def test_key_id_selects_exactly_that_key():
    data = b'{"x": 1}'
    assert load(data, "2024:" + mac(OLD_KEY, data)) == {"x": 1}
    with pytest.raises(guard.BadSignature):
        load(data, "2024:" + mac(KEY, data))            # right MAC, wrong key id
    with pytest.raises(guard.BadSignature, match="unknown key id"):
        load(data, "2023:" + mac(KEY, data))
    with pytest.raises(guard.BadSignature):
        load(data, "2025:" + mac(KEY, data), keys=[KEY])  # keys without ids match no id


@pytest.mark.parametrize("signature", [
    "", "   ", None])
def test_missing_signature(signature):
    with pytest.raises(guard.MissingSignature):
        load(b"{}", signature)


@pytest.mark.parametrize("signature", [
    mac(KEY, b"{}").upper(), mac(KEY, b"{}")[:-1], mac(KEY, b"{}") + "0", "x" * 64,
    "t=01,v1=" + "0" * 64, "v1=" + mac(KEY, b"{}"), "k/1:" + mac(KEY, b"{}"), "a" * 300,
    mac(KEY, b"{}")[:-1] + "\u0661"])
def test_malformed_signatures_are_bad_signatures(signature):
    with pytest.raises(guard.BadSignature):
        load(b"{}", signature)


def test_bytes_signature_and_surrounding_whitespace_are_accepted():
    assert load(b"{}", mac(KEY, b"{}").encode()) == {}
    assert load(b"{}", " " + mac(KEY, b"{}") + "\n") == {}


# --- expiry -----------------------------------------------------------------------------------------

def test_expiry():
    data = b'{"a": 1}'
    now = int(time.time())
    assert load(data, guard.sign(data, KEY, timestamp=True), max_age=60) == {"a": 1}
    assert load(data, guard.sign(data, KEY, timestamp=now - 30), max_age=60) == {"a": 1}
    assert load(data, guard.sign(data, KEY, timestamp=1), max_age=None) == {"a": 1}
    for signature, reason in [(guard.sign(data, KEY, timestamp=now - 120), "expired"),
                              (guard.sign(data, KEY, timestamp=now + 3600), "future"),
                              (mac(KEY, data), "no timestamp")]:
        with pytest.raises(guard.Expired, match=reason):
            load(data, signature, max_age=60)


def test_timestamp_is_covered_by_the_mac():
    data = b'{"a": 1}'
    old = guard.sign(data, KEY, timestamp=1000)
    moved = old.replace("t=1000", f"t={int(time.time())}")
    with pytest.raises(guard.BadSignature):
        load(data, moved, max_age=60)
    stripped = old.split("v1=")[1]                       # keep the MAC, drop the timestamp
    with pytest.raises(guard.BadSignature):
        load(data, stripped)
    with pytest.raises(guard.BadSignature):              # ... even over the bytes the MAC covered
        guard.verify(b"t=1000." + data, stripped, keys=KEYS)
    plain = mac(KEY, b"t=1000." + data)                  # a plain MAC of bytes that look timed ...
    with pytest.raises(guard.BadSignature):              # ... cannot pass as a timestamped MAC
        load(data, f"t=1000,v1={plain}")


# --- size limit before any work ---------------------------------------------------------------------

def test_size_limit_comes_before_any_work(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("work done on an oversized payload")

    monkeypatch.setattr(signing, "_mac", must_not_run)
    monkeypatch.setattr(signing, "parse_json", must_not_run)
    monkeypatch.setattr(signing, "parse_signature", must_not_run)
    monkeypatch.setattr(base64, "b64decode", must_not_run)
    with pytest.raises(guard.TooLarge):
        load(b"[" + b"0," * 600_000 + b"0]", "garbage")
    with pytest.raises(guard.TooLarge):
        load("x" * 101, None, max_size=100, keys=[])
    with pytest.raises(guard.TooLarge):
        guard.b64decode("!" * 140, max_size=100)
    with pytest.raises(guard.TooLarge):
        guard.restricted_loads(b"\x80" * 101, max_size=100)


def test_size_limit_boundaries():
    data = b'"' + b"x" * 98 + b'"'
    assert load(data, mac(KEY, data), max_size=100) == "x" * 98
    with pytest.raises(guard.TooLarge):
        load(data + b" ", mac(KEY, data + b" "), max_size=100)
    assert guard.b64decode(base64.b64encode(b"y" * 100), max_size=100) == b"y" * 100
    with pytest.raises(guard.TooLarge):
        guard.b64decode(base64.b64encode(b"y" * 101), max_size=100)


@pytest.mark.parametrize("text", ["a", "YW=", "YW Jj", "YW\nJj", "YW_j", "ü===", "YWJj" * 2 + "="])
def test_b64decode_is_strict(text):
    with pytest.raises(guard.Malformed):
        guard.b64decode(text)


# --- strict JSON ------------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b"{", b"", b"NaN", b'{"a": NaN}', b"[Infinity]", b"-Infinity", b"1e999", b"\xff\xfe{}",
    '{"a": "\u00e9"}'.encode("latin-1"), b'\xef\xbb\xbf{}', '{}'.encode("utf-16"), b'{"a": 1, "a": 2}',
    b"[" * 100_000, b"1" * 5000, b"{} {}"])
def test_only_strict_json_is_accepted(data):
    with pytest.raises(guard.Malformed):
        load(data, mac(KEY, data))


def test_utf8_text_is_accepted():
    data = '{"name": "Zürich ☃"}'.encode()
    assert load(data, mac(KEY, data)) == {"name": "Zürich ☃"}
    assert load(data.decode(), mac(KEY, data)) == {"name": "Zürich ☃"}


# --- keys -------------------------------------------------------------------------------------------

def test_keys_from_env():
    keys = guard.keys_from_env("K", {"K": " new:secret-number-01 , old:secret:2:with:colons "
                                          ",plain-secret-0003, p@ss:word-secret-04 "})
    assert [(k.kid, k.secret) for k in keys] == [
        ("new", b"secret-number-01"), ("old", b"secret:2:with:colons"), (None, b"plain-secret-0003"),
        (None, b"p@ss:word-secret-04")]
    assert "secret-number-01" not in repr(keys)


def test_keys_from_env_reads_the_real_environment(monkeypatch):
    monkeypatch.setenv("DG_TEST_GUARD_KEY", "k:v-is-sixteen-bytes")
    assert guard.keys_from_env("DG_TEST_GUARD_KEY") == [guard.Key(b"v-is-sixteen-bytes", "k")]


@pytest.mark.parametrize("value", [None, "", " ", " , ", "kid:", "a:x,a:y"])
def test_keys_from_env_refuses_missing_or_broken_config(value):
    environ = {} if value is None else {"K": value}
    with pytest.raises(guard.KeyNotConfigured, match="K"):
        guard.keys_from_env("K", environ)


@pytest.mark.parametrize("keys", [[], (), "", b"", {}, None, [""]])
def test_no_usable_key(keys):
    with pytest.raises(guard.KeyNotConfigured):
        load(b"{}", mac(KEY, b"{}"), keys=keys)


def test_sign_validates_its_arguments():
    with pytest.raises(ValueError):
        guard.sign(b"x", KEY, key_id="bad id")
    with pytest.raises(ValueError):
        guard.sign(b"x", KEY, timestamp=-1)
    assert guard.sign(b"x", KEY, timestamp=None) == guard.sign(b"x", KEY, timestamp=False) == mac(KEY, b"x")


# --- schema -----------------------------------------------------------------------------------------

NESTED = guard.Schema({"model": {"name": str, "layers": [{"units": int, "act": (str, None)}]},
                       "loss": float}, required={"model"}, strict=True)


@pytest.mark.parametrize("value, path", [
    ({"model": {"name": 1}}, "$.model.name"),
    ({"model": {"layers": [{"units": 3}, {"units": "3"}]}}, "$.model.layers[1].units"),
    ({"model": {"layers": [{"units": 3, "evil": 1}]}}, "$.model.layers[0].evil"),
    ({"model": {"layers": [{"units": True}]}}, "$.model.layers[0].units"),
    ({"model": {"layers": [{"units": 1, "act": 2}]}}, "$.model.layers[0].act"),
    ({"model": {"layers": {"units": 1}}}, "$.model.layers"),
    ({"model": {}, "loss": "low"}, "$.loss"),
    ({"loss": 1.0}, "$.model"),
    ({"model": {}, "odd key!": 1}, "$['odd key!']"),
    ([], "$"),
])
def test_schema_violations_name_the_key_path(value, path):
    with pytest.raises(guard.SchemaViolation) as info:
        NESTED.validate(value)
    assert info.value.path == path
    assert str(info.value).startswith(path + ":")


def test_schema_accepts_what_it_allows_and_json_numbers():
    value = {"model": {"name": "m", "layers": [{"units": 3, "act": None}]}, "loss": 1}
    assert NESTED.validate(value) is value
    assert guard.Schema({"n": guard.ANY}).validate({"n": [{"x": None}]})
    assert guard.Schema(guard.ListOf(int, max_items=2)).validate([1, 2]) == [1, 2]
    with pytest.raises(guard.SchemaViolation, match="at most 2"):
        guard.Schema(guard.ListOf(int, max_items=2)).validate([1, 2, 3])


def test_schema_allowlist_like_the_seed():
    schema = guard.Schema.allowlist({"layers", "epoch"}, (int, float, str, list, bool, type(None)))
    assert schema.validate({"layers": [1, "a"], "epoch": None}) == {"layers": [1, "a"], "epoch": None}
    with pytest.raises(guard.SchemaViolation, match=r"\$\.optimizer.*not allowed"):
        schema.validate({"optimizer": 1})
    with pytest.raises(guard.SchemaViolation, match=r"\$\.layers: expected .*got object"):
        schema.validate({"layers": {"a": 1}})


def test_schema_messages_do_not_echo_values():
    with pytest.raises(guard.SchemaViolation) as info:
        guard.Schema({"token": int}).validate({"token": "hunter2-secret-value"})
    assert "hunter2" not in str(info.value)


def test_schema_spec_errors_are_programming_errors():
    for spec in (set, 3, [int, str], "str"):
        with pytest.raises(TypeError):
            guard.Schema(spec)
    with pytest.raises(ValueError):
        guard.Schema({"a": int}, required={"b"})


def test_load_signed_json_applies_the_schema():
    data = b'{"layers": 2, "epoch": "x"}'
    with pytest.raises(guard.SchemaViolation, match=r"\$\.epoch"):
        load(data, mac(KEY, data), schema={"layers": int, "epoch": int})
    assert load(data, mac(KEY, data), schema=guard.Schema({"layers": int, "epoch": str})) == \
        {"layers": 2, "epoch": "x"}


# --- restricted unpickler ---------------------------------------------------------------------------

def hostile(module: str, name: str, argument: str, protocol: int = 0) -> bytes:
    """A pickle calling module.name(argument), written opcode by opcode (GLOBAL or STACK_GLOBAL)."""
    if protocol == 0:
        return f"c{module}\n{name}\n(V{argument}\ntR.".encode()
    head = b"\x80\x04"
    parts = [pickle.dumps(module, protocol=4)[2:-1], pickle.dumps(name, protocol=4)[2:-1]]
    call = pickle.dumps(argument, protocol=4)[2:-1]
    return head + parts[0] + parts[1] + b"\x93" + call + b"\x85R."   # STACK_GLOBAL, TUPLE1, REDUCE


@pytest.mark.parametrize("protocol", [0, 4])
@pytest.mark.parametrize("module, name, code", [
    ("os", "system", "touch {marker}"),
    ("posix", "system", "touch {marker}"),
    ("builtins", "eval", "open({marker!r}, 'w')"),
    ("builtins", "exec", "open({marker!r}, 'w')"),
    ("__builtin__", "eval", "open({marker!r}, 'w')"),
    ("subprocess", "getoutput", "touch {marker}"),
    ("subprocess", "Popen", "touch {marker}"),
])
def test_restricted_unpickler_refuses_code_globals(tmp_path, protocol, module, name, code):
    marker = tmp_path / "marker"
    data = hostile(module, name, code.format(marker=str(marker)), protocol)
    with pytest.raises(guard.ForbiddenGlobal) as info:
        guard.restricted_loads(data, allow={"datetime.date", "collections.OrderedDict"})
    assert name in info.value.name
    assert not marker.exists()


def test_restricted_unpickler_refuses_builtins_in_containers_and_objects(tmp_path):
    with pytest.raises(guard.ForbiddenGlobal, match="datetime.date"):
        guard.restricted_loads(pickle.dumps([1, {"d": date(2020, 1, 1)}]))
    with pytest.raises(guard.ForbiddenGlobal):   # the class of an object is a global too
        guard.restricted_loads(pickle.dumps(OrderedDict(a=1)))


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_restricted_unpickler_loads_plain_containers(protocol):
    value = {"a": [1, 2.5, None, True, "é"], "b": ("t", ()), 3: {"nested": [[], {}]}}
    assert guard.restricted_loads(pickle.dumps(value, protocol=protocol)) == value
    if protocol >= 3:                                    # older protocols build bytes via _codecs
        assert guard.restricted_loads(pickle.dumps([b"raw"], protocol=protocol)) == [b"raw"]
    if protocol >= 4:
        sets = {"s": {1, 2}, "f": frozenset({"x"})}
        assert guard.restricted_loads(pickle.dumps(sets, protocol=protocol)) == sets


def test_allowlisted_globals_load():
    value = [date(2020, 1, 2), OrderedDict(a=1)]
    data = pickle.dumps(value)
    allowed = guard.restricted_loads(data, allow=["datetime.date", "collections:OrderedDict"])
    assert allowed == value
    old = pickle.dumps({1, 2}, protocol=2)                 # written as __builtin__.set
    with pytest.raises(guard.ForbiddenGlobal):
        guard.restricted_loads(old)
    assert guard.restricted_loads(old, allow="builtins.set") == {1, 2}


def test_allowlist_does_not_match_a_differently_split_name():
    data = hostile("os", "path.join", "x", protocol=4)    # module "os", name "path.join"
    with pytest.raises(guard.ForbiddenGlobal):
        guard.restricted_loads(data, allow={"os.path.join"})


def test_restricted_unpickler_is_an_unpickler_and_reports_broken_streams():
    assert issubclass(guard.RestrictedUnpickler, pickle.Unpickler)
    for data in (b"", b"\x80\x04garbage", pickle.dumps([1, 2])[:-3], b"Pfoo\n."):
        with pytest.raises(guard.Malformed):
            guard.restricted_loads(data)
    with pytest.raises(ValueError):
        guard.RestrictedUnpickler(io.BytesIO(b"N."), allow=["nodot"])


# --- command line -----------------------------------------------------------------------------------

def test_cli_sign(tmp_path, monkeypatch, capsys):
    path = tmp_path / "state.json"
    path.write_bytes(b'{"layers": 3}\n')
    monkeypatch.setenv("DG_TEST_SIGN_KEY", "2025:" + KEY.decode() + ",2024:" + OLD_KEY.decode())
    assert cli.main(["sign", "--key-env", "DG_TEST_SIGN_KEY", str(path)]) == 0
    assert capsys.readouterr().out == "2025:" + mac(KEY, path.read_bytes()) + "\n"
    assert cli.main(["sign", "--key-env", "DG_TEST_SIGN_KEY", "--key-id", "2024", "--signed-at", "99",
                     str(path)]) == 0
    assert capsys.readouterr().out == f"kid=2024,t=99,v1={timed_mac(OLD_KEY, 99, path.read_bytes())}\n"
    assert cli.main(["sign", "--key-env", "DG_TEST_UNSET_KEY", str(path)]) == 1
    assert "DG_TEST_UNSET_KEY" in capsys.readouterr().err


def test_cli_verify(tmp_path, monkeypatch, capsys):
    path = tmp_path / "state.json"
    path.write_bytes(b'{"layers": 3}')
    monkeypatch.setenv("DG_TEST_SIGN_KEY", KEY.decode())
    assert cli.main(["verify", "--key-env", "DG_TEST_SIGN_KEY", "--signature",
                     mac(KEY, path.read_bytes()), str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {"layers": 3}
    assert cli.main(["verify", "--key-env", "DG_TEST_SIGN_KEY", "--signature",
                     mac(OLD_KEY, path.read_bytes()), str(path)]) == 1
    assert "does not match" in capsys.readouterr().err


def test_python_dash_m_sign_and_help(tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b'{"epoch": 1}')
    env = {"DG_TEST_SIGN_KEY": KEY.decode(), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "deserialguard.guard", "sign", "--key-env",
                             "DG_TEST_SIGN_KEY", str(path)], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == mac(KEY, path.read_bytes())
    helped = subprocess.run([sys.executable, "-m", "deserialguard.guard", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0
    assert all(word in helped.stdout for word in ("sign", "verify", "send"))


# --- properties -------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=25)
forms = st.sampled_from(["plain", "kid", "timestamp", "kid+timestamp"])


def sign_as(data: bytes, form: str) -> str:
    key = guard.Key(KEY, "2025") if "kid" in form else KEY
    return guard.sign(data, key, timestamp=True if "timestamp" in form else False)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, form=forms, ascii_only=st.booleans())
def test_round_trip_of_any_json_value(value, form, ascii_only):
    data = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert load(data, sign_as(data, form), max_age=60 if "timestamp" in form else None) == value


@settings(max_examples=150)
@given(value=json_values, form=forms, data=st.data())
def test_changing_one_payload_byte_is_rejected(value, form, data):
    payload = json.dumps(value).encode()
    signature = sign_as(payload, form)
    index = data.draw(st.integers(0, len(payload) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != payload[index]))
    changed = payload[:index] + bytes([new]) + payload[index + 1:]
    with pytest.raises(guard.BadSignature):
        load(changed, signature)


@settings(max_examples=150)
@given(value=json_values, form=forms, data=st.data())
def test_changing_one_signature_character_is_rejected(value, form, data):
    payload = json.dumps(value).encode()
    signature = sign_as(payload, form)
    index = data.draw(st.integers(0, len(signature) - 1))
    new = data.draw(st.characters(codec=None).filter(lambda c: c != signature[index]))
    changed = signature[:index] + new + signature[index + 1:]
    with pytest.raises(guard.BadSignature):
        load(payload, changed)


@settings(max_examples=100)
@given(value=json_values, protocol=st.integers(0, pickle.HIGHEST_PROTOCOL))
def test_restricted_loads_round_trips_plain_data(value, protocol):
    assert guard.restricted_loads(pickle.dumps(value, protocol=protocol)) == value
