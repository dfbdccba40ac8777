# huntr.dev "Arbitrary Code Execution in BentoML" (bentoml/BentoML PR #1418, 2021): the micro-batching
# marshal server split incoming batches with PickleDataLoader.split_requests(), a bare pickle.loads().
import pickle
from typing import Sequence

from aiohttp import web


class PickleDataLoader:
    @classmethod
    def merge_requests(cls, requests: Sequence[dict]) -> bytes:
        return pickle.dumps(list(requests))

    @classmethod
    def split_requests(cls, raw: bytes) -> Sequence[dict]:
        return pickle.loads(raw)  # sink: severity=critical


class MarshalApp:
    def __init__(self, outbound_host: str):
        self.outbound_host = outbound_host

    async def relay_handler(self, request: web.Request) -> web.Response:
        data = await request.read()  # source
        reqs = PickleDataLoader.split_requests(data)
        return web.json_response({"batched": len(reqs)})

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/batch", self.relay_handler)
        return app
# expect-flow: 24-25-15-16
