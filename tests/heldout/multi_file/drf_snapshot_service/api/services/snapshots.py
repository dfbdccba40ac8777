from core.codecs import SnapshotCodec


class SnapshotService:
    def __init__(self, codec=None):
        self.codec = codec or SnapshotCodec()
        self.restored = {}

    def restore(self, project_id, encoded):
        snapshot = self.codec.decode(encoded)
        self.restored[project_id] = snapshot
        return snapshot
