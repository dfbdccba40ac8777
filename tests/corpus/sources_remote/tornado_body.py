import pickle

import tornado.web


class StateHandler(tornado.web.RequestHandler):
    def post(self):
        state = pickle.loads(self.request.body)  # source sink: severity=critical
        self.write({"restored": sorted(state)})


def make_app():
    return tornado.web.Application([(r"/state", StateHandler)])
