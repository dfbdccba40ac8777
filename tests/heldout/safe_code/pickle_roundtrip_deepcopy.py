# pickle used as a deep copy of request data: what is unpickled is what this function just pickled.
import pickle

from flask import Flask, request

app = Flask(__name__)
HISTORY = []


@app.post("/drafts")
def save_draft():
    draft = request.get_json(force=True)
    frozen = pickle.dumps(draft, protocol=pickle.HIGHEST_PROTOCOL)
    snapshot = pickle.loads(frozen)  # ok -- bytes produced by pickle.dumps() two lines up
    HISTORY.append(snapshot)
    return {"drafts": len(HISTORY)}
