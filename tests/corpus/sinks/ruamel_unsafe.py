from flask import Flask, request
from ruamel.yaml import YAML

app = Flask(__name__)


@app.post("/recipes")
def import_recipe():
    yaml = YAML(typ="unsafe", pure=True)
    text = request.get_data(as_text=True)  # source
    recipe = yaml.load(text)  # sink: severity=critical
    return {"steps": len(recipe["steps"])}
# expect-flow: 10-11
