import pickle

from fastapi import FastAPI, Request


class SnapshotCodec:
    def __init__(self, protocol=pickle.HIGHEST_PROTOCOL):
        self.protocol = protocol

    def encode(self, obj) -> bytes:
        return pickle.dumps(obj, protocol=self.protocol)  # ok

    def decode(self, data: bytes):
        return pickle.loads(data)  # sink: severity=critical


app = FastAPI()
codec = SnapshotCodec()


@app.post("/snapshot")
async def restore(request: Request):
    body = await request.body()  # source
    return {"keys": list(codec.decode(body))}
