import pickle

import tornado.web


class ImportHandler(tornado.web.RequestHandler):
    def prepare(self):
        self.payload = self.request.body  # source

    def post(self):
        obj = pickle.loads(self.payload)  # sink: severity=critical
        self.write({"type": type(obj).__name__})
