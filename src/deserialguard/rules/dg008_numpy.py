"""## What it does
Reports untrusted data that reaches `numpy.load()` with `allow_pickle=True` (or any value that is not
the literal `False`).

## Why is this bad?
`.npy`/`.npz` files may hold object arrays, which are stored as pickles. With `allow_pickle=True`,
`numpy.load` unpickles them, so an array file can run code when it is loaded. The default has been
`allow_pickle=False` since NumPy 1.16.3 because of exactly this (CVE-2019-6446).

## Example
```python
arrays = numpy.load(request.files["features"], allow_pickle=True)
```

## How to fix
Do not allow pickles; numeric arrays load without them:
```python
arrays = numpy.load(request.files["features"], allow_pickle=False)
```
If you need structured data alongside the arrays, send it as JSON.

## References
- [NumPy documentation: `numpy.load`](https://numpy.org/doc/stable/reference/generated/numpy.load.html)
"""

CODE = "DG008"
NAME = "numpy-load-allow-pickle"
FAMILY = "numpy"
SUMMARY = "Untrusted array file loaded with allow_pickle enabled"
EXPLANATION = """
With `allow_pickle=True`, `numpy.load()` unpickles the object arrays stored in the file, and that pickle
can call any importable function.
"""
REMEDIATION = """
The fix loads the file with `allow_pickle=False`, so NumPy reads only raw numeric and structured arrays
and raises an error on any object array instead of unpickling it.
"""
