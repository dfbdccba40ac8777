import jsonpickle
from aiohttp import web


async def restore(request):
    obj = jsonpickle.unpickler.Unpickler().restore(await request.json())  # source sink: severity=critical
    return web.json_response({"type": type(obj).__name__})
