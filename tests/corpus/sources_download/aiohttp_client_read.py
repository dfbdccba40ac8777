import aiohttp
import cloudpickle


async def fetch_udf(session: aiohttp.ClientSession, url: str):
    async with session.get(url) as resp:  # source
        resp.raise_for_status()
        body = await resp.read()
    return cloudpickle.loads(body)  # sink: severity=high
# expect-flow: 6-8-9
