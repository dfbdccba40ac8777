import joblib
from flask import Flask, request

app = Flask(__name__)


@app.post("/score")
def score():
    pipeline = joblib.load(request.files["pipeline"])  # source sink: severity=critical
    return {"score": float(pipeline.predict([[1.0, 2.0]])[0])}
