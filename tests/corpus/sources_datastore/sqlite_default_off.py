import pickle
import sqlite3


def restore_all(db_path="state.db"):
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT blob FROM state").fetchall()
    return [pickle.loads(blob) for (blob,) in rows]  # ok -- datastore is opt-in
