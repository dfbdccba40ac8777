import base64
import pickle

from tornado.web import RequestHandler


class ResumeHandler(RequestHandler):
    async def get(self):
        cursor = self.get_argument("cursor")  # source
        position = pickle.loads(base64.b64decode(cursor))  # sink: severity=critical
        self.write({"offset": position["offset"]})
# expect-flow: 9-10
