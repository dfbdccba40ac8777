import pickle

from aiohttp import web

routes = web.RouteTableDef()


@routes.post("/tasks")
async def enqueue(request: web.Request) -> web.Response:
    body = await request.read()  # source
    task = pickle.loads(body)  # sink: severity=critical
    request.app["queue"].put_nowait(task)
    return web.json_response({"queued": True})


app = web.Application()
app.add_routes(routes)
# expect-flow: 10-11
