import pickle
from pathlib import Path

from flask import request


def load_report():
    report = Path("/srv/reports") / request.args["report"]  # source
    payload = report.read_bytes()
    return pickle.loads(payload)  # sink: severity=critical
# expect-flow: 8-9-10
