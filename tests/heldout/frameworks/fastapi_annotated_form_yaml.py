# FastAPI with Annotated[..., Form()] parameters: a pipeline spec uploaded as a form field and parsed
# with yaml.unsafe_load() (same shape as CVE-2020-14343 consumers that accepted untrusted YAML).
from typing import Annotated

import yaml
from fastapi import FastAPI, Form

app = FastAPI(title="pipelines")


@app.post("/pipelines/import")
def import_pipeline(
    name: Annotated[str, Form()],
    spec: Annotated[str, Form()],  # source
):
    definition = yaml.unsafe_load(spec)  # sink: severity=critical
    return {"name": name, "steps": [s["name"] for s in definition["steps"]]}
# expect-flow: 14-16
