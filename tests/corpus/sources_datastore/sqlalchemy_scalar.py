# threat-models: datastore
import pickle

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Pipeline


def load_pipeline(session: Session, pipeline_id: int):
    blob = session.execute(select(Pipeline.state).where(Pipeline.id == pipeline_id)).scalar_one()  # source
    return pickle.loads(blob)  # sink: severity=medium
# expect-flow: 11-12
