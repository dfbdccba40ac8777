# threat-models: library
# Named to come after store.py: the field is stored by code analysed after the code that reads it.
class Config:
    VERSION_BLOB = b"\x80\x04K\x01."

    def __init__(self, blob):
        self.blob = blob
