import pickle

from starlette.requests import Request
from starlette.responses import JSONResponse


async def read_state(request: Request) -> bytes:
    body = await request.body()  # source
    return body


async def endpoint(request: Request):
    data = await read_state(request)
    return JSONResponse({"state": repr(pickle.loads(data))})  # sink: severity=critical
