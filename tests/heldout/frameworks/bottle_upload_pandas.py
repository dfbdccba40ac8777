# Bottle: an uploaded DataFrame dump read with pandas.read_pickle().
import io

import pandas as pd
from bottle import Bottle, request

app = Bottle()


@app.post("/frames/<name>")
def upload_frame(name):
    upload = request.files.get("frame")  # source
    data = upload.file.read()
    frame = pd.read_pickle(io.BytesIO(data), compression=None)  # sink: severity=critical
    return {"name": name, "rows": len(frame)}
# expect-flow: 12-13-14
