import jsonpickle
from flask import Flask, request

app = Flask(__name__)


@app.post("/preferences")
def preferences():
    body = request.get_data(as_text=True)  # source
    prefs = jsonpickle.decode(body)  # sink: severity=critical
    return {"theme": prefs.theme}
# expect-flow: 9-10
