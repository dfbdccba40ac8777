import pickle

from flask import Flask, request

app = Flask(__name__)


class Message:
    def __init__(self, payload=None, **headers):
        self.payload = payload
        self.headers = headers

    @property
    def body(self):
        return pickle.loads(self.payload)  # sink: severity=critical


class SignedMessage(Message):
    def __init__(self, signature="", **kwargs):
        super().__init__(**kwargs)
        self.signature = signature


@app.post("/messages")
def receive():
    message = SignedMessage(signature=request.headers.get("X-Signature", ""), payload=request.get_data())  # source
    return {"body": message.body}
