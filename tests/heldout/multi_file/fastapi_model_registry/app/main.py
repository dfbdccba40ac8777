from fastapi import FastAPI

from .routers import checkpoints

app = FastAPI(title="model-registry")
app.include_router(checkpoints.router)
