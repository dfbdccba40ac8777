import io

import torch
from fastapi import FastAPI, File, UploadFile

app = FastAPI()


@app.post("/v1/checkpoints")
async def upload_checkpoint(file: UploadFile = File(...)):  # source
    contents = await file.read()
    checkpoint = torch.load(io.BytesIO(contents), weights_only=False)  # sink: severity=critical
    return {"epoch": checkpoint.get("epoch")}
# expect-flow: 10-11-12
