import os.path
import xml.etree.ElementTree

import numpy.lib.format
import torch.serialization
from flask import request


def restore():
    raw = request.files["state"]  # source
    return torch.serialization.load(raw)  # sink: severity=critical
