import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/settings")
def import_settings():
    text = request.get_data(as_text=True)  # source[a]
    loader = yaml.Loader(text)
    try:
        return loader.get_single_data()  # sink[a]: severity=critical
    finally:
        loader.dispose()


@app.post("/settings/legacy")
def import_legacy_settings():
    text = request.get_data(as_text=True)  # source[b]
    return yaml.UnsafeLoader(text).get_single_data()  # sink[b]: severity=critical


@app.post("/settings/check")
def check_settings():
    loader = yaml.SafeLoader(request.get_data(as_text=True))
    try:
        return loader.get_single_data()  # ok -- SafeLoader
    finally:
        loader.dispose()
# expect-flow[a]: 9-10-12
