import pickle
import base64
from flask import request, jsonify

def restore_ml_model_state():
    encrypted_state = request.headers.get('X-Model-Checkpoint')  # source
    if not encrypted_state:
        return jsonify({'error': 'No checkpoint provided'}), 400
    try:
        decoded_checkpoint = base64.b64decode(encrypted_state)
        model_params = pickle.loads(decoded_checkpoint)  # sink: severity=critical threat_model=remote
        return jsonify({'status': 'Model restored', 'layers': model_params.get('layers', 0)})
    except Exception as e:
        return jsonify({'error': 'Restoration failed'}), 500
# expect-flow: 6-10-11
