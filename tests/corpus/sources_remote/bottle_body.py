import pickle

from bottle import post, request, run


@post("/ingest")
def ingest():
    records = pickle.load(request.body)  # source sink: severity=critical
    return {"count": len(records)}


if __name__ == "__main__":
    run(host="0.0.0.0", port=8080)
