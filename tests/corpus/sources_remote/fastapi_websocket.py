import pickle

from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/frames")
async def frames(websocket: WebSocket):
    await websocket.accept()
    while True:
        message = await websocket.receive_bytes()  # source
        frame = pickle.loads(message)  # sink: severity=critical
        await websocket.send_json({"frame": frame["seq"]})
# expect-flow: 12-13
