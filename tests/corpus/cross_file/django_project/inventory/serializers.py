from inventory.utils.encoding import unpack


def parse_snapshot(body: bytes):
    header, _, payload = body.partition(b"\n")
    if header != b"SNAP1":
        raise ValueError("unknown format")
    return unpack(payload)
