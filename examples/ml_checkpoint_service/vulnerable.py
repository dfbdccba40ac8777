import pickle
import base64
from flask import request, jsonify

def restore_ml_model_state():
    encrypted_state = request.headers.get('X-Model-Checkpoint')
    if not encrypted_state:
        return jsonify({'error': 'No checkpoint provided'}), 400
    try:
        decoded_checkpoint = base64.b64decode(encrypted_state)
        model_params = pickle.loads(decoded_checkpoint)
        return jsonify({'status': 'Model restored', 'layers': model_params.get('layers', 0)})
    except Exception as e:
        return jsonify({'error': 'Restoration failed'}), 500

# ---------------------------------------------------------------------------------------------------
# DELIBERATELY VULNERABLE (CWE-502, remote code execution) -- for demos and tests only, never deploy.
# Lines 1-14 are seed 000's vulnerable code verbatim (the scanner's acceptance test relies on their
# line numbers: Source 6, Flow 6-10-11, Sink 11): any X-Model-Checkpoint header is unpickled, so any
# client can run code in this process. The fixed version is secure.py next to this file.
# Run it only on loopback:  python -m examples.ml_checkpoint_service.vulnerable   (127.0.0.1:5000)
# ---------------------------------------------------------------------------------------------------
import os
import sys

from flask import Flask

app = Flask(__name__)
app.add_url_rule('/ml/model/restore', view_func=restore_ml_model_state, methods=['POST'])

if __name__ == '__main__':
    print('WARNING: deliberately vulnerable demo server (CWE-502); loopback only', file=sys.stderr)
    app.run(host='127.0.0.1', port=int(os.environ.get('PORT', '5000')))
