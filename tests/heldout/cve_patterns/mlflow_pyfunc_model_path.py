# MLflow pyfunc model loading (CVE-2024-37054 and the June 2024 HiddenLayer advisories, mlflow/mlflow
# issue #12256): loading a pyfunc model unpickles python_model.pkl; here a scoring service lets the
# caller choose which model directory to load.
import os

import cloudpickle
from flask import Flask, jsonify, request

app = Flask(__name__)
MODELS = {}


def _load_pyfunc(path):
    python_model_path = os.path.join(path, "python_model.pkl")
    with open(python_model_path, "rb") as f:
        return cloudpickle.load(f)  # sink: severity=critical


@app.post("/models/load")
def load_model():
    spec = request.get_json(force=True)  # source
    model_dir = os.path.abspath(spec["model_path"])
    MODELS[spec["name"]] = _load_pyfunc(model_dir)
    return jsonify(loaded=spec["name"])
# expect-flow: 21-22-23-13-14-15-16
