import base64
import pickle
import zlib


class SnapshotCodec:
    def encode(self, snapshot) -> str:
        return base64.b64encode(zlib.compress(pickle.dumps(snapshot))).decode("ascii")

    def decode(self, text: str):
        raw = base64.b64decode(text)
        return pickle.loads(zlib.decompress(raw))  # sink: severity=critical threat_model=remote
# expect-flow: api/views.py:12-api/views.py:13-api/services/snapshots.py:9-api/services/snapshots.py:10-core/codecs.py:10-core/codecs.py:11-core/codecs.py:12
