import io

import joblib
from sanic import Sanic, response

app = Sanic("models")


@app.post("/models")
async def upload(request):
    model_file = request.files.get("model")  # source
    estimator = joblib.load(io.BytesIO(model_file.body))  # sink: severity=critical
    return response.json({"type": type(estimator).__name__})
# expect-flow: 11-12
