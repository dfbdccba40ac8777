import pickle

from fastapi import FastAPI

app = FastAPI()


@app.get("/cursor")
def cursor(c: str):  # source
    position = bytes.fromhex(c)
    return pickle.loads(position)  # sink: severity=critical
# expect-flow: 9-10-11
