from fastapi import FastAPI, Request

from mlkit import restore_model

app = FastAPI()


@app.post("/models/restore")
async def restore(request: Request):
    body = await request.body()  # source
    model = restore_model(body)
    return {"model": type(model).__name__}
