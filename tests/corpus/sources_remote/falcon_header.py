import base64
import marshal

import falcon


class CallbackResource:
    def on_get(self, req, resp):
        encoded = req.get_header("X-Callback-Code", required=True)  # source
        code = marshal.loads(base64.b64decode(encoded))  # sink: severity=critical
        resp.media = {"name": code.co_name}


app = falcon.App()
app.add_route("/callback", CallbackResource())
# expect-flow: 9-10
