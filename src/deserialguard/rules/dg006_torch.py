"""## What it does
Reports untrusted data (a downloaded or uploaded checkpoint, a path from a request) that reaches
`torch.load()` without `weights_only=True`.

## Why is this bad?
`torch.load` reads a zip archive whose `data.pkl` is a pickle. Without `weights_only=True` it unpickles
with the full pickle machinery, so a model file can run any code when it is loaded. Before PyTorch 2.6
`weights_only` defaulted to False, and versions up to 2.5.1 could be bypassed even with it
(CVE-2025-32434).

## Example
```python
path = hf_hub_download(repo_id=user_repo, filename="model.pt")
state = torch.load(path)
```

## How to fix
Load tensors only, and keep PyTorch at 2.6 or later:
```python
state = torch.load(path, weights_only=True)
```
Better still, distribute weights as safetensors, which contain no code at all:
`safetensors.torch.load_file(path)`. Register any extra class you trust with
`torch.serialization.add_safe_globals([...])` rather than dropping `weights_only`.

## References
- [PyTorch documentation: `torch.load`](https://pytorch.org/docs/stable/generated/torch.load.html)
"""

CODE = "DG006"
NAME = "torch-load"
FAMILY = "torch"
SUMMARY = "Untrusted PyTorch checkpoint loaded without weights_only=True"
EXPLANATION = """
`torch.load()` unpickles the checkpoint's `data.pkl`, and without `weights_only=True` that pickle may
call any importable function while the model is loaded.
"""
REMEDIATION = """
The fix passes `weights_only=True` to `torch.load()`, which switches to a restricted unpickler that
rebuilds only tensors, primitive types, dicts and lists and the globals registered with
`torch.serialization.add_safe_globals()`, and refuses everything else; with PyTorch 2.6 or later no known
bypass remains. Distributing weights as safetensors removes pickle entirely.
"""
