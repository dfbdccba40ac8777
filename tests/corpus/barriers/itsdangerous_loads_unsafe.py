import base64
import pickle

from flask import Flask, request
from itsdangerous import URLSafeSerializer

app = Flask(__name__)
serializer = URLSafeSerializer("secret-key", salt="cart")


@app.get("/cart")
def cart():
    token = request.cookies.get("cart", "")  # source
    _valid, data = serializer.loads_unsafe(token)
    items = pickle.loads(base64.b64decode(data["blob"]))  # sink: severity=critical
    return {"items": items}
# expect-flow: 13-14-15
