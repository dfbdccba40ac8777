# CVE-2025-32375 / GHSA-7v4r-c989-xh26 (BentoML runner server 1.0.0a1-1.4.7): the runner's HTTP
# handler rebuilt arguments with the container named in a header, whose default path is pickle.loads().
import json
import pickle
import typing as t

from starlette.requests import Request
from starlette.responses import Response


class Payload(t.NamedTuple):
    data: bytes
    meta: dict
    container: str


class DefaultContainer:
    @classmethod
    def from_payload(cls, payload: Payload):
        if payload.meta.get("format") == "json":
            return json.loads(payload.data)  # ok
        return pickle.loads(payload.data)  # sink: severity=critical


class RunnerAppFactory:
    def __init__(self, runner):
        self.runner = runner

    def _mk_request_handler(self, method_name: str):
        runner_method = getattr(self.runner, method_name)

        async def _request_handler(request: Request) -> Response:
            meta = json.loads(request.headers.get("Payload-Meta", "{}"))
            container = request.headers.get("Payload-Container", "DefaultContainer")
            body = await request.body()  # source
            payload = Payload(body, meta, container)
            params = DefaultContainer.from_payload(payload)
            result = await runner_method.async_run(*params.get("args", ()), **params.get("kwargs", {}))
            return Response(json.dumps(result), media_type="application/json")

        return _request_handler
# expect-flow: 35-36-37-19-22
