# threat-models: datastore
# CVE-2023-50943 (Apache Airflow < 2.8.1): XCom values were unpickled when read back from the metadata
# database, even with enable_xcom_pickling=False; a DAG author could plant one for another task.
import json
import pickle

from sqlalchemy import LargeBinary, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class XCom(Base):
    __tablename__ = "xcom"
    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    dag_id: Mapped[str] = mapped_column(String(250), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


def deserialize_value(value: bytes):
    try:
        return json.loads(value.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return pickle.loads(value)  # sink: severity=medium


def get_one(session: Session, dag_id: str, key: str):
    row = session.scalars(select(XCom).where(XCom.dag_id == dag_id, XCom.key == key)).first()  # source
    if row is None:
        return None
    return deserialize_value(row.value)
# expect-flow: 30-33-22-26
