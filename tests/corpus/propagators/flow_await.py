import pickle

from aiohttp import web


async def restore(request):
    body = await request.content.read()  # source
    return web.json_response({"n": len(pickle.loads(body))})  # sink: severity=critical
# expect-flow: 7-8
