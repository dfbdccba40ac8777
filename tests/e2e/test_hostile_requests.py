"""Hostile requests against the real services (issue 20, item 11): whatever is the client's fault gets a 4xx.

Both secure services and the apps `fix` generates from the vulnerable examples are sent generated families
of bad requests (hypothesis, over HTTP on 127.0.0.1): bodies nested 500 to 100,000 deep, bodies and fields
over the size limit, invalid UTF-8, non-JSON, empty bodies, JSON of every type at every key, wrong or
missing Content-Types, missing or garbled signatures, huge and repeated headers, base64 garbage, and pickle
exploits that would create a marker file (the vulnerable apps do create it: see test_restore_endpoints).
Every answer must be below 500; one without the server's signature, or with it but in a body the service
must not read (not declared as JSON), must be a 4xx; and the marker file never appears.
"""
from __future__ import annotations

import base64
import json
import pickle
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .support import (IN_SINK, IOT, IOT_VULNERABLE, ML, ML_VULNERABLE, OTHER_KEY, SECURE_APPS, VARIANTS_APP,
                      WritesMarker, b64, dumps, hex_mac)

# Each family sends this many requests to each app; all of them together take about 15 s.
EXAMPLES = 30
HOSTILE = settings(max_examples=EXAMPLES, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.large_base_example])

JSON_TYPES = ("application/json", "application/json; charset=utf-8", "application/problem+json")
OTHER_TYPES = (None, "", "text/plain", "text/json", "application/x-www-form-urlencoded",
               "multipart/form-data; boundary=x", "application/octet-stream", "application/jsonx",
               "json", "application/", ";;;", "application/json\t\t garbage", "\u00e9/\u00e9")


@dataclass
class Hostile:
    """One request: where each part goes is the service's business (headers or a JSON body)."""

    state: bytes | None = None            # the encoded state, as sent (JSON text of a field, or header)
    signature: bytes | None = None
    body: bytes | None = None             # the whole body, for requests not built from the fields
    content_type: str | None = "application/json"
    headers: list = field(default_factory=list)
    signed: bool = False                  # carries a signature made with the server's key

    def parts(self, service) -> dict:
        headers = {name: value for name, value in self.headers}
        body = self.body
        if service.send_in == "headers":
            for name, value in (("X-Model-Checkpoint", self.state),
                                (service.signature_header, self.signature)):
                if value is not None:
                    headers[name] = value
        elif body is None:
            body = json_object({"device_state": self.state, "signature": self.signature})
        if self.content_type is not None:
            headers["Content-Type"] = self.content_type.encode("utf-8")
        return {"headers": headers, "body": body or b""}

    def may_succeed(self, service) -> bool:
        """Only a request signed with the server's key, carried where the service reads it, may get 200."""
        if not self.signed:
            return False
        if service.send_in == "headers":
            return True
        return self.body is None and (self.content_type in JSON_TYPES or not service.requires_json_type)


def json_object(fields: dict) -> bytes:
    """A JSON object whose values are given as JSON text (so they can be nested 100,000 deep)."""
    items = [json.dumps(key).encode() + b": " + value for key, value in fields.items() if value is not None]
    return b"{" + b", ".join(items) + b"}"


def nested(depth: int, kind: str) -> bytes:
    return b"[" * depth + b"]" * depth if kind == "array" else b'{"":' * depth + b"0" + b"}" * depth


def encoded_limit(service) -> int:
    return 4 * ((service.max_bytes + 2) // 3)


# ----- strategies: JSON text, header-safe text, signatures

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=10)
DEEP = st.builds(nested, st.integers(500, 100_000), st.sampled_from(["array", "object"]))
ODD_NUMBERS = st.sampled_from([b"NaN", b"-Infinity", b"1e999", b"9" * 5000, b"-0.0e-99999", b"0x10", b"01"])
ANY_JSON = st.one_of(JSON_VALUES.map(lambda v: json.dumps(v).encode()), DEEP, ODD_NUMBERS)
HEX = "0123456789abcdef"
SIGNATURE_TEXTS = st.one_of(
    st.sampled_from(["", " ", "\t", "0", "None", "null", "kid=,t=,v1=", "t=1,v1=", ":" + "0" * 64]),
    st.text(alphabet=HEX, max_size=80),
    st.text(alphabet=HEX, min_size=64, max_size=64),
    st.builds(lambda kid, mac: f"{kid}:{mac}", st.sampled_from(["2025", "2024", "x", "../../etc"]),
              st.text(alphabet=HEX + "ABCDEF", min_size=64, max_size=64)),
    st.builds(lambda t, mac: f"t={t},v1={mac}", st.integers(-10**13, 10**13),
              st.text(alphabet=HEX, min_size=64, max_size=64)),
    st.integers(257, 20_000).map(lambda n: "0" * n),
    st.text(max_size=40),
)
BASE64_GARBAGE = st.one_of(
    st.text(alphabet="ABCxyz0189+/=-_ !%.\t", max_size=60),
    st.binary(min_size=1, max_size=40).map(lambda data: b64(data).rstrip("=") + "=" * 3),
    st.binary(min_size=1, max_size=40).map(lambda data: base64.urlsafe_b64encode(data).decode() + "-_"),
    st.text(alphabet=st.characters(min_codepoint=128, max_codepoint=0x2FFF), min_size=1, max_size=20),
)


def header_value(text: str) -> bytes:
    """`text` as raw header bytes (UTF-8, no line breaks: anything else is the client library's refusal)."""
    return text.encode("utf-8").replace(b"\r", b"").replace(b"\n", b"")


def as_field(service, text: str) -> bytes:
    """A string value where the service reads it: a header's bytes, or a JSON string."""
    return header_value(text) if service.send_in == "headers" else json.dumps(text).encode()


def exploits(marker) -> st.SearchStrategy:
    """Pickles that create `marker` when unpickled, in every protocol."""
    return st.integers(0, pickle.HIGHEST_PROTOCOL).map(
        lambda protocol: pickle.dumps(WritesMarker(marker), protocol=protocol))


# ----- the families

@st.composite
def deep(draw, service, marker):
    """JSON nested 500 to 100,000 deep: the whole body, a field, or (signed) the state or a value in it."""
    depth_text = draw(DEEP)
    where = draw(st.sampled_from(["body", "state", "signature", "signed state", "signed value"]))
    if where.startswith("signed"):
        if where == "signed value":      # under a key the schema lets hold any list or object
            key = draw(st.sampled_from(["weights", "config", "sensors", "device_id"]))
            depth_text = json_object({key: depth_text})
        mac = hex_mac(service.keys["2025"], depth_text)
        return Hostile(as_field(service, b64(depth_text)), as_field(service, mac), signed=True)
    if service.send_in == "headers" or where == "body":
        return Hostile(body=depth_text)
    fields = {"state": depth_text, "signature": as_field(service, "0" * 64)}
    if where == "signature":
        fields = {"state": as_field(service, b64(b"{}")), "signature": depth_text}
    return Hostile(fields["state"], fields["signature"])


@st.composite
def oversized(draw, service, marker):
    """A state, a signature or a whole body over the size limits."""
    limit = encoded_limit(service)
    size = draw(st.integers(limit + 1, 4 * limit))
    what = draw(st.sampled_from(["state", "signature", "padding", "signed state"]))
    if what == "signed state":           # a valid signature over too many bytes
        data = json.dumps({"weights": "x" * size}).encode()
        return Hostile(as_field(service, b64(data)), as_field(service, hex_mac(service.keys["2025"], data)),
                       signed=True)
    if what == "padding":
        return Hostile(body=json_object({"device_state": json.dumps("A" * 8).encode(),
                                         "padding": json.dumps("x" * size).encode()}))
    big = "A" * size
    return Hostile(as_field(service, big), as_field(service, "0" * 64)) if what == "state" \
        else Hostile(as_field(service, "AAAA"), as_field(service, big[:60_000]))


@st.composite
def malformed(draw, service, marker):
    """Bodies and states that are not what they claim: invalid UTF-8, not JSON, empty, base64 garbage."""
    what = draw(st.sampled_from(["invalid utf-8", "not json", "empty", "base64 garbage", "state not json",
                                 "form"]))
    signature = as_field(service, draw(SIGNATURE_TEXTS))
    if what == "invalid utf-8":
        junk = draw(st.binary(min_size=1, max_size=30).map(lambda data: b"\xff\xfe" + data + b"\xc3"))
        return Hostile(body=b'{"device_state": "' + junk + b'", "signature": "' + b"0" * 64 + b'"}')
    if what == "not json":
        return Hostile(body=draw(st.binary(max_size=200) | st.text(max_size=80).map(str.encode)))
    if what == "empty":
        return Hostile(body=b"", content_type=draw(st.sampled_from(JSON_TYPES + OTHER_TYPES)))
    if what == "base64 garbage":
        return Hostile(as_field(service, draw(BASE64_GARBAGE)), signature)
    if what == "form":
        return Hostile(body=b"device_state=AAAA&signature=" + b"0" * 64,
                       content_type="application/x-www-form-urlencoded")
    data = draw(st.binary(max_size=100))         # a signed state that is not JSON
    return Hostile(as_field(service, b64(data)), as_field(service, hex_mac(service.keys["2025"], data)),
                   signed=True)


@st.composite
def wrong_types(draw, service, marker):
    """JSON of every type at every key: the body, each field, and (signed) the state's own keys."""
    what = draw(st.sampled_from(["body", "fields", "signed state"]))
    if what == "signed state":
        keys = st.sampled_from(["layers", "weights", "epoch", "loss", "device_id", "firmware_version",
                                "config", "sensors", "__class__", ""])
        state = draw(st.dictionaries(keys, JSON_VALUES, max_size=4) | JSON_VALUES)
        data = json.dumps(state).encode()
        return Hostile(as_field(service, b64(data)), as_field(service, hex_mac(service.keys["2025"], data)),
                       signed=True)
    if what == "body" or service.send_in == "headers":
        return Hostile(body=draw(ANY_JSON))
    valid = st.just(json.dumps(b64(b'{"device_id": "d"}')).encode())
    state = draw(st.none() | ANY_JSON | valid)
    signature = draw(st.none() | ANY_JSON | SIGNATURE_TEXTS.map(lambda text: json.dumps(text).encode()))
    extra = draw(st.dictionaries(st.sampled_from(["device_state", "Signature", "", "__proto__", "x" * 300]),
                                 ANY_JSON, max_size=2))
    return Hostile(body=json_object({"device_state": state, "signature": signature, **extra}))


@st.composite
def content_types(draw, service, marker):
    """A well-formed, correctly signed state under a wrong, garbled or missing Content-Type."""
    data = json.dumps(service.good_state()).encode()
    content_type = draw(st.sampled_from(OTHER_TYPES) | st.text(max_size=30).map(
        lambda text: header_value(text).decode("utf-8", "replace")))
    if content_type in JSON_TYPES:
        content_type = "text/plain"
    return Hostile(as_field(service, b64(data)), as_field(service, hex_mac(service.keys["2025"], data)),
                   content_type=content_type, signed=True)


HEADER_NAMES = st.sampled_from(["X-Model-Checkpoint", "X-Checkpoint-Signature",
                                "X-Model-Checkpoint-Signature", "Content-Type", "Content-Encoding",
                                "Transfer-Encoding", "Expect", "X-Big", "Signature", "Cookie"])


@st.composite
def headers(draw, service, marker):
    """Missing or garbled signatures, huge values, repeated and odd headers around an unsigned state."""
    state = draw(st.none() | st.just(b64(json.dumps(service.good_state()).encode())) | BASE64_GARBAGE)
    signature = draw(st.none() | SIGNATURE_TEXTS)
    values = st.one_of(st.integers(1, 70_000).map(lambda n: b"v" * n), st.binary(max_size=40).map(
        lambda data: data.replace(b"\r", b"").replace(b"\n", b"")), SIGNATURE_TEXTS.map(header_value))
    extra = draw(st.lists(st.tuples(HEADER_NAMES, values), max_size=3))
    extra = [(name, value) for name, value in extra
             if name not in ("Transfer-Encoding", "Content-Encoding") or value.isalpha()]
    return Hostile(None if state is None else as_field(service, state),
                   None if signature is None else as_field(service, signature), headers=extra)


@st.composite
def exploit_pickles(draw, service, marker):
    """Pickles that would create the marker file: unsigned, forged, and even signed with the server's key."""
    payload = draw(exploits(marker))
    how = draw(st.sampled_from(["unsigned", "forged", "signed", "raw body"]))
    if how == "raw body":
        return Hostile(body=payload, content_type=draw(st.sampled_from(JSON_TYPES + OTHER_TYPES)))
    key = {"unsigned": None, "forged": OTHER_KEY, "signed": service.keys["2025"]}[how]
    signature = None if key is None else as_field(service, hex_mac(key, payload))
    return Hostile(as_field(service, b64(payload)), signature, signed=how == "signed")


FAMILIES = {"deep": deep, "oversized": oversized, "malformed": malformed, "wrong types": wrong_types,
            "content types": content_types, "headers": headers, "exploit pickles": exploit_pickles}


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("service, app_path", [pytest.param(ML, ML_VULNERABLE, id="ml-vulnerable"),
                                               pytest.param(IOT, IOT_VULNERABLE, id="iot-vulnerable")])
def test_the_exploits_run_in_the_vulnerable_apps(service, app_path, protocol, serve_app, tmp_path):
    """The marker check below can fail: every protocol's exploit creates the marker in a vulnerable app."""
    marker = tmp_path / "code-ran"
    service.send_vulnerable(serve_app(app_path), pickle.dumps(WritesMarker(marker), protocol=protocol))
    assert marker.exists()


@pytest.fixture(scope="session")
def exploit_marker(tmp_path_factory):
    """The file a hostile pickle creates if any server ever runs it (checked after every request)."""
    return tmp_path_factory.mktemp("hostile") / "code-ran"


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("service, app_path", SECURE_APPS)
@HOSTILE
@given(data=st.data())
def test_hostile_requests_get_4xx_and_run_nothing(service, app_path, family, serve_app, exploit_marker, data):
    server = serve_app(app_path)
    request = data.draw(FAMILIES[family](service, exploit_marker), label="request")
    response = server.post(service.route, **request.parts(service))
    assert response.status < 500, (response.status, response.body[:300], server.log_text()[-3000:])
    if not request.may_succeed(service):
        assert 400 <= response.status < 500, (response.status, response.body[:300])
    assert not exploit_marker.exists()
    assert server.process.poll() is None


# ----- the issue's own example, and what the HTTP layer does with broken framing

@pytest.mark.parametrize("service, app_path", SECURE_APPS)
@pytest.mark.parametrize("depth", [900, 1000, 5000, 100_000])
@pytest.mark.parametrize("kind", ["array", "object"])
def test_deeply_nested_json_gets_400(service, app_path, depth, kind, serve_app):
    """Issue 20: the secure IoT service answered 500 to a body nested 1,000 deep (400 at 900). Requests
    over a size limit may be refused for their size instead (413, or 431 for a header line over 64 KiB)."""
    server = serve_app(app_path)
    text = nested(depth, kind)
    expected = {400} if depth <= 5000 else {400, 413, 431}
    if service.send_in == "json":
        assert post_json(server, service.route, text).status in expected
        in_field = json_object({"device_state": text, "signature": json.dumps("0" * 64).encode()})
        assert post_json(server, service.route, in_field).status in expected
    signed = service.send(server, b64(text), hex_mac(service.keys["2025"], text))
    assert signed.status in expected, signed.body


def post_json(server, route: str, body: bytes):
    return server.post(route, headers={"Content-Type": "application/json"}, body=body)


FRAMING = {
    # Content-Length promises more than arrives, then the client stops sending.
    "content-length beyond the body": (b"Content-Length: 1000\r\n", b'{"device_state": "AAAA"}'),
    "content-length not a number": (b"Content-Length: 12abc\r\n", b'{"device_state": "AAAA"}'),
    "negative content-length": (b"Content-Length: -5\r\n", b'{"device_state": "AAAA"}'),
    "bad chunk size": (b"Transfer-Encoding: chunked\r\n", b"zz\r\n{}\r\n0\r\n\r\n"),
    "truncated chunk": (b"Transfer-Encoding: chunked\r\n", b"100\r\n{\"device_state\": \"AAAA\"}"),
    "header line over 64 KiB": (b"X-Model-Checkpoint: " + b"A" * 70_000 + b"\r\nContent-Length: 2\r\n",
                                b"{}"),
    "over 100 headers": (b"".join(b"X-H%d: v\r\n" % i for i in range(120)) + b"Content-Length: 2\r\n",
                         b"{}"),
    "header without a colon": (b"X-Model-Checkpoint AAAA\r\nContent-Length: 2\r\n", b"{}"),
}


@pytest.mark.parametrize("framing", list(FRAMING))
@pytest.mark.parametrize("service, app_path", SECURE_APPS)
def test_broken_http_framing_gets_4xx(service, app_path, framing, serve_app):
    """Werkzeug's development server raises OSError for a broken chunked body; an app that reads its body
    with guard.read_json_object (both secure services and what fix generates) answers 400 to it."""
    server = serve_app(app_path)
    extra, body = FRAMING[framing]
    head = (f"POST {service.route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"X-Model-Checkpoint: AAAA\r\n{service.signature_header}: {'0' * 64}\r\n").encode()
    status_line = raw_exchange(server.url, head + extra + b"\r\n" + body)
    status = int(status_line.split()[1])
    assert 400 <= status < 500, (status_line, server.log_text()[-3000:])


def raw_exchange(url: str, request: bytes) -> bytes:
    """Send `request` as is, close the sending side (the client has nothing more), and return the status
    line of the answer."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while b"\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


JSON_BODY_APPS = [app for app in SECURE_APPS if app.values[0].send_in == "json"]


@pytest.mark.parametrize("service, app_path", JSON_BODY_APPS)
@pytest.mark.parametrize("size", [300_000, 1_000_000])
def test_a_chunked_body_over_the_limit_gets_413(service, app_path, size, serve_app):
    """A chunked body has no Content-Length to refuse it by: the app must stop reading at its limit.
    The extra field keeps every other check passing, so only the body's size can refuse it."""
    server = serve_app(app_path)
    body = json_object({"device_state": b'"AAAA"', "signature": json.dumps("0" * 64).encode(),
                        "padding": json.dumps("x" * size).encode()})
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[at:at + 16384]), body[at:at + 16384])
                      for at in range(0, len(body), 16384)) + b"0\r\n\r\n"
    head = (f"POST {service.route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    status_line = raw_exchange(server.url, head + chunks)
    assert int(status_line.split()[1]) == 413, (status_line, server.log_text()[-3000:])


# ----- a field read inside the sink's call: fixed code hands it to guard unchecked

def test_field_read_in_the_sink_call_restores(serve_app):
    server = serve_app(VARIANTS_APP)
    state = IN_SINK.good_state()
    response = IN_SINK.send_signed(server, dumps(state))
    assert (response.status, response.json()) == (200, IN_SINK.expected(state))


@pytest.mark.parametrize("value", [None, b"12", b"[]", b'{"a": 1}', b"true", nested(900, "array")])
def test_field_read_in_the_sink_call_of_a_wrong_type_gets_400(serve_app, value):
    server = serve_app(VARIANTS_APP)
    body = json_object({"device_state": value, "signature": json.dumps("0" * 64).encode()})
    assert post_json(server, IN_SINK.route, body).status == 400
