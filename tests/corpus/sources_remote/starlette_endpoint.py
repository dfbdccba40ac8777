import pickle

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def restore(request):
    payload = await request.body()  # source
    restored = pickle.loads(payload)  # sink: severity=critical
    return JSONResponse({"keys": list(restored)})


app = Starlette(routes=[Route("/restore", restore, methods=["POST"])])
# expect-flow: 9-10
