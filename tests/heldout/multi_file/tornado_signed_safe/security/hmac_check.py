import hashlib
import hmac

import tornado.web

SECRET = b"hub-webhook-secret"


def require_valid_signature(body: bytes, header: str) -> None:
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header or ""):
        raise tornado.web.HTTPError(403, "invalid signature")
