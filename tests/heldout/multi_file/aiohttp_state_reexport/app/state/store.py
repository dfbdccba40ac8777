import dill


def save_session(session) -> bytes:
    return dill.dumps(session)


def restore_session(blob: bytes):
    return dill.loads(blob)  # sink: severity=critical
# expect-flow: app/views.py:8-app/views.py:9-app/state/store.py:8-app/state/store.py:9
