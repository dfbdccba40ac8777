# threat-models: library
"""Helpers for persisting experiment state."""
import pickle


def restore_state(blob: bytes):  # source
    """Inverse of save_state()."""
    return pickle.loads(blob)  # sink: severity=low threat_model=library


def save_state(state) -> bytes:
    return pickle.dumps(state)  # ok
# expect-flow: 6-8
