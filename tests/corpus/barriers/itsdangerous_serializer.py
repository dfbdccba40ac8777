import base64
import pickle

from flask import Flask, request
from itsdangerous import BadSignature, URLSafeSerializer

app = Flask(__name__)
serializer = URLSafeSerializer("secret-key", salt="cart")


@app.get("/cart")
def cart():
    token = request.cookies.get("cart", "")
    try:
        data = serializer.loads(token)
    except BadSignature:
        return {"items": []}
    items = pickle.loads(base64.b64decode(data["blob"]))  # ok -- itsdangerous verified the signature
    return {"items": items}
