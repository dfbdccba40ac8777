"""## What it does
Reports untrusted data (an upload, a download, a path from a request) that reaches
`pandas.read_pickle()`.

## Why is this bad?
`read_pickle` is `pickle.load` with decompression: a pickled DataFrame from someone else can run code
when it is read. The pandas documentation warns that loading pickled data from untrusted sources can be
unsafe.

## Example
```python
frame = pandas.read_pickle(request.files["dataset"])
```

## How to fix
Exchange data frames in a data-only format:
```python
frame = pandas.read_parquet(request.files["dataset"])   # or read_csv / read_json
```

## References
- [pandas documentation: `read_pickle`](https://pandas.pydata.org/docs/reference/api/pandas.read_pickle.html)
"""

CODE = "DG009"
NAME = "pandas-read-pickle"
FAMILY = "pandas"
SUMMARY = "Untrusted data read with pandas.read_pickle"
EXPLANATION = """
`pandas.read_pickle()` unpickles the file, and a pickle can call any importable function while it is
loaded.
"""
REMEDIATION = """
The fix reads the data with a data-only format reader (`pandas.read_parquet()`, `read_csv()` or
`read_json()`), which can only produce columns of values and never calls code named in the input.
"""
