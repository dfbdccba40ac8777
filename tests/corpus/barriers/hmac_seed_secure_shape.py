import base64
import hashlib
import hmac
import pickle

from flask import current_app, jsonify, request


def restore_ml_model_state():
    encrypted_state = request.headers.get("X-Model-Checkpoint")
    signature = request.headers.get("X-Checkpoint-Signature")
    if not encrypted_state or not signature:
        return jsonify({"error": "missing"}), 400
    decoded = base64.b64decode(encrypted_state)
    key = current_app.config["CHECKPOINT_SECRET_KEY"].encode()
    expected = hmac.new(key, decoded, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return jsonify({"error": "Invalid checkpoint signature"}), 403
    model_params = pickle.loads(decoded)  # ok
    return jsonify({"layers": model_params.get("layers", 0)})
