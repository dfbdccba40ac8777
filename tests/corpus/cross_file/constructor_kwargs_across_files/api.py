from fastapi import FastAPI, Request

from models import TaggedRecord

app = FastAPI()


@app.post("/records")
async def create_record(request: Request):
    record = TaggedRecord.from_fields({"blob": await request.body(), "tag": "api"})  # source
    return {"value": repr(record.value)}
