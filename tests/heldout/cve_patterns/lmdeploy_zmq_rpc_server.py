# InternLM/lmdeploy issue #4015 (2025, "Remote Code Execution by Pickle Deserialization via
# zmq_rpc.call_and_response()"): the AsyncRPCServer unpickles each request frame before dispatching it.
import asyncio
import logging
import pickle

import zmq
import zmq.asyncio

logger = logging.getLogger("lmdeploy.pytorch.engine.mp_engine.zmq_rpc")


class AsyncRPCServer:
    def __init__(self, port: int = 0):
        self.context = zmq.asyncio.Context()
        self.socket = self.context.socket(zmq.ROUTER)
        self.port = self.socket.bind_to_random_port("tcp://*") if port == 0 else port
        self.methods = {}
        self.running = False

    def register_method(self, name, fn):
        self.methods[name] = fn

    async def _handle(self, client_id: bytes, request: dict):
        method = self.methods[request["method"]]
        result = method(*request.get("args", ()), **request.get("kwargs", {}))
        if asyncio.iscoroutine(result):
            result = await result
        await self.socket.send_multipart([client_id, pickle.dumps({"id": request["id"], "result": result})])

    async def call_and_response(self):
        client_id, _, data = await self.socket.recv_multipart()  # source
        request = pickle.loads(data)  # sink: severity=critical
        await self._handle(client_id, request)

    async def run(self):
        self.running = True
        while self.running:
            try:
                await self.call_and_response()
            except Exception:
                logger.exception("rpc call failed")
# expect-flow: 32-33
