from flask import Flask, request

from signed import TimedSession

app = Flask(__name__)


@app.get("/me")
def me():
    sess = TimedSession(request.cookies["session"])  # source
    data = sess.restore()
    return {"user": data["user"]}
