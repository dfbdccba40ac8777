import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/api/session/restore")
def restore_session():
    blob = request.get_data()  # source
    session_state = pickle.loads(blob)  # sink: severity=critical threat_model=remote
    return {"user": session_state.get("user")}
# expect-flow: 10-11
