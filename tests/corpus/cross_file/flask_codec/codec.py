import pickle


def decode_snapshot(blob):
    """Turn the wire bytes back into a snapshot dict."""
    return pickle.loads(blob)  # sink: severity=critical threat_model=remote
# expect-flow: app.py:10-app.py:11-codec.py:4-codec.py:6
