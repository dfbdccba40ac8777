# threat-models: local
import shelve


def open_profile():
    name = input("profile database: ")  # source
    db = shelve.open(name)  # sink: severity=medium
    try:
        return dict(db)
    finally:
        db.close()
# expect-flow: 6-7
