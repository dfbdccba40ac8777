"""Signing keys: where they come from and how several of them coexist for rotation.

Keys live in the environment, never in code. One variable holds one or more comma-separated entries,
each either a bare secret or ``kid:secret``::

    CHECKPOINT_SECRET_KEY="9f86d081884c7d659a2feaa0c55ad015"          # one key, no id
    CHECKPOINT_SECRET_KEY="2025-06:<new secret>,2025-01:<old secret>"  # rotation: first signs, all verify

A secret is at least 16 bytes (MIN_KEY_BYTES; ``python -c 'import secrets; print(secrets.token_hex(16))'``
makes one): a shorter one is refused when the keys are read, with KeyNotConfigured naming the variable.
A key id is 1-64 characters of ``A-Z a-z 0-9 . _ -``. Secrets cannot contain commas, and a secret that
itself contains ``:`` must be given an id (``id:sec:ret``). To rotate: prepend the new key, deploy,
re-sign or wait for old states to age out, then drop the old entry.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import KeyNotConfigured

KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,64}", re.ASCII)
MIN_KEY_BYTES = 16  # an HMAC key shorter than this can be guessed; 16 random bytes cannot


@dataclass(frozen=True)
class Key:
    """One secret and its optional key id; the secret never appears in repr()."""

    secret: bytes = field(repr=False)
    kid: str | None = None

    def __post_init__(self):
        if not isinstance(self.secret, bytes):
            raise KeyNotConfigured(f"a signing key must be bytes, not {type(self.secret).__name__}")
        if len(self.secret) < MIN_KEY_BYTES:
            raise KeyNotConfigured(f"a signing key is shorter than {MIN_KEY_BYTES} bytes")
        if self.kid is not None and not (isinstance(self.kid, str) and KEY_ID.fullmatch(self.kid)):
            raise KeyNotConfigured("key id must be 1-64 characters of A-Z a-z 0-9 . _ -")


def keys_from_env(name: str, environ: Mapping[str, str] | None = None) -> list[Key]:
    """Read the keys in environment variable `name` (format in the module docstring).

    Returns a list of `Key`, the signing key first. Raises KeyNotConfigured if the variable is unset,
    empty, holds a key shorter than MIN_KEY_BYTES or a duplicate key id; the message names the
    variable, never its value.
    """
    text = (os.environ if environ is None else environ).get(name, "")
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if not entries:
        raise KeyNotConfigured(f"no signing key configured: set environment variable {name}")
    keys = [_parse_entry(entry, name) for entry in entries]
    kids = [key.kid for key in keys if key.kid is not None]
    if len(kids) != len(set(kids)):
        raise KeyNotConfigured(f"environment variable {name} repeats a key id")
    return keys


def _parse_entry(entry: str, name: str) -> Key:
    kid, sep, secret = entry.partition(":")
    if not sep or not KEY_ID.fullmatch(kid):
        kid, secret = None, entry
    if not secret:
        raise KeyNotConfigured(f"environment variable {name} has a key id without a secret")
    try:
        return Key(_secret_bytes(secret), kid)
    except KeyNotConfigured as error:
        raise KeyNotConfigured(f"environment variable {name}: {error}") from None


def as_keys(keys) -> list[Key]:
    """Normalise what callers pass as `keys`: one secret (str or bytes), a `Key`, a mapping of key id
    to secret, or an iterable of any of these. Keys are configuration, so anything unusable (nothing
    left, a secret that is not str or bytes, one shorter than MIN_KEY_BYTES) raises KeyNotConfigured."""
    if isinstance(keys, (str, bytes, bytearray, Key)):
        keys = [keys]
    elif isinstance(keys, Mapping):
        keys = [Key(_secret_bytes(secret), kid) for kid, secret in keys.items()]
    elif not isinstance(keys, Iterable):
        keys = [] if keys is None else [keys]
    result = [_one_key(key) for key in keys]
    if not result:
        raise KeyNotConfigured("no signing key configured")
    return result


def _one_key(key) -> Key:
    return key if isinstance(key, Key) else Key(_secret_bytes(key))


def _secret_bytes(secret) -> bytes:
    if isinstance(secret, str):
        try:   # surrogateescape gives back the bytes of an environment value that is not UTF-8
            return secret.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raise KeyNotConfigured("a key is text with a lone surrogate, which has no bytes") from None
    if isinstance(secret, (bytes, bytearray)):
        return bytes(secret)
    raise KeyNotConfigured(f"a key must be str or bytes, not {type(secret).__name__}")
