import base64
import pickle

from fastapi import FastAPI, Form

app = FastAPI(title="notebook-runner")


@app.post("/notebooks/{nb_id}/state")
def restore_notebook_state(
    nb_id: int,
    state: str = Form(...),  # source
):
    kernel_vars = pickle.loads(base64.b64decode(state))  # sink: severity=critical
    return {"id": nb_id, "variables": sorted(kernel_vars)}
