from flask import Flask, request
from ruamel.yaml import YAML

app = Flask(__name__)


@app.post("/playbooks")
def import_playbooks():
    text = request.get_data(as_text=True)  # source
    plays = list(YAML(typ="unsafe").load_all(text))  # sink: severity=critical
    return {"plays": len(plays)}


@app.post("/playbooks/check")
def check_playbooks():
    text = request.get_data(as_text=True)
    plays = list(YAML(typ="safe").load_all(text))  # ok -- typ='safe'
    return {"plays": len(plays)}
# expect-flow: 9-10
