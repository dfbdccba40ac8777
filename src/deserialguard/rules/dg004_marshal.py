"""## What it does
Reports untrusted data that reaches `marshal.loads()` or `marshal.load()`.

## Why is this bad?
marshal is CPython's internal format for code objects (.pyc files). It builds code objects directly from
bytes and is documented as not secure against erroneous or maliciously constructed data: crafted input
can crash the interpreter, and the code objects it returns run the attacker's bytecode when they are
executed (`exec`, `types.FunctionType`), which is usually why marshal was used in the first place.

## Example
```python
code = marshal.loads(base64.b64decode(request.form["job"]))
exec(code)
```

## How to fix
Do not accept code from outside. Send data as JSON and check its signature before parsing:
```python
job = guard.load_signed_json(request.form["job"], request.form["signature"],
                             keys=guard.keys_from_env("JOB_KEY"))
```
and dispatch to functions the program already has (`HANDLERS[job["name"]](**job["args"])`).

## References
- [Python documentation: `marshal`](https://docs.python.org/3/library/marshal.html) (the warning)
"""

CODE = "DG004"
NAME = "marshal-deserialization"
FAMILY = "marshal"
SUMMARY = "Untrusted data deserialized with marshal"
EXPLANATION = """
marshal builds Python code objects straight from bytes and is documented as unsafe for untrusted data:
malformed input can crash the interpreter, and the code objects it yields run the sender's bytecode once
executed.
"""
REMEDIATION = """
The fix replaces marshal with JSON, which can only carry plain data, and accepts a payload only when it
carries a valid HMAC-SHA256 signature made with a server-held key, checked in constant time before
parsing. Behaviour is then selected from code the program already contains instead of being shipped in.
"""
