# CVE-2024-3660 (Keras < 2.13 Lambda-layer bytecode) and CVE-2025-1550 (Keras <= 3.8): a .keras archive
# is code; a model-import endpoint that loads a caller-chosen archive with safe_mode=False runs it.
import os

import keras
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
MODEL_ROOT = "/srv/models"
LOADED = {}


@app.post("/api/models/import")
def import_model():
    archive = request.form.get("archive", "")  # source
    if not archive.endswith(".keras"):
        abort(400)
    full_path = os.path.join(MODEL_ROOT, archive)
    model = keras.saving.load_model(full_path, compile=False, safe_mode=False)  # sink: severity=critical
    LOADED[model.name] = model
    return jsonify(name=model.name, layers=len(model.layers))
# expect-flow: 15-18-19
