import pickle
import base64
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route('/iot/device/restore', methods=['POST'])
def restore_device_config():
    encoded_state = request.json.get('device_state')  # source
    device_data = base64.b64decode(encoded_state)
    restored_config = pickle.loads(device_data)  # sink: severity=critical threat_model=remote
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'), 'firmware': restored_config.get('firmware_version')})

if __name__ == '__main__':
    app.run(host='0.0.0.0', port=5000)
# expect-flow: 9-10-11
