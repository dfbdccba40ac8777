import base64
import hashlib
import hmac
import os
import pickle

import tornado.web

KEY = os.environ.get("STATE_KEY", "").encode()


class StateHandler(tornado.web.RequestHandler):
    def post(self):
        state = base64.b64decode(self.get_body_argument("state"))  # source
        mac = self.get_body_argument("mac")
        digest = hmac.new(KEY, state, hashlib.sha256).hexdigest()
        if hmac.compare_digest(digest, mac):
            restored = pickle.loads(state)  # ok -- inside the verified branch
            self.write({"restored": len(restored)})
        else:
            legacy = pickle.loads(state)  # sink: severity=critical
            self.write({"legacy": len(legacy)})
