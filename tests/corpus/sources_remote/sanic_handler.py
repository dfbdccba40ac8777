import pickle

from sanic import Sanic
from sanic.response import json

app = Sanic("state-service")


@app.post("/state")
async def put_state(request):
    state = pickle.loads(request.body)  # source sink: severity=critical
    return json({"fields": len(state)})
