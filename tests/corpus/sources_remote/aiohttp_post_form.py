import base64

import jsonpickle
from aiohttp import web


async def import_settings(request):
    form = await request.post()  # source
    serialized = form["settings"]
    settings = jsonpickle.decode(base64.b64decode(serialized).decode())  # sink: severity=critical
    return web.json_response({"ok": bool(settings)})


app = web.Application()
app.router.add_post("/settings/import", import_settings)
# expect-flow: 8-9-10
