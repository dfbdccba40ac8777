from flask import Flask, request

from session import CookieSession

app = Flask(__name__)


@app.get("/me")
def me():
    sess = CookieSession(request.cookies["session"])  # source
    data = sess.restore()
    return {"user": data["user"]}
