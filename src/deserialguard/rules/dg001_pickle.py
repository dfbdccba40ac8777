"""## What it does
Reports untrusted data that reaches a pickle-format deserializer: `pickle`, `_pickle`, `cPickle`, `dill`
and `cloudpickle` (`load`, `loads`, `Unpickler(...).load()`).

## Why is this bad?
Unpickling runs code. A pickle stream names any importable callable and the arguments to call it with
(the `REDUCE` opcode, reached through an object's `__reduce__`), so whoever controls the bytes controls
the process: `pickle.loads(request.data)` is remote code execution.

## Example
```python
data = base64.b64decode(request.headers["X-State"])
state = pickle.loads(data)
```

## How to fix
Use a data-only format (JSON) and accept only payloads signed by a key the server holds:
```python
state = guard.load_signed_json(data, request.headers["X-State-Signature"],
                               keys=guard.keys_from_env("STATE_KEY"))
```
Where the wire format must stay pickle, load with `deserialguard.guard.restricted_loads`, whose
`find_class` allows only the globals you list:
```python
state = guard.restricted_loads(data, allow=["collections.OrderedDict"])
```

## References
- [Python documentation: `pickle`](https://docs.python.org/3/library/pickle.html) (the warning at the top)
- [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
"""

CODE = "DG001"
NAME = "pickle-deserialization"
FAMILY = "pickle"
SUMMARY = "Untrusted data deserialized with pickle (or dill/cloudpickle)"
EXPLANATION = """
Unpickling runs code: a pickle stream can name any importable callable together with the arguments to
call it with (the REDUCE opcode, which an object's `__reduce__` produces), and the unpickler makes that
call while it rebuilds the object.
"""
REMEDIATION = """
Replace the pickle deserialization with JSON, which can only produce plain data, and accept only payloads
carrying a valid HMAC-SHA256 signature made with a server-held key, verified in constant time before
anything is parsed. Validating the parsed keys and value types against an allowlist adds defense in depth.
"""
