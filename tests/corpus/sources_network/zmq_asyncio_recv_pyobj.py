import zmq
import zmq.asyncio


async def subscriber(url: str) -> None:
    ctx = zmq.asyncio.Context()
    sub = ctx.socket(zmq.SUB)
    sub.connect(url)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    while True:
        event = await sub.recv_pyobj()  # source sink: severity=critical
        print("event", event)
