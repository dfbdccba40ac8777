# Flask Blueprint: a before_request hook stashes the preferences cookie on flask.g, and a view of the
# same blueprint unpickles it later.
import base64
import pickle

from flask import Blueprint, g, render_template, request

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.before_request
def load_preferences_cookie():
    g.prefs_token = request.cookies.get("dash_prefs", "")  # source


@bp.route("/")
def index():
    prefs = {}
    if g.prefs_token:
        prefs = pickle.loads(base64.urlsafe_b64decode(g.prefs_token))  # sink: severity=critical
    return render_template("dashboard/index.html", prefs=prefs)
