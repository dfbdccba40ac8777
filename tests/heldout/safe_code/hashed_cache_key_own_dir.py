# Results cache under the user's cache directory: the file name is a SHA-256 of the query, so the
# request chooses which of the program's own cache files is read, never its content or location.
import hashlib
import pickle
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
CACHE_DIR = Path.home() / ".cache" / "geo-search"


def compute(query):
    return {"query": query, "hits": []}


@app.get("/search")
def search():
    query = request.args.get("q", "")
    digest = hashlib.sha256(query.encode("utf-8")).hexdigest()
    cached = CACHE_DIR / f"{digest}.pkl"
    if cached.exists():
        with cached.open("rb") as fh:
            return pickle.load(fh)  # ok -- the program's own cache file
    result = compute(query)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with cached.open("wb") as fh:
        pickle.dump(result, fh)
    return result
