"""What makes a flow safe.

CHECKS: calls whose truth means the data was authenticated (compare a MAC in constant time). A check that
dominates a sink (`if not check(...): return/raise/abort` before it, or the sink inside `if check(...):`)
protects every source whose data went into the check.

VERIFIED_DECODERS: calls that return data only if its signature verifies; their result is trusted.

ABORTS: calls that never return, so a block ending in one does not reach what follows. An exception
class is not one: `HTTPException(403)` without `raise` builds it and goes on (a `raise` ends the block).

CONFINED_PATHS: calls whose result names a file inside a folder the program chose, whatever the untrusted
part was: a bare file name (`os.path.basename`, `secure_filename`), or one joined under a folder that
cannot be left (`safe_join`). What is read from such a file is the program's own data (the folder is not
the attacker's when the program writes it: a constant, or any value that carries no untrusted data).
Each row lists the arguments whose data the result still carries: the folder, which may be untrusted.

Also barriers, kept where their sink is described: safe YAML loaders (sinks.SAFE_YAML_LOADERS),
`torch.load(weights_only=True)` and `numpy.load(allow_pickle=False)` (the sink rows' conditions), and an
Unpickler subclass whose find_class restricts globals (recognised by the engine from the class body).
"""

CHECKS = frozenset({
    "hmac.compare_digest", "secrets.compare_digest", "django.utils.crypto.constant_time_compare",
    "werkzeug.security.safe_str_cmp", "itsdangerous.Signer.validate", "itsdangerous.TimestampSigner.validate",
})

VERIFIED_DECODERS = (
    # glob patterns over canonical qualified names
    "itsdangerous.*.loads", "itsdangerous.*.unsign",
    "django.core.signing.loads", "django.core.signing.*.unsign", "django.core.signing.*.unsign_object",
    "jwt.decode", "jose.jwt.decode", "authlib.jose.jwt.decode",
    "nacl.signing.VerifyKey.verify", "deserialguard.guard.load_signed_json", "deserialguard.guard.verify",
)

ABORTS = frozenset({
    "flask.abort", "werkzeug.exceptions.abort", "sys.exit", "exit", "quit", "os._exit", "os.abort",
    "bottle.abort",
})

CONFINED_PATHS: dict[str, tuple[int, ...]] = {
    "werkzeug.security.safe_join": (0,), "werkzeug.utils.safe_join": (0,), "flask.safe_join": (0,),
    "flask.helpers.safe_join": (0,),
    "os.path.basename": (), "werkzeug.utils.secure_filename": (), "werkzeug.secure_filename": (),
}
