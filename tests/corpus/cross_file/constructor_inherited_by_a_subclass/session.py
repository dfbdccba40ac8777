import base64
import pickle


class CookieSession:
    def __init__(self, raw_cookie: str):
        self.raw_cookie = raw_cookie

    def restore(self):
        return pickle.loads(base64.b64decode(self.raw_cookie))  # sink: severity=critical
