# aiohttp class-based web.View reading a multipart upload part by part.
import pickle

from aiohttp import web


class ReplayBufferView(web.View):
    async def post(self) -> web.Response:
        reader = await self.request.multipart()  # source
        part = await reader.next()
        payload = bytearray()
        while True:
            chunk = await part.read_chunk()
            if not chunk:
                break
            payload.extend(chunk)
        buffer = pickle.loads(bytes(payload))  # sink: severity=critical
        self.request.app["replay"].extend(buffer)
        return web.json_response({"transitions": len(buffer)})


app = web.Application()
app["replay"] = []
app.router.add_view("/replay", ReplayBufferView)
