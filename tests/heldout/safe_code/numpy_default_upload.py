# FastAPI upload of a .npy array loaded with numpy's default (allow_pickle=False).
import io

import numpy as np
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/arrays")
async def upload_array(file: UploadFile):
    raw = await file.read()
    arr = np.load(io.BytesIO(raw))  # ok -- allow_pickle defaults to False
    return {"shape": list(arr.shape), "dtype": str(arr.dtype)}
