import dill
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/functions")
async def register_function(upload: UploadFile):  # source
    fn = dill.load(upload.file)  # sink: severity=critical
    return {"name": fn.__name__}
# expect-flow: 8-9
