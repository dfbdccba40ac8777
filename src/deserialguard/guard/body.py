"""Request bodies: one JSON object read from a web request, bounded before it is parsed.

Why: a framework's own JSON reader lets the client's faults out as server errors (500). Flask's
`request.get_json()` lets RecursionError out of a body nested about 1,000 deep and hands a list or a
number to code that then calls `.get` on it; `request.get_data()` reads a body of any length; and
Werkzeug's development server raises OSError from a broken chunked body unless the app set
MAX_CONTENT_LENGTH. `read_json_object` turns each of these into a GuardError (400 or 413)::

    if not request.is_json:
        raise guard.Malformed("the request body must be sent as application/json")
    body = guard.read_json_object(request.stream, max_size=64 * 1024)      # Flask

It takes the request's stream rather than its bytes because only a stream can be read part of the
way: it reads at most `max_size` + 1 bytes, one more than the limit to tell a body at the limit from
one over it, and the rest stays unread. A zero-argument reader such as `request.get_data` would read
a chunked body to its end, however long, before its size could be checked. Werkzeug's
`request.stream` ends where the body ends in either framing (at its Content-Length, or at the last
chunk of a chunked body) and raises OSError when the framing is broken, so one call reads both.
The body as bytes or str is taken too (Django's `request.body`).
"""
from __future__ import annotations

from .errors import Malformed, TooLarge
from .options import DEFAULT_MAX_DEPTH, count_option
from .schema import type_name
from .signing import DEFAULT_MAX_SIZE, bounded_bytes, parse_json


def read_json_object(source, *, max_size: int = DEFAULT_MAX_SIZE,
                     max_depth: int = DEFAULT_MAX_DEPTH) -> dict:
    """Read a request body from `source` and return it as a dict, parsed as strict JSON.

    `source` is a readable binary stream (an object with `read(n)`), or the body itself as bytes,
    bytearray, memoryview or str. Raises TooLarge past `max_size` bytes, read no further; Malformed
    when reading the stream fails (OSError or ValueError: broken or truncated framing, a closed
    stream), for a body that is not a JSON object, not strict JSON (see `parse_json`: UTF-8, no NaN,
    no duplicate keys) or nested more than `max_depth` levels of arrays and objects, and for a
    `source` of any other type. Unusable limits are Misconfigured.
    """
    max_size = count_option(max_size, "max_size")
    max_depth = count_option(max_depth, "max_depth")
    if callable(getattr(source, "read", None)):
        data = _read(source, max_size)
    elif isinstance(source, (bytes, bytearray, memoryview, str)):
        data = bounded_bytes(source, max_size, "request body")
    else:
        raise Malformed(f"request body must be a readable stream, bytes or str, not {type(source).__name__}")
    value = parse_json(data, max_depth)
    if not isinstance(value, dict):
        raise Malformed(f"request body must be a JSON object, not {type_name(value)}")
    return value


def _read(stream, max_size: int) -> bytes:
    """At most `max_size` + 1 bytes of `stream`; TooLarge if it holds more than `max_size`. A read may
    return fewer bytes than asked for (a raw stream, a chunk boundary): only an empty one ends it."""
    data = bytearray()
    while len(data) <= max_size:
        try:
            chunk = stream.read(max_size + 1 - len(data))
        except (OSError, ValueError) as error:     # the error's own text may describe the server
            raise Malformed(f"request body could not be read ({type(error).__name__}): its framing is "
                            "broken or it ends early") from None
        if not chunk:
            break
        if not isinstance(chunk, (bytes, bytearray)):
            raise Malformed(f"request body stream gave {type(chunk).__name__}, not bytes")
        data += chunk
    if len(data) > max_size:
        raise TooLarge(f"request body is over the limit of {max_size} bytes")
    return bytes(data)
