# CVE-2026-26220 (ModelTC/LightLLM <= 1.1.0, prefill-decode mode): the /pd_register and /kv_move_status
# WebSocket endpoints call pickle.loads() on binary frames from unauthenticated peers.
import json
import logging
import pickle

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

logger = logging.getLogger("lightllm.server.api_http")
app = FastAPI()


class PDManager:
    def __init__(self):
        self.nodes = {}
        self.kv_status = {}

    async def register(self, node_info: dict, websocket: WebSocket):
        self.nodes[node_info["node_id"]] = websocket

    async def put_to_handle_queue(self, obj):
        logger.debug("queued %r", obj)


manager = PDManager()


@app.websocket("/pd_register")
async def register_and_keep_alive(websocket: WebSocket):
    await websocket.accept()
    regist_json = json.loads(await websocket.receive_text())
    await manager.register(regist_json, websocket)
    try:
        while True:
            data = await websocket.receive_bytes()  # source[register]
            obj = pickle.loads(data)  # sink[register]: severity=critical threat_model=remote
            await manager.put_to_handle_queue(obj)
    except WebSocketDisconnect:
        logger.info("node %s left", regist_json.get("node_id"))


@app.websocket("/kv_move_status")
async def kv_move_status(websocket: WebSocket):
    await websocket.accept()
    while True:
        upkv_status = pickle.loads(await websocket.receive_bytes())  # source[kv] sink[kv]: severity=critical
        manager.kv_status[upkv_status.group_request_id] = upkv_status
# expect-flow[register]: 35-36
