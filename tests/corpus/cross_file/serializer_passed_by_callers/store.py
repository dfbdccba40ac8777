def restore(serializer, blob):
    """The serializer is whatever the caller hands in."""
    return serializer.deserialize(blob)


def restore_with(serializer_class, blob):
    return serializer_class().deserialize(blob)
