"""False flows stopped, over the families of code the catalog's rows describe (issue 21, items 9 to 11):
a key selects and does not carry; a truth value or a number carries nothing; a name confined to the
program's folder names the program's file, unless untrusted data was written there; a download whose
origin the code spells in literals is a threat model of its own. Each family is generated from the rows
themselves, with the control beside it (the same code where the untrusted value does reach the sink),
and scanned in both modes.
"""
from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deserialguard.catalog import barriers, propagators, sources, threat_models
from deserialguard.engine import scan_paths

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def scan(folder: Path, code: str, models=threat_models.DEFAULT) -> list[tuple[int, str]]:
    """The (sink line, threat model) pairs found, the same in both modes."""
    path = folder / "app.py"
    path.write_text(code, encoding="utf-8")
    found = []
    for exhaustive in (False, True):
        result = scan_paths([path], models, exhaustive=exhaustive, jobs=1)
        assert not result.errors
        found.append(sorted({(f.sink.line, f.threat_model) for f in result.findings}))
    assert found[0] == found[1]
    return found[0]


def sink_line(code: str) -> int:
    return next(n for n, line in enumerate(code.splitlines(), 1) if "pickle.loads(" in line)


@SETTINGS
@given(method=st.sampled_from(sorted(propagators.SELECTORS)), key_tainted=st.booleans(),
       receiver_tainted=st.booleans(), default_tainted=st.booleans())
def test_a_selected_value_carries_its_receiver_and_default_not_its_key(
        tmp_path_factory, method, key_tainted, receiver_tainted, default_tainted):
    kept = propagators.SELECTORS[method]
    default = ", request.get_data()" if default_tainted and 1 in kept else ""
    code = f"""import pickle
from flask import request
from store import table

def view():
    key = {'request.args["key"]' if key_tainted else '"fixed"'}
    rows = {'request.get_json()' if receiver_tainted else 'table'}
    return pickle.loads(rows.{method}(key{default}))
"""
    expected = [(sink_line(code), "remote")] if receiver_tainted or default else []
    assert scan(tmp_path_factory.mktemp("selector"), code) == expected


NO_DATA_NAMES = st.one_of(
    st.sampled_from(sorted(propagators.NO_DATA_METHODS)),
    st.builds(lambda pattern, word: pattern.replace("*", word), st.sampled_from(sorted(propagators.NO_DATA_METHOD_PATTERNS)),
              st.text(string.ascii_lowercase, min_size=1, max_size=8)))
USES = {   # how the result reaches a sink that reads the file it names
    "f-string": "    return pickle.loads(open(f'/cache/{{{value}}}.pkl', 'rb').read())\n",
    "tuple": "    kept = ({value}, 1)\n    return pickle.loads(open(f'/cache/{{kept[0]}}.pkl', 'rb').read())\n",
    "call": "    return pickle.loads(read(str({value})))\n",
}


@SETTINGS
@given(method=NO_DATA_NAMES, on_receiver=st.booleans(), use=st.sampled_from(sorted(USES)), control=st.booleans())
def test_a_truth_value_or_a_number_carries_nothing(tmp_path_factory, method, on_receiver, use, control):
    call = f"name.{method}()" if on_receiver else f"storage.{method}(name)"
    value = "name" if control else "checked"       # the control: the request's value itself
    code = f"""import pickle
from flask import request
from store import storage

def read(tag):
    return open(f'/cache/{{tag}}.pkl', 'rb').read()

def view():
    name = request.args["name"]
    checked = {call}
{USES[use].format(value=value)}"""
    expected = [(sink_line(code), "remote")] if control else []
    assert scan(tmp_path_factory.mktemp("no-data"), code) == expected


ROUTES = {
    "flask": ('from flask import Flask\napp = Flask(__name__)\n', '@app.get("/items/<{converter}:item>")', "item"),
    "starlette": ('from fastapi import FastAPI\napp = FastAPI()\n', '@app.get("/items/{{item:{converter}}}")', "item"),
    "fastapi": ('from fastapi import FastAPI\nimport uuid\napp = FastAPI()\n', '@app.get("/items/{{item}}")',
                "item: {annotation}"),
}
ANNOTATIONS = {"int": "int", "float": "float", "uuid": "uuid.UUID"}


@SETTINGS
@given(framework=st.sampled_from(sorted(ROUTES)), converter=st.sampled_from(sorted(propagators.NO_DATA_CONVERTERS)),
       converted=st.booleans())
def test_a_parameter_converted_to_a_number_carries_nothing(tmp_path_factory, framework, converter, converted):
    setup, route, parameter = ROUTES[framework]
    kind = converter if converted else ("string" if framework == "flask" else "str")
    parameter = parameter.format(annotation=ANNOTATIONS.get(kind, kind))
    code = f"""import pickle
{setup}
{route.format(converter=kind)}
def item_state({parameter}):
    return pickle.loads(open(f"/srv/items/{{item}}.pkl", "rb").read())
"""
    expected = [] if converted else [(sink_line(code), "remote")]
    assert scan(tmp_path_factory.mktemp("converted"), code) == expected


@SETTINGS
@given(api=st.sampled_from(sorted(barriers.CONFINED_PATHS)), folder_tainted=st.booleans(), written=st.booleans())
def test_a_confined_name_reads_the_programs_file_unless_an_upload_was_saved_there(
        tmp_path_factory, api, folder_tainted, written):
    module, name = api.rsplit(".", 1)
    folder = 'request.args["folder"]' if folder_tainted else '"/var/cache/app"'
    keeps_folder = bool(barriers.CONFINED_PATHS[api])
    path = f"confine({folder}, name)" if keeps_folder else f"os.path.join({folder}, confine(name))"
    code = f"""import os
import pickle
from flask import request
from {module} import {name} as confine

def view():
    name = request.args["name"]
    path = {path}
{'    request.files["state"].save(path)' if written else ''}
    return pickle.loads(open(path, "rb").read())
"""
    flagged = written or folder_tainted
    assert scan(tmp_path_factory.mktemp("confined"), code) == ([(sink_line(code), "remote")] if flagged else [])


def download_call(api: str, arguments: str) -> tuple[str, str]:
    """(import statement, call expression) for a download source row: an instance for a method of a class
    (`requests.Session().get(...)`), the function itself otherwise."""
    parts = api.split(".")
    owner = next((i for i, part in enumerate(parts) if part[:1].isupper()), 1 if api.startswith("boto3.client.") else None)
    if owner is None:
        return f"import {'.'.join(parts[:-1])}", f"{api}({arguments})"
    made = '"s3"' if parts[owner] == "client" else ""
    return f"import {'.'.join(parts[:owner])}", f"{'.'.join(parts[:owner + 1])}({made}).{'.'.join(parts[owner + 1:])}({arguments})"


@SETTINGS
@given(api=st.sampled_from(sorted(sources.ORIGINS)), data=st.data())
def test_a_download_from_a_fixed_origin_is_its_own_threat_model(tmp_path_factory, api, data):
    origin = sources.ORIGINS[api]
    positional, keywords, fixed = ['"GET"'] if any(at == 1 and name == "url" for at, name in origin) else [], [], True
    for position, keyword in origin:
        how = data.draw(st.sampled_from(["literal", "relative", "variable"] if keyword == "url" else ["literal", "variable"]))
        value = {"literal": '"https://models.example.com/m.pkl"' if keyword == "url" else '"acme/model"',
                 "relative": '"/m.pkl"', "variable": "where"}[how]
        fixed &= how == "literal"
        if position is not None and position == len(positional) and data.draw(st.booleans()):
            positional.append(value)
        else:
            keywords.append(f"{keyword}={value}")
    statement, call = download_call(api, ", ".join(positional + keywords))
    code = f"""import pickle
{statement}

def fetch(where):
    return pickle.loads({call})
"""
    expected = [(sink_line(code), threat_models.FIXED_ORIGIN if fixed else "download")]
    assert scan(tmp_path_factory.mktemp("origin"), code, frozenset({"download", threat_models.FIXED_ORIGIN})) == expected
    assert scan(tmp_path_factory.mktemp("origin-default"), code) == ([] if fixed else expected)


def test_every_origin_row_names_a_download_source():
    download = {row.api for row in sources.SOURCES if row.threat_model == "download"}
    assert set(sources.ORIGINS) == download
