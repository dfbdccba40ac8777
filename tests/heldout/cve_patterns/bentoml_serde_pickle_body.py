# CVE-2025-27520 / GHSA-33xw-247w-6hmc (BentoML 1.3.4-1.4.2): an API request sent with
# "Content-Type: application/vnd.bentoml+pickle" was handed to PickleSerde.deserialize_value().
import json
import pickle
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

PICKLE_CONTENT_TYPE = "application/vnd.bentoml+pickle"


@dataclass(frozen=True)
class Payload:
    data: bytes
    batch_dim: int = 0


class JSONSerde:
    def deserialize_value(self, payload: Payload):
        return json.loads(payload.data)  # ok -- JSON builds no objects


class PickleSerde:
    def deserialize_value(self, payload: Payload):
        return pickle.loads(payload.data)  # sink: severity=critical


async def api_endpoint(request: Request):
    content_type = request.headers.get("content-type", "application/json").split(";")[0]
    if content_type == PICKLE_CONTENT_TYPE:
        serde = PickleSerde()
    else:
        serde = JSONSerde()
    body = await request.body()  # source
    payload = Payload(data=body)
    value = serde.deserialize_value(payload)
    return JSONResponse({"result": repr(value)})


app = Starlette(routes=[Route("/summarize", api_endpoint, methods=["POST"])])
# expect-flow: 37-38-39-27-28
