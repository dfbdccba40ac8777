import pandas as pd
from flask import Flask, request

app = Flask(__name__)


@app.post("/frames")
def upload_frame():
    upload = request.files["frame"]  # source
    df = pd.read_pickle(upload.stream, compression=None)  # sink: severity=critical
    return {"rows": len(df)}
# expect-flow: 9-10
