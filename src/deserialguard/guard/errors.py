"""The refusals of `deserialguard.guard`.

Every refusal is a `GuardError` carrying the HTTP status a web handler should answer with, so an
application maps all of them in one place::

    @app.errorhandler(guard.GuardError)
    def refused(error):
        return {"error": str(error)}, error.status

Messages describe what was wrong with the request. They never contain key material, expected MACs or
the rejected payload itself (only sizes, key paths and type names).

Which error for which argument: the data a request carries (payload, signature, pickle bytes, base64
text) may be of any type, and a wrong one is Malformed (400), never a TypeError. The options a server
configures, often from the environment (keys, max_size, max_age, allow, the pickle limits, a replay
store without max_age), raise Misconfigured (500) when unusable, or its subclass KeyNotConfigured for
keys: the same handler covers them, and the client learns only that the server is misconfigured.
Arguments that can only be written in code (a schema spec, `sign`'s key_id and timestamp) raise
TypeError or ValueError: programming errors, which the first test run shows.
"""


class GuardError(Exception):
    """Base class of every refusal; `status` is the HTTP status to answer with."""

    status = 400


class MissingSignature(GuardError):
    """The request carries no signature at all."""

    status = 400


class BadSignature(GuardError):
    """The signature is malformed, names an unknown key, or does not match the payload."""

    status = 403


class Expired(GuardError):
    """The signature is authentic but too old, from the future, or lacks a required timestamp."""

    status = 403


class TooLarge(GuardError):
    """The input exceeds the size limit; raised before the input is decoded or parsed."""

    status = 413


class Malformed(GuardError):
    """The input is not what was promised: bad base64, not UTF-8, not JSON, a broken pickle stream."""

    status = 400


class SchemaViolation(GuardError):
    """The decoded value does not fit the schema; `path` names the offending key, e.g. `$.a.b[2]`."""

    status = 400

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ForbiddenGlobal(GuardError):
    """A pickle stream asked for a global (class or function) that is not on the allowlist."""

    status = 400

    def __init__(self, name: str):
        super().__init__(f"pickle global {name!r} is not allowed")
        self.name = name


class Replayed(GuardError):
    """The signature is authentic and fresh but was already accepted once (replay protection is on)."""

    status = 403


class Misconfigured(GuardError, ValueError):
    """An option the server passed is unusable (a NaN `max_age`, a negative `max_size`, a malformed
    allowlist): a configuration error, not the client's fault. Also a ValueError, which is what such
    options raised before they were GuardErrors."""

    status = 500


class KeyNotConfigured(Misconfigured):
    """The server has no usable signing key (unset, empty, too short): a configuration error."""


class ReplayStoreFull(GuardError):
    """The replay store holds as many unexpired signatures as it may; try again once some expire."""

    status = 503
