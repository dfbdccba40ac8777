# Falcon ASGI resource: JSON media carrying a base64 marshal blob (compiled rule code).
import base64
import marshal

import falcon
import falcon.asgi


class RuleResource:
    def __init__(self):
        self.rules = {}

    async def on_post(self, req, resp, rule_id):
        media = await req.get_media()  # source
        code_blob = base64.b64decode(media["code"])
        self.rules[rule_id] = marshal.loads(code_blob)  # sink: severity=critical
        resp.status = falcon.HTTP_201
        resp.media = {"rule": rule_id}


app = falcon.asgi.App()
app.add_route("/rules/{rule_id}", RuleResource())
# expect-flow: 14-15-16
