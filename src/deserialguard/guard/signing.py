"""Signed JSON: restore state that a client hands back, without trusting the client.

Why: a server that gives a client its state (a checkpoint, a device config) and later takes it back
must not rebuild objects from it (pickle = remote code execution, CWE-502), and must not believe data it
did not produce. So the state travels as JSON bytes plus a detached HMAC-SHA256 signature made with a
server-side key; on the way back the size is bounded first, the MAC is checked in constant time, and
only then is the JSON parsed (strictly) and checked against an allowlist schema.

Signature format (ASCII, one of three forms; hex is lower case, 64 digits):

    <hex>                      HMAC-SHA256(key, payload); every configured key is tried
    <kid>:<hex>                the same MAC, made with the key whose id is <kid>
    [kid=<kid>,]t=<unix>,v1=<hex>
                               timestamped: HMAC-SHA256(tkey, b"t=" + <unix> + b"." + payload), where
                               <unix> is the decimal signing time (UTC seconds, no leading zeros) and
                               tkey = HMAC-SHA256(key, b"deserialguard.guard timestamped v1") (raw bytes)

The timestamp is inside the MAC, so it cannot be changed or removed without the key. Timestamped MACs
are made with a key derived from the configured one, so a timestamped MAC never passes as a plain MAC
(of the bytes ``t=<unix>.<payload>``) or the other way round, whatever the payload. When `max_age` is
given, only timestamped signatures are accepted.

Arguments: the data a request carries (`payload`, `signature`, `data`) may be anything; whatever is
wrong with it raises a GuardError (a wrong type is Malformed, 400), never TypeError. The options
(`keys`, `max_size`, `max_age`, `replay`, `max_depth`) are the server's configuration: unusable ones
raise Misconfigured or KeyNotConfigured (500), GuardErrors too. `sign`'s `key_id` and `timestamp`
are written in code, so a wrong one is a programming error (ValueError).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import time
from array import array
from dataclasses import dataclass
from itertools import accumulate

from .errors import BadSignature, Expired, Malformed, MissingSignature, TooLarge
from .keys import Key, as_keys
from .options import DEFAULT_MAX_DEPTH, count_option, max_age_option
from .replay import check_store, refuse_replay
from .schema import as_schema

DEFAULT_MAX_SIZE = 1_048_576
CLOCK_SKEW = 60  # seconds a timestamp may lie in the future (clocks of signer and verifier differ)

_TIMED_CONTEXT = b"deserialguard.guard timestamped v1"
_HEX = "[0-9a-f]{64}"
_KID = "[A-Za-z0-9._-]{1,64}"
_PLAIN = re.compile(f"(?:(?P<kid>{_KID}):)?(?P<mac>{_HEX})", re.ASCII)
_TIMED = re.compile(f"(?:kid=(?P<kid>{_KID}),)?t=(?P<t>0|[1-9][0-9]{{0,11}}),v1=(?P<mac>{_HEX})",
                    re.ASCII)
# A JSON string, its closing quote optional: a string left open hides the rest of the text from the
# parser too, and a match that cannot fail keeps the scan linear (each byte is matched once).
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_BRACKETS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")     # +1 and -1 as signed bytes
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[{]}")))


@dataclass(frozen=True)
class Signature:
    """A parsed signature: the MAC, and the key id and timestamp it carries, if any."""

    mac: str
    kid: str | None = None
    t: str | None = None


def sign(payload: bytes, key, *, key_id: str | None = None, timestamp: int | None | bool = False) -> str:
    """Sign `payload` with `key` and return the signature string.

    `key` is a secret (str or bytes), a `Key`, or a list of them such as `keys_from_env()` returns, whose
    first entry signs. `key_id` adds the key's id (default: the id of a `Key`, if it has one). `timestamp=True` adds the
    current time, an int adds that time; False or None (the default) gives an untimed signature.
    """
    key = as_keys(key)[0]
    kid = key_id if key_id is not None else key.kid
    if kid is not None and not re.fullmatch(_KID, kid, re.ASCII):
        raise ValueError("key id must be 1-64 characters of A-Z a-z 0-9 . _ -")
    t = _timestamp_field(timestamp)
    mac = _mac(_mac_key(key.secret, t), _message(_as_bytes(payload), t))
    if t is None:
        return mac if kid is None else f"{kid}:{mac}"
    return f"t={t},v1={mac}" if kid is None else f"kid={kid},t={t},v1={mac}"


def verify(payload: bytes | str, signature: str | None, *, keys, max_size: int = DEFAULT_MAX_SIZE,
           max_age: float | None = None, replay=None) -> bytes:
    """Return `payload` as bytes once its signature is proven; raise a GuardError otherwise.

    `max_size` is in bytes; `max_age` in seconds (finite, >= 0) or None for no expiry. `replay` is a
    replay store (`deserialguard.guard.replay`), or None (the default) to accept a valid signature
    any number of times; a store needs `max_age`, which says how long each signature is remembered.

    Order matters: the options (Misconfigured), size (TooLarge) before any work on the payload, then
    MissingSignature, the keys (KeyNotConfigured), the MAC in constant time against the candidate
    keys (BadSignature), the timestamp it authenticates (Expired), and only then, for an authentic
    fresh signature, the replay store (Replayed): a client without the key cannot fill the store.
    """
    max_age = max_age_option(max_age)
    check_store(replay, max_age)
    data = bounded_bytes(payload, count_option(max_size, "max_size"))
    parsed = parse_signature(signature)
    candidates = _candidates(as_keys(keys), parsed.kid)
    message = _message(data, parsed.t)
    matches = [hmac.compare_digest(_mac(_mac_key(key.secret, parsed.t), message), parsed.mac)
               for key in candidates]
    if not any(matches):
        raise BadSignature("signature does not match the payload")
    check_age(parsed.t, max_age)
    if replay is not None:
        refuse_replay(replay, parsed.mac, int(parsed.t) + max_age)
    return data


def load_signed_json(payload: bytes | str, signature: str | None, *, keys,
                     max_size: int = DEFAULT_MAX_SIZE, max_age: float | None = None, schema=None,
                     replay=None, max_depth: int = DEFAULT_MAX_DEPTH):
    """Verify `payload` (see `verify`), parse it as strict JSON and check it against `schema`.

    Strict JSON (see `parse_json`): UTF-8 only, no NaN/Infinity (nor numbers that overflow to it), no
    duplicate keys, arrays and objects nested at most `max_depth` levels. `schema` is a `Schema` or
    anything `Schema()` accepts (e.g. a dict of key -> type); None skips it. A schema is written in
    code, so a wrong one raises TypeError/ValueError (a programming error). Returns the parsed value.
    """
    max_depth = count_option(max_depth, "max_depth")
    data = verify(payload, signature, keys=keys, max_size=max_size, max_age=max_age, replay=replay)
    value = parse_json(data, max_depth)
    return value if schema is None else as_schema(schema).validate(value)


def b64decode(data: str | bytes, *, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """Strict base64 decoding with the size limit checked on the encoded text, before decoding.

    `data` is str, bytes, bytearray or memoryview. Raises TooLarge if the decoded bytes could exceed
    `max_size`, Malformed for any other type and for anything that is not canonical standard base64
    (no whitespace, no URL-safe alphabet, correct padding).
    """
    max_size = count_option(max_size, "max_size")
    size = _size(data, "base64 input")
    if size > 4 * ((max_size + 2) // 3):
        raise TooLarge(f"encoded input is {size} characters; the limit is {max_size} bytes decoded")
    try:
        encoded = data.encode("ascii") if isinstance(data, str) else bytes(data)
        decoded = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise Malformed("input is not valid base64") from None
    if base64.b64encode(decoded) != encoded:
        raise Malformed("input is not canonical base64 (extra padding or stray bits)")
    return bounded_bytes(decoded, max_size)


def parse_signature(signature) -> Signature:
    """Parse one of the three signature forms: MissingSignature if None or blank, Malformed if not
    str or bytes, BadSignature if unparsable."""
    if isinstance(signature, (bytes, bytearray)):
        signature = bytes(signature).decode("ascii", "replace")
    if signature is None or (isinstance(signature, str) and not signature.strip()):
        raise MissingSignature("no signature provided")
    if not isinstance(signature, str):
        raise Malformed(f"signature must be a string, not {type(signature).__name__}")
    if len(signature) > 256:
        raise BadSignature("signature is not in a recognised format")
    text = signature.strip()
    match = _PLAIN.fullmatch(text) or _TIMED.fullmatch(text)
    if match is None:
        raise BadSignature("signature is not in a recognised format")
    return Signature(match["mac"], match["kid"], match.groupdict().get("t"))


def check_age(t: str | None, max_age: float | None, now: float | None = None) -> None:
    """Raise Expired unless the signed timestamp `t` is within `max_age` seconds of `now`."""
    if max_age is None:
        return
    if t is None:
        raise Expired("signature has no timestamp (t=...) but this endpoint requires one")
    age = (time.time() if now is None else now) - int(t)
    if age > max_age:
        raise Expired(f"signature expired: signed {int(age)} s ago, the limit is {max_age:g} s")
    if age < -CLOCK_SKEW:
        raise Expired("signature timestamp lies in the future")


def parse_json(data: bytes, max_depth: int = DEFAULT_MAX_DEPTH):
    """Strict JSON parsing: UTF-8 only; NaN, Infinity, duplicate keys and arrays or objects nested
    more than `max_depth` levels (``[[1]]`` is 2) raise Malformed.

    The depth is counted before parsing, without recursion, so the limit is `max_depth` whatever the
    interpreter's stack allows, and the parser never recurses deeper than that.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("payload is not valid UTF-8") from None
    if json_depth(data) > max_depth:
        raise Malformed(f"payload JSON nests arrays and objects more than {max_depth} levels deep")
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float,
                          object_pairs_hook=_unique_keys)
    except RecursionError:       # only with a max_depth beyond what the stack allows
        raise Malformed("payload JSON is nested too deeply") from None
    except ValueError as error:
        raise Malformed(f"payload is not valid JSON: {getattr(error, 'msg', error)}") from None


def json_depth(data: bytes) -> int:
    """How many levels arrays and objects nest in the JSON text `data` (``[[1]]`` is 2), counted
    without parsing: brackets outside strings, each opening one level up, each closing one down.

    For text that is not JSON the count may be off, but never below the depth a parser reaches
    before it fails: up to its first error, the text is JSON and the count exact. UTF-8 needs no
    decoding here, as its multi-byte sequences never hold an ASCII byte such as a quote.
    """
    steps = array("b", _JSON_STRING.sub(b"", data).translate(_BRACKETS, _NOT_BRACKETS))
    return max(accumulate(steps, initial=0))


def bounded_bytes(payload, max_size: int, what: str = "payload") -> bytes:
    """Return `payload` as bytes, raising TooLarge (before any conversion) if it is over `max_size`.

    `payload` is bytes, bytearray, memoryview or str (encoded as UTF-8); anything else is Malformed.
    `what` names it in messages.
    """
    size = _size(payload, what)
    if size > max_size:
        raise TooLarge(f"{what} is {size} bytes; the limit is {max_size}")
    data = _as_bytes(payload)
    if len(data) > max_size:
        raise TooLarge(f"{what} is {len(data)} bytes; the limit is {max_size}")
    return data


def _size(data, what: str) -> int:
    """The length of `data` (bytes, or characters of a str: never more than its UTF-8 bytes)."""
    if isinstance(data, memoryview):
        return data.nbytes
    if isinstance(data, (bytes, bytearray, str)):
        return len(data)
    raise Malformed(f"{what} must be bytes or str, not {type(data).__name__}")


def _as_bytes(payload) -> bytes:
    if isinstance(payload, str):
        try:
            return payload.encode("utf-8")
        except UnicodeEncodeError:
            raise Malformed("payload is text with a lone surrogate, which is not UTF-8") from None
    _size(payload, "payload")
    return bytes(payload)


def _candidates(keys: list[Key], kid: str | None) -> list[Key]:
    if kid is None:
        return keys
    named = [key for key in keys if key.kid == kid]
    if not named:
        raise BadSignature("signature names an unknown key id")
    return named


def _timestamp_field(timestamp) -> str | None:
    if timestamp is None or timestamp is False:
        return None
    if timestamp is True:
        return str(int(time.time()))
    if not isinstance(timestamp, int) or not 0 <= timestamp < 10**12:
        raise ValueError("timestamp must be True, False, None or an int in 0 .. 10**12 - 1")
    return str(timestamp)


def _message(payload: bytes, t: str | None) -> bytes:
    return payload if t is None else b"t=" + t.encode("ascii") + b"." + payload


def _mac_key(secret: bytes, t: str | None) -> bytes:
    """The configured key for plain MACs, a derived one for timestamped MACs (domain separation)."""
    return secret if t is None else hmac.new(secret, _TIMED_CONTEXT, hashlib.sha256).digest()


def _mac(secret: bytes, message: bytes) -> str:
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _reject_constant(name: str):
    raise Malformed(f"payload JSON contains {name}, which is not allowed")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Malformed("payload JSON contains a number too large for a float")
    return value


def _unique_keys(pairs: list) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            raise Malformed("payload JSON repeats a key in one object")
        result[key] = value
    return result
