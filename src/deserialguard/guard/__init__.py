"""deserialguard.guard: what fixed code calls at run time instead of unpickling untrusted bytes.

Why: ``pickle.loads`` (and everything built on it) on data from a request runs code chosen by the
sender (CWE-502). The fix is to stop rebuilding objects from client data: send JSON, sign it with a key
only the server has, verify before parsing, and check the shape after. Where a pickle cannot be replaced
yet, unpickle with an allowlist of globals.

    from deserialguard import guard

    keys = guard.keys_from_env("CHECKPOINT_SECRET_KEY")     # "kid:secret,..." for rotation
    state = guard.load_signed_json(data, signature, keys=keys, max_age=3600,
                                   schema=guard.Schema({"layers": int, "loss": float}))
    signature = guard.sign(data, keys[0], timestamp=True)   # the server side that hands state out

    obj = guard.restricted_loads(legacy_pickle, allow={"datetime.date"})   # bounded in size and depth

    body = guard.read_json_object(request.stream, max_size=64 * 1024)   # a request's JSON object body

Every refusal is a `GuardError` subclass with an HTTP `status`: MissingSignature 400, BadSignature 403,
Expired 403, Replayed 403, TooLarge 413, Malformed 400, SchemaViolation 400, ForbiddenGlobal 400,
Misconfigured 500 (KeyNotConfigured 500 among them), ReplayStoreFull 503. Whatever a request carries,
of whatever type, ends in one of them, never in a TypeError.

Only the standard library is imported here (a test holds it to that), so fixed applications do not
pull in the scanner's dependencies. The signature format is documented in `deserialguard.guard.signing`,
replay protection in `deserialguard.guard.replay`, the pickle limits in `deserialguard.guard.unpickle`,
reading a request body in `deserialguard.guard.body`;
the command line (``python -m deserialguard.guard sign|verify|send``) in `deserialguard.guard.cli`.
"""
from .body import read_json_object
from .errors import (BadSignature, Expired, ForbiddenGlobal, GuardError, KeyNotConfigured, Malformed,
                     Misconfigured, MissingSignature, Replayed, ReplayStoreFull, SchemaViolation, TooLarge)
from .keys import MIN_KEY_BYTES, Key, keys_from_env
from .options import DEFAULT_MAX_DEPTH, max_age_from_env
from .pickle_bounds import DEFAULT_MAX_OBJECTS
from .replay import MemoryReplayStore
from .schema import ANY, JSON_TYPES, ListOf, OneOf, Record, Schema
from .signing import DEFAULT_MAX_SIZE, b64decode, load_signed_json, sign, verify
from .unpickle import RestrictedUnpickler, restricted_loads

__all__ = [
    "GuardError", "MissingSignature", "BadSignature", "Expired", "TooLarge", "Malformed",
    "SchemaViolation", "ForbiddenGlobal", "Misconfigured", "KeyNotConfigured", "Replayed",
    "ReplayStoreFull",
    "Key", "MIN_KEY_BYTES", "keys_from_env", "max_age_from_env", "MemoryReplayStore",
    "Schema", "Record", "ListOf", "OneOf", "ANY", "JSON_TYPES",
    "DEFAULT_MAX_SIZE", "sign", "verify", "load_signed_json", "b64decode", "read_json_object",
    "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_OBJECTS", "RestrictedUnpickler", "restricted_loads",
]
