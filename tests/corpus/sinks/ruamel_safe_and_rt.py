from flask import Flask, request
from ruamel.yaml import YAML

app = Flask(__name__)


@app.post("/recipes/validate")
def validate_recipe():
    text = request.get_data(as_text=True)
    safe = YAML(typ="safe")
    recipe = safe.load(text)  # ok -- typ='safe'
    round_trip = YAML()
    edited = round_trip.load(text)  # ok -- the default round-trip loader builds no arbitrary objects
    return {"same": recipe == edited}
