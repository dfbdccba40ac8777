# FastAPI APIRouter with a dependency for the user and an embedded Body() field carrying a pickled
# session; the decoding happens in a helper module function with a keyword argument.
import base64
import pickle
from typing import Optional

from fastapi import APIRouter, Body, Depends, HTTPException

router = APIRouter(prefix="/v2/sessions", tags=["sessions"])


class User:
    def __init__(self, name: str):
        self.name = name


def current_user() -> User:
    return User("service-account")


def thaw_session(token: str, *, compressed: Optional[bool] = False):
    raw = base64.b64decode(token)
    return pickle.loads(raw)  # sink: severity=critical threat_model=remote


@router.post("/{session_id}/resume")
async def resume_session(
    session_id: str,
    state: str = Body(..., embed=True),  # source
    user: User = Depends(current_user),
):
    if not state:
        raise HTTPException(status_code=400, detail="empty state")
    session = thaw_session(token=state)
    return {"session": session_id, "owner": user.name, "vars": sorted(session)}
# expect-flow: 29-34-21-22-23
