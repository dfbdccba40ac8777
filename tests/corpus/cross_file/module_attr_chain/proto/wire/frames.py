import marshal


def decode_frame(frame: bytes):
    if frame[:2] != b"FR":
        raise ValueError("bad magic")
    return marshal.loads(frame[2:])  # sink: severity=critical threat_model=network
