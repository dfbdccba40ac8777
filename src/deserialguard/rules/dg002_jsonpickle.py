"""## What it does
Reports untrusted data that reaches `jsonpickle.decode()` (or `jsonpickle.loads()`, or
`jsonpickle.Unpickler().restore()`).

## Why is this bad?
jsonpickle is pickle written as JSON. Its tags (`py/object`, `py/type`, `py/reduce`, `py/function`)
name classes and callables that the decoder imports and calls to rebuild the object, so a JSON document
an attacker wrote can call `os.system` while it is decoded. The `safe` argument only turns off
`py/repr` evaluation; `py/reduce` still calls whatever it names.

## Example
```python
settings = jsonpickle.decode(request.get_data(as_text=True))
```

## How to fix
Decode plain JSON, which only ever produces dicts, lists, strings, numbers, booleans and None, and accept
only documents signed with a key the server holds:
```python
settings = guard.load_signed_json(request.get_data(), request.headers["X-Signature"],
                                  keys=guard.keys_from_env("SETTINGS_KEY"))
```
Rebuild your own objects from the validated dict explicitly (`Settings(**fields)` after checking them).

## References
- [jsonpickle documentation](https://jsonpickle.github.io/) (its security warning)
"""

CODE = "DG002"
NAME = "jsonpickle-deserialization"
FAMILY = "jsonpickle"
SUMMARY = "Untrusted data decoded with jsonpickle"
EXPLANATION = """
jsonpickle imports and calls the classes and callables its `py/object`, `py/reduce` and `py/function`
tags name while it rebuilds the object, so the document itself decides which code runs.
"""
REMEDIATION = """
The fix replaces jsonpickle with plain JSON parsing, which can only produce dicts, lists, strings,
numbers, booleans and None, and accepts the document only when it carries a valid HMAC-SHA256 signature
made with a server-held key, checked in constant time before parsing. Application objects are then built
explicitly from the validated fields instead of by the decoder.
"""
