"""## What it does
Reports untrusted model files that reach `keras.models.load_model()` (or `tf.keras.models.load_model()`)
with `safe_mode=False`.

## Why is this bad?
A Keras model can contain `Lambda` layers whose Python bytecode is stored in the file. `safe_mode=True`
(the default in Keras 3) refuses to deserialize them; with `safe_mode=False` loading the model rebuilds
and runs that bytecode, so the model file executes its author's code.

## Example
```python
path = hf_hub_download(repo_id=user_repo, filename="model.keras")
model = keras.models.load_model(path, safe_mode=False)
```

## How to fix
Keep safe mode on, and keep Keras up to date (earlier releases had safe-mode bypasses):
```python
model = keras.models.load_model(path, safe_mode=True)
```
Replace `Lambda` layers in your own models with registered custom layer classes.

## References
- [Keras documentation: model saving and loading](https://keras.io/api/models/model_saving_apis/model_saving_and_loading/)
"""

CODE = "DG010"
NAME = "keras-unsafe-load"
FAMILY = "keras"
SUMMARY = "Untrusted Keras model loaded with safe_mode=False"
EXPLANATION = """
With `safe_mode=False`, Keras deserializes the Python bytecode of `Lambda` layers stored in the model
file and runs it when the model is rebuilt.
"""
REMEDIATION = """
The fix loads the model with `safe_mode=True`, in which Keras refuses to deserialize `Lambda` layer
bytecode and other arbitrary code in the file, so only the layers and weights it describes are rebuilt.
"""
