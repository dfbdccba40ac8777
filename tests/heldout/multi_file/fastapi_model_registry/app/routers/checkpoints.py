from fastapi import APIRouter, Depends, File, UploadFile

from ..deps import get_registry
from ..ml.registry import ModelRegistry

router = APIRouter(prefix="/models", tags=["models"])


@router.post("/{name}/checkpoint")
async def upload_checkpoint(
    name: str,
    checkpoint: UploadFile = File(...),  # source
    registry: ModelRegistry = Depends(get_registry),
):
    data = await checkpoint.read()
    info = registry.register(name, data)
    return {"name": name, **info}
