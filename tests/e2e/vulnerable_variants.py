# DELIBERATELY VULNERABLE (CWE-502): for the end-to-end tests only, never deploy.
# The IoT restore endpoint (examples/iot_device_service/vulnerable.py) written the other ways Flask code
# reads a field of a JSON body; the tests serve what `deserialguard fix` makes of this file, one route each.
import base64
import pickle

import flask
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route('/held', methods=['POST'])
def held():
    body = request.get_json()
    encoded_state = body.get('device_state')
    restored_config = pickle.loads(base64.b64decode(encoded_state))
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'),
                    'firmware': restored_config.get('firmware_version')})


@app.route('/forced', methods=['POST'])
def forced():
    body = request.get_json(force=True)
    encoded_state = body['device_state']
    restored_config = pickle.loads(base64.b64decode(encoded_state))
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'),
                    'firmware': restored_config.get('firmware_version')})


@app.route('/subscript', methods=['POST'])
def subscript():
    encoded_state = request.json['device_state']
    restored_config = pickle.loads(base64.b64decode(encoded_state))
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'),
                    'firmware': restored_config.get('firmware_version')})


@app.route('/qualified', methods=['POST'])
def qualified():
    encoded_state = flask.request.get_json(silent=True).get('device_state')
    restored_config = pickle.loads(base64.b64decode(encoded_state))
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'),
                    'firmware': restored_config.get('firmware_version')})


@app.route('/in-sink', methods=['POST'])
def in_sink():
    restored_config = pickle.loads(base64.b64decode(request.json['device_state']))
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'),
                    'firmware': restored_config.get('firmware_version')})
