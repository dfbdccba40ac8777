import pickle

import httpx


async def fetch_snapshot(node: str):
    async with httpx.AsyncClient(base_url=f"http://{node}:8080") as client:
        resp = await client.get("/snapshot")  # source
    snapshot = pickle.loads(resp.content)  # sink: severity=high
    return snapshot
# expect-flow: 8-9
