"""## What it does
Reports `shelve.open()` on a path that comes from untrusted input (an upload, a download, a request
parameter), and reading values out of such a shelf.

## Why is this bad?
A shelf is a dbm database whose values are pickles. Every `shelf[key]` or `shelf.get(key)` unpickles the
stored bytes, so a shelf file someone else wrote runs their code the moment a value is read.

## Example
```python
path = save_upload(request.files["session"])
with shelve.open(path) as db:
    session = db["state"]
```

## How to fix
Never open a shelf that was not written by this program on this machine. To exchange state, send JSON
and verify its signature before using it:
```python
session = guard.load_signed_json(request.files["session"].read(), request.form["signature"],
                                 keys=guard.keys_from_env("SESSION_KEY"))
```
For local persistence of plain data, store JSON text (for example in `sqlite3`) instead of pickles.

## References
- [Python documentation: `shelve`](https://docs.python.org/3/library/shelve.html) (the security warning)
"""

CODE = "DG003"
NAME = "shelve-deserialization"
FAMILY = "shelve"
SUMMARY = "Untrusted shelve database opened and read"
EXPLANATION = """
A shelf stores its values as pickles and unpickles each one when it is read, so a shelf file written by
someone else runs their code as soon as a value is looked up.
"""
REMEDIATION = """
The fix stops opening shelves that come from outside: the data is exchanged as JSON, which can only
produce plain values, and accepted only with a valid HMAC-SHA256 signature made with a server-held key,
checked in constant time before parsing. Local persistence keeps JSON text rather than pickles.
"""
