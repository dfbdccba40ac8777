# Starlette class-based HTTPEndpoint: a checkpoint uploaded as multipart form data and restored with
# torch.load() (pickle-based unless weights_only=True).
import io

import torch
from starlette.applications import Starlette
from starlette.endpoints import HTTPEndpoint
from starlette.responses import JSONResponse
from starlette.routing import Route


class CheckpointEndpoint(HTTPEndpoint):
    async def post(self, request):
        form = await request.form()  # source
        upload = form["checkpoint"]
        contents = await upload.read()
        state = torch.load(io.BytesIO(contents), map_location="cpu", weights_only=False)  # sink: severity=critical
        return JSONResponse({"tensors": len(state)})


app = Starlette(routes=[Route("/checkpoints", CheckpointEndpoint)])
# expect-flow: 14-15-16-17
