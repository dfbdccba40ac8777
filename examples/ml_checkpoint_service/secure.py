"""ML model-checkpoint restore endpoint, fixed (seed 000): signed JSON instead of pickle.

Why: the seed unpickled the X-Model-Checkpoint header, so any client could run code on the server
(CWE-502). Here a checkpoint is JSON, accepted only with an HMAC-SHA256 signature made with the
server's key, size-bounded before decoding and checked against an allowlist of keys and value types.

Protocol (POST /ml/model/restore):
    X-Model-Checkpoint       base64 of the checkpoint bytes (a JSON object)
    X-Checkpoint-Signature   hex HMAC-SHA256 of the decoded bytes (or any deserialguard.guard signature)
Answers: 200 {"status": "Model restored", "layers": N}; 400 missing or malformed input; 403 bad or
expired signature; 413 checkpoint too large; 500 server misconfigured (no usable key, a max age that is
not a number of seconds), with the details in the server's log only.

Configuration (environment):
    CHECKPOINT_SECRET_KEY    a secret of at least 16 bytes, or "kid:secret,kid:secret" for rotation
                             (the first entry signs); make a secret with
                             python -c 'import secrets; print(secrets.token_hex(16))'
    CHECKPOINT_MAX_AGE       optional: seconds a signature stays valid (signatures must then carry t=);
                             unset or blank for no expiry
"""
import argparse
import os

from flask import Flask, jsonify, request

from deserialguard import guard

ALLOWED_KEYS = {'layers', 'weights', 'optimizer_state', 'epoch', 'loss', 'learning_rate'}
ALLOWED_VALUE_TYPES = (int, float, str, list, bool, type(None))
CHECKPOINT_SCHEMA = guard.Schema.allowlist(ALLOWED_KEYS, ALLOWED_VALUE_TYPES)
# Decoded size limit. The checkpoint travels in a header, and servers cap a header line at about 64 KiB
# (base64 of 32 KiB is 43,692 characters), so larger checkpoints need a request body instead.
MAX_CHECKPOINT_BYTES = 32 * 1024

app = Flask(__name__)


@app.errorhandler(guard.GuardError)
def refuse(error):
    """Every refusal of the guard maps to its HTTP status here; server-side details stay in the log."""
    if error.status >= 500:
        app.logger.error('checkpoint restore is misconfigured: %s', error)
        return jsonify({'error': 'Server configuration error'}), error.status
    return jsonify({'error': str(error)}), error.status


@app.route('/ml/model/restore', methods=['POST'])
def restore_ml_model_state():
    encoded_checkpoint = request.headers.get('X-Model-Checkpoint')
    checkpoint_signature = request.headers.get('X-Checkpoint-Signature')
    if not encoded_checkpoint:
        return jsonify({'error': 'No checkpoint provided'}), 400
    if not checkpoint_signature:
        raise guard.MissingSignature('No checkpoint signature provided')
    keys = guard.keys_from_env('CHECKPOINT_SECRET_KEY')
    checkpoint = guard.b64decode(encoded_checkpoint, max_size=MAX_CHECKPOINT_BYTES)
    model_params = guard.load_signed_json(checkpoint, checkpoint_signature, keys=keys,
                                          max_size=MAX_CHECKPOINT_BYTES,
                                          max_age=guard.max_age_from_env('CHECKPOINT_MAX_AGE'),
                                          schema=CHECKPOINT_SCHEMA)
    return jsonify({'status': 'Model restored', 'layers': model_params.get('layers', 0)})


def main(argv=None):
    parser = argparse.ArgumentParser(description='Secure ML checkpoint restore demo server.')
    parser.add_argument('--host', default=os.environ.get('HOST', '127.0.0.1'))
    parser.add_argument('--port', type=int, default=int(os.environ.get('PORT', '5000')))
    args = parser.parse_args(argv)
    app.run(host=args.host, port=args.port)


if __name__ == '__main__':
    main()
