from pathlib import Path

from flask import Flask, request

from cache import load_cache

app = Flask(__name__)
INDEX = Path(__file__).resolve().parent / "data" / "index.pkl"


@app.get("/search")
def search():
    index = load_cache(INDEX)
    return {"hits": index.get(request.args.get("q", ""), [])}
