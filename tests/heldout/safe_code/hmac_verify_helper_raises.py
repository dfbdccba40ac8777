# FastAPI: a verification helper raises unless the HMAC matches; the sink comes after the call.
import hashlib
import hmac
import pickle

from fastapi import FastAPI, Header, HTTPException, Request

app = FastAPI()
SECRET = b"rotate-me-quarterly"


def verify_or_raise(body: bytes, signature: str) -> None:
    expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise HTTPException(status_code=401, detail="bad signature")


@app.post("/internal/warm-cache")
async def warm_cache(request: Request, x_signature: str = Header(...)):
    body = await request.body()
    verify_or_raise(body, x_signature)
    entries = pickle.loads(body)  # ok -- verify_or_raise() raised on a bad signature
    return {"entries": len(entries)}
