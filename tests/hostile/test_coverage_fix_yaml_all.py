"""`fix` of PyYAML's multi-document loaders keeps multi-document input working (issue 20, item 17): each
spelling of `load_all`, `full_load_all` and `unsafe_load_all` is fixed, and the fixed function, run for
real on a YAML stream of several documents, returns every document in order.

The fixed code is this test's own program (a helper and a Flask view), run in a namespace of its own; the
scanner itself never runs what it analyses.
"""
from __future__ import annotations

import textwrap

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from deserialguard.fix import fix_paths

PROGRAM = '''\
{imports}
from flask import Flask, request

app = Flask(__name__)


def parse(text):
    return list({call})


@app.post("/documents")
def documents():
    return {{"documents": parse(request.get_data(as_text=True))}}
'''
SPELLINGS = {
    "load_all with Loader=": ("import yaml", "yaml.load_all(text, Loader=yaml.FullLoader)"),
    "load_all, loader by position": ("import yaml", "yaml.load_all(text, yaml.Loader)"),
    "load_all with UnsafeLoader": ("import yaml", "yaml.load_all(text, Loader=yaml.UnsafeLoader)"),
    "load_all, stream by keyword": ("import yaml", "yaml.load_all(stream=text, Loader=yaml.Loader)"),
    "full_load_all": ("import yaml", "yaml.full_load_all(text)"),
    "unsafe_load_all": ("import yaml", "yaml.unsafe_load_all(text)"),
    "names from yaml": ("from yaml import Loader, load_all", "load_all(text, Loader=Loader)"),
    "unsafe_load_all from yaml": ("from yaml import unsafe_load_all", "unsafe_load_all(text)"),
}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=20))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                         max_leaves=8)


@pytest.fixture(scope="module")
def fixed_parsers(tmp_path_factory) -> dict:
    """Each spelling written, fixed in place, and run: its parse() function."""
    parsers = {}
    for name, (imports, call) in SPELLINGS.items():
        path = tmp_path_factory.mktemp("yaml_all") / "app.py"
        path.write_text(PROGRAM.format(imports=imports, call=call))
        result = fix_paths([path], write=True)
        fixed = path.read_text()
        assert result.applied and not result.refusals and fixed != PROGRAM.format(imports=imports, call=call), (
            f"{name}: not fixed\n{fixed}")
        namespace: dict = {"__name__": f"fixed_{len(parsers)}"}
        exec(compile(fixed, str(path), "exec"), namespace)
        parsers[name] = (namespace["parse"], fixed)
    return parsers


@settings(max_examples=60, deadline=None)
@given(stream=st.lists(documents, min_size=2, max_size=5))
def test_fixed_multi_document_loaders_return_every_document(fixed_parsers, stream):
    text = yaml.safe_dump_all(stream)
    for name, (parse, fixed) in fixed_parsers.items():
        assert parse(text) == stream, f"{name}:\n{textwrap.indent(fixed, '    ')}"


def test_python_tags_are_refused_after_the_fix(fixed_parsers, tmp_path):
    marker = tmp_path / "ran"
    hostile = f"a: 1\n---\n!!python/object/apply:os.system ['touch {marker}']\n"
    for name, (parse, _) in fixed_parsers.items():
        with pytest.raises(yaml.YAMLError):
            parse(hostile)
    assert not marker.exists()
