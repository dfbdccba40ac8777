import asyncio
import pickle

import websockets


async def handler(websocket):
    async for message in websocket:  # source
        update = pickle.loads(message)  # sink: severity=critical
        await websocket.send(f"applied {update['version']}")


async def main():
    async with websockets.serve(handler, "0.0.0.0", 8765):
        await asyncio.Future()
