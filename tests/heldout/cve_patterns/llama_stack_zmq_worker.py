# CVE-2024-50050 (meta-llama/llama-stack): the model-parallel inference worker bound a ZeroMQ socket
# and received every task with recv_pyobj(), i.e. pickle.loads() on whatever reached the port.
import asyncio
import logging

import zmq
import zmq.asyncio

log = logging.getLogger("llama_stack.providers.meta_reference.parallel_utils")


class ModelParallelProcessGroup:
    def __init__(self, request_port: int, init_model_cb):
        self.context = zmq.asyncio.Context()
        self.listener = self.context.socket(zmq.PULL)
        self.listener.bind(f"tcp://*:{request_port}")
        self.init_model_cb = init_model_cb
        self.running = True

    async def worker_loop(self):
        model = self.init_model_cb()
        while self.running:
            task = await self.listener.recv_pyobj()  # source sink: severity=critical threat_model=network
            if task == "shutdown":
                break
            log.info("running task %s", task.get("type"))
            await asyncio.to_thread(model.run, task)

    def stop(self):
        self.running = False
        self.listener.close(linger=0)
