import pickle

import falcon


class SnapshotResource:
    def on_post(self, req, resp):
        data = req.bounded_stream.read()  # source
        snapshot = pickle.loads(data)  # sink: severity=critical
        resp.media = {"restored": snapshot["id"]}


app = falcon.App()
app.add_route("/snapshots", SnapshotResource())
# expect-flow: 8-9
