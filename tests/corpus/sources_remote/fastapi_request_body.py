import pickle

from fastapi import APIRouter, Request

router = APIRouter(prefix="/cache")


@router.post("/import")
async def import_cache(request: Request):
    raw = await request.body()  # source
    entries = pickle.loads(raw)  # sink: severity=critical
    return {"imported": len(entries)}
# expect-flow: 10-11
