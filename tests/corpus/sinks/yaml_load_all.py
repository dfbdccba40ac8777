import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/manifests")
async def apply_manifests(request: Request):
    body = await request.body()  # source
    docs = list(yaml.load_all(body, Loader=yaml.Loader))  # sink: severity=critical
    return {"count": len(docs)}
# expect-flow: 9-10
