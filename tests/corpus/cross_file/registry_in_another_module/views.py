from flask import Flask, request

from formats import FORMATS

app = Flask(__name__)


@app.post("/import/<kind>")
def import_document(kind):
    reader = FORMATS[kind]()
    return reader.read(request.get_data())  # source
