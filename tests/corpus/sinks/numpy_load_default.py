import io

import numpy
from flask import request


def upload_vector():
    vec = numpy.load(io.BytesIO(request.get_data()))  # ok -- allow_pickle defaults to False
    return {"norm": float((vec ** 2).sum() ** 0.5)}
