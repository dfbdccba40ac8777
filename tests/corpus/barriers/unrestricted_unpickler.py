import io
import logging
import pickle

from flask import request

log = logging.getLogger("restore")


class AuditingUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        log.info("unpickling %s.%s", module, name)
        return super().find_class(module, name)


def audited_loads(data):
    return AuditingUnpickler(io.BytesIO(data)).load()  # sink: severity=critical


def restore():
    return audited_loads(request.get_data())  # source
