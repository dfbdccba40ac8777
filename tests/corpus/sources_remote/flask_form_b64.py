import base64
import pickle

from flask import Blueprint, jsonify, request

bp = Blueprint("wizard", __name__)


@bp.route("/wizard/step", methods=["POST"])
def next_step():
    state_field = request.form["wizard_state"]  # source
    raw_state = base64.b64decode(state_field)
    wizard = pickle.loads(raw_state)  # sink: severity=critical
    wizard["step"] += 1
    return jsonify(step=wizard["step"])
# expect-flow: 11-12-13
