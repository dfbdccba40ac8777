# asyncio.Protocol: data_received() accumulates bytes in an instance buffer; complete frames are
# dispatched to a method that unpickles them.
import asyncio
import pickle
import struct


class FrameProtocol(asyncio.Protocol):
    def __init__(self, on_message):
        self._buffer = bytearray()
        self._on_message = on_message
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):  # source
        self._buffer.extend(data)
        while len(self._buffer) >= 4:
            (size,) = struct.unpack(">I", self._buffer[:4])
            if len(self._buffer) < 4 + size:
                return
            frame = bytes(self._buffer[4 : 4 + size])
            del self._buffer[: 4 + size]
            self._dispatch(frame)

    def _dispatch(self, frame):
        message = pickle.loads(frame)  # sink: severity=critical
        self._on_message(message)


async def serve(port=9100):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: FrameProtocol(print), "0.0.0.0", port)
    async with server:
        await server.serve_forever()
