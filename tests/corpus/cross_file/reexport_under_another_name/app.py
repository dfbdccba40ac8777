from flask import Flask, request

from service import restore

app = Flask(__name__)


@app.post("/restore")
def restore_view():
    restore(request.get_data())  # source
    return {"ok": True}
