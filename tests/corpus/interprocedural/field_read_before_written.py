# The getter is analysed before any code stores untrusted data in the field it returns; once a handler
# does, the getter runs again, and so do its callers, whose summaries came from the old one.
import pickle

from flask import Flask, request

app = Flask(__name__)


class Inbox:
    def blob(self):
        return self.raw

    def unpack(self):
        return pickle.loads(self.blob())  # sink: severity=critical

    def fill(self, data):
        self.raw = data


INBOX = Inbox()


def restore():
    return INBOX.unpack()


@app.route("/upload", methods=["POST"])
def upload():
    INBOX.fill(request.data)  # source
    return "ok"
