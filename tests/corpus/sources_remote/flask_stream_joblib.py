import io

import joblib
from flask import Flask, request

app = Flask(__name__)


@app.route("/predict/custom", methods=["POST"])
def predict_with_uploaded_model():
    buffer = io.BytesIO(request.stream.read())  # source
    model = joblib.load(buffer)  # sink: severity=critical
    features = [[float(x) for x in request.args.getlist("x")]]
    return {"prediction": model.predict(features).tolist()}
# expect-flow: 11-12
