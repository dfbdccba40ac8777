# threat-models: library
# Named to come after store.py: the field is stored by code analysed after the code that reads it.
class Config:
    def __init__(self, blob):
        self.blob = blob
