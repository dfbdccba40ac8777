import asyncio
import pickle


async def handle_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    length = int.from_bytes(await reader.readexactly(4), "big")
    frame = await reader.readexactly(length)  # source
    message = pickle.loads(frame)  # sink: severity=critical
    writer.write(b"ok")
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(handle_client, "0.0.0.0", 8888)
    async with server:
        await server.serve_forever()
