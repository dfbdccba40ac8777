"""## What it does
Reports untrusted data that reaches an unsafe YAML loader: PyYAML's `yaml.load()`/`yaml.load_all()`
with a missing or unsafe `Loader` (`Loader`, `UnsafeLoader`, `FullLoader`), `yaml.unsafe_load()`,
`yaml.full_load()`, and ruamel.yaml's `YAML(typ="unsafe")`.

## Why is this bad?
The unsafe loaders construct arbitrary Python objects from tags: `!!python/object/apply:os.system
["id"]` calls `os.system` while the document is loaded. `FullLoader` was meant to be safer but has had
code-execution bypasses (CVE-2020-1747, CVE-2020-14343); only the safe loaders are safe.

## Example
```python
config = yaml.load(request.data, Loader=yaml.Loader)
```

## How to fix
Use the safe loader, which builds only plain scalars, lists and dicts:
```python
config = yaml.safe_load(request.data)
# or: yaml.load(request.data, Loader=yaml.SafeLoader)   (CSafeLoader for speed)
# ruamel.yaml: YAML(typ="safe").load(request.data)
```

## References
- [PyYAML: yaml.load(input) deprecation](https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation)
"""

CODE = "DG005"
NAME = "yaml-unsafe-load"
FAMILY = "yaml"
SUMMARY = "Untrusted YAML loaded with a loader that constructs Python objects"
EXPLANATION = """
PyYAML's unsafe loaders (and ruamel's `typ='unsafe'`) turn `!!python/object/apply` and related tags into
calls of any importable callable, so loading the document runs the code it names.
"""
REMEDIATION = """
The fix loads the document with `yaml.safe_load()` (`yaml.SafeLoader`; `YAML(typ='safe')` for
ruamel.yaml), which constructs only standard YAML types (strings, numbers, booleans, null, lists and
dicts) and rejects every `!!python/` tag, so the document can no longer name code to run.
"""
