from fastapi import APIRouter, File, UploadFile

from ..ml.loader import load_checkpoint

router = APIRouter()


@router.post("/checkpoints")
async def upload(ckpt: UploadFile = File(...)):  # source
    data = await ckpt.read()
    params = load_checkpoint(data)
    return {"layers": len(params)}
