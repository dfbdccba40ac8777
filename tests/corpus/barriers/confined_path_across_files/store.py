import os
import pickle

from werkzeug.security import safe_join
from werkzeug.utils import secure_filename

STATES = "/var/lib/app/states"
UPLOADS = "/var/lib/app/uploads"


def load_state(name):
    with open(safe_join(STATES, name), "rb") as fh:
        return pickle.load(fh)  # ok -- the name is confined to the program's folder


def keep_upload(upload):
    path = os.path.join(UPLOADS, secure_filename(upload.filename))
    upload.save(path)
    return path
