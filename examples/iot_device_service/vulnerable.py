import pickle
import base64
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route('/iot/device/restore', methods=['POST'])
def restore_device_config():
    encoded_state = request.json.get('device_state')
    device_data = base64.b64decode(encoded_state)
    restored_config = pickle.loads(device_data)
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'), 'firmware': restored_config.get('firmware_version')})

if __name__ == '__main__':
    app.run(host='0.0.0.0', port=5000)

# ---------------------------------------------------------------------------------------------------
# DELIBERATELY VULNERABLE (CWE-502, remote code execution) -- for demos and tests only, never deploy.
# Lines 1-15 are seed 001's vulnerable code verbatim (the scanner's acceptance test relies on their
# line numbers: Source 9, Flow 9-10-11, Sink 11): the device_state field is unpickled, so any client
# can run code in this process. The fixed version is secure.py next to this file.
# Do NOT run this file directly: the seed's line 15 listens on ALL interfaces (0.0.0.0). Serve it on
# loopback instead:  flask --app examples/iot_device_service/vulnerable.py run --port 5001
# ---------------------------------------------------------------------------------------------------
