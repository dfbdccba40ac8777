from aiohttp import web

from . import state


class SessionView(web.View):
    async def put(self):
        blob = await self.request.read()  # source
        session = state.restore_session(blob)
        self.request.app["sessions"][session.id] = session
        return web.json_response({"id": session.id})


def make_app():
    app = web.Application()
    app["sessions"] = {}
    app.router.add_view("/sessions", SessionView)
    return app
