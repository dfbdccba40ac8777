import base64
import pickle

from aiohttp import web


async def restore_state(request: web.Request):
    form = await request.post()  # source step: the form field state -- named once getone() picks the field
    state = form.getone("state")
    return web.json_response(pickle.loads(base64.b64decode(state)))  # sink: severity=critical
