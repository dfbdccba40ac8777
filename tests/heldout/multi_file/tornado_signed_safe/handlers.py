import pickle

import tornado.web

from security.hmac_check import require_valid_signature


class SyncHandler(tornado.web.RequestHandler):
    def post(self):
        body = self.request.body
        require_valid_signature(body, self.request.headers.get("X-Hub-Signature-256", ""))
        objects = pickle.loads(body)  # ok -- require_valid_signature() raised otherwise
        self.write({"synced": len(objects)})


def make_app():
    return tornado.web.Application([(r"/sync", SyncHandler)])
