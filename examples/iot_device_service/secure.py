"""IoT device-config restore endpoint, fixed (seed 001): signed JSON instead of pickle.

Why: the seed unpickled the device_state field, so any client could run code on the server (CWE-502).
Here the state is JSON, accepted only with an HMAC-SHA256 signature made with the server's key. Unlike
the seed's fix the signature is MANDATORY: an optional signature is one an attacker simply leaves out.

Protocol (POST /iot/device/restore, Content-Type: application/json):
    {"device_state": "<base64 of the state bytes, a JSON object>",
     "signature": "<hex HMAC-SHA256 of the decoded bytes, or any deserialguard.guard signature>"}
Answers: 200 {"status": "restored", "device_id": ..., "firmware": ...}; 400 missing or malformed input
(a body not sent as application/json, not a JSON object, nested too deeply, broken in transit); 403 bad
or expired signature; 413 state or body too large; 500 server misconfigured (no usable key, a max age
that is not a number of seconds), with the details in the server's log only.

Configuration (environment):
    DEVICE_STATE_SECRET      a secret of at least 16 bytes, or "kid:secret,kid:secret" for rotation
                             (the first entry signs); make a secret with
                             python -c 'import secrets; print(secrets.token_hex(16))'
    DEVICE_STATE_MAX_AGE     optional: seconds a signature stays valid (signatures must then carry t=);
                             unset or blank for no expiry
"""
import argparse
import os

from flask import Flask, jsonify, request

from deserialguard import guard

# The seed's allowlist: only these fields (strict), and device_id and firmware_version must be strings.
DEVICE_SCHEMA = guard.Schema({
    'device_id': str,
    'firmware_version': str,
    'config': guard.ANY,
    'network_settings': guard.ANY,
    'sensors': guard.ANY,
    'last_sync': guard.ANY,
}, strict=True)
MAX_STATE_BYTES = 64 * 1024          # decoded device state
MAX_ENCODED_STATE = 4 * ((MAX_STATE_BYTES + 2) // 3)
MAX_BODY_BYTES = MAX_ENCODED_STATE + 4096        # the encoded state, the signature and a little more

app = Flask(__name__)


def error(message, status):
    return jsonify({'status': 'error', 'message': message}), status


@app.errorhandler(guard.GuardError)
def refuse(exc):
    """Every refusal of the guard maps to its HTTP status here; server-side details stay in the log."""
    if exc.status >= 500:
        app.logger.error('device restore is misconfigured: %s', exc)
        return error('Server configuration error', exc.status)
    return error(str(exc), exc.status)


@app.route('/iot/device/restore', methods=['POST'])
def restore_device_config():
    # Not request.get_json(): it lets RecursionError out of a body nested ~1,000 deep, and Werkzeug's
    # server raises OSError from a broken chunked body unless the body is bounded (500s both). guard's
    # reader reads at most MAX_BODY_BYTES (413 past it) and refuses a body that is not a JSON object,
    # nested too deeply, not strict JSON or broken in transit (400).
    if not request.is_json:
        return error('the request body must be sent as application/json', 400)
    request_data = guard.read_json_object(request.stream, max_size=MAX_BODY_BYTES)
    if not request_data.get('device_state'):
        return error('Missing device_state', 400)
    encoded_state = request_data['device_state']
    provided_signature = request_data.get('signature')
    if not isinstance(encoded_state, str):
        return error('device_state must be a base64 string', 400)
    if not provided_signature:
        raise guard.MissingSignature('Missing signature')
    if not isinstance(provided_signature, str):
        return error('signature must be a string', 400)
    keys = guard.keys_from_env('DEVICE_STATE_SECRET')
    device_data = guard.b64decode(encoded_state, max_size=MAX_STATE_BYTES)
    restored_config = guard.load_signed_json(device_data, provided_signature, keys=keys,
                                             max_size=MAX_STATE_BYTES,
                                             max_age=guard.max_age_from_env('DEVICE_STATE_MAX_AGE'),
                                             schema=DEVICE_SCHEMA)
    return jsonify({
        'status': 'restored',
        'device_id': restored_config.get('device_id'),
        'firmware': restored_config.get('firmware_version'),
    })


def main(argv=None):
    parser = argparse.ArgumentParser(description='Secure IoT device restore demo server.')
    parser.add_argument('--host', default=os.environ.get('HOST', '127.0.0.1'))
    parser.add_argument('--port', type=int, default=int(os.environ.get('PORT', '5001')))
    args = parser.parse_args(argv)
    app.run(host=args.host, port=args.port)


if __name__ == '__main__':
    main()
