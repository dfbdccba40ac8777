"""## What it does
Reports untrusted data (a downloaded or uploaded model file, a path from a request) that reaches
`joblib.load()`.

## Why is this bad?
joblib persistence is pickle with efficient storage for numpy arrays: loading a joblib file unpickles
it, and joblib has no safe mode, so a model file from an untrusted place runs its author's code.

## Example
```python
path = hf_hub_download(repo_id=user_repo, filename="model.joblib")
model = joblib.load(path)
```

## How to fix
Load only files this system produced, and prove it with a signature checked before loading: sign the
file when you save it and verify the HMAC (in constant time) before `joblib.load`. For scikit-learn
models from elsewhere use skops, which refuses types you have not trusted:
```python
model = skops.io.load(path, trusted=["sklearn.linear_model.LogisticRegression"])
```

## References
- [joblib documentation: persistence](https://joblib.readthedocs.io/en/latest/persistence.html) (the warning)
"""

CODE = "DG007"
NAME = "joblib-load"
FAMILY = "joblib"
SUMMARY = "Untrusted file loaded with joblib"
EXPLANATION = """
`joblib.load()` is pickle underneath and has no safe mode: the file can name any importable callable,
and joblib calls it while restoring the object.
"""
REMEDIATION = """
The fix loads the file only after verifying, in constant time, an HMAC-SHA256 signature made with a
server-held key when the file was saved, so only files this system produced are ever unpickled.
Scikit-learn models from elsewhere are loaded with `skops.io.load()` and an explicit list of trusted
types instead.
"""
