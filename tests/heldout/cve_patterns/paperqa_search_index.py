# threat-models: library
# Future-House/paper-qa issue #1325 (2026): persisted search-index documents are stored as
# zlib-compressed pickles and read back with SearchDocumentStorage.read_from_string().
import json
import pickle
import zlib
from enum import Enum


class SearchDocumentStorage(str, Enum):
    JSON_MODEL_DUMP = "json_model_dump"
    PICKLE_COMPRESSED = "pickle_compressed"
    PICKLE = "pickle"

    def write_to_string(self, data) -> bytes:
        if self == SearchDocumentStorage.JSON_MODEL_DUMP:
            return json.dumps(data).encode()
        if self == SearchDocumentStorage.PICKLE_COMPRESSED:
            return zlib.compress(pickle.dumps(data))
        return pickle.dumps(data)

    def read_from_string(self, data: bytes):  # source
        if self == SearchDocumentStorage.JSON_MODEL_DUMP:
            return json.loads(data)  # ok
        if self == SearchDocumentStorage.PICKLE_COMPRESSED:
            return pickle.loads(zlib.decompress(data))  # sink: severity=low
        return pickle.loads(data)  # sink: severity=low
