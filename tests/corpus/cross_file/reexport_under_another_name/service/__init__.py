from .snapshots import restore_snapshot as restore
