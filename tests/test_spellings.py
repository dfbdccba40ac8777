"""Reading imports and calls from a file's bytes (engine/spellings.py), which the demand-driven scan uses
to find the files that can call a function before it parses them. Each answer may only err on the side of
reading a file: a name it calls "outside" must be one no code in the file can make ours."""
from __future__ import annotations

import pytest

from deserialguard.engine.spellings import (import_sources, line_number, outside_modules, receiver_root,
                                             star_imports)


@pytest.mark.parametrize("text, root", [
    ("json.loads(x)", "json"),
    ("a.b.c.loads(x)", "a"),
    ("a . b\n    .loads(x)", "a"),
    ("self.codec.loads(x)", "self"),
    ("f().loads(x)", None),
    ("items[0].loads(x)", None),
    ("'text'.loads", None),
    ("1.5.loads", None),
])
def test_what_a_method_is_called_on(text, root):
    data = text.encode()
    assert receiver_root(data, data.rindex(b".loads")) == (root.encode() if root else None)


@pytest.mark.parametrize("text, outside", [
    ("import json\njson.loads(x)\n", {"json"}),
    ("import json, os.path as p  # note\njson.loads(p.join(a))\n", {"json", "p"}),
    ("import json\r\njson.loads(x)\r\n", {"json"}),
    ("import json\nfrom json import JSONDecodeError\njson.loads(x)\n", {"json"}),
    ("import ujson as json\njson.loads(x)\n", {"json"}),
    # named where it gets no value: a comment, a string, a call's keyword, an import renaming another
    ("import json\n# json is the standard one\nkind = 'application/json'\njson.loads(x)\n", {"json"}),
    ("import json\npost(url, json=body)\npost(\n    url,\n    json = body)\njson.loads(x)\n", {"json"}),
    ("import json\npost(')', json=body)\njson.loads(x)\n", {"json"}),
    ("import json\nfrom codec import json as codec_json\njson.loads(x)\n", {"json"}),
    # ours: a module of the scanned code
    ("import codec\ncodec.loads(x)\n", set()),
    # given another value, or possibly so
    ("import json\njson = Codec()\n", set()),
    ("import json\ndef f(json): return json.loads(x)\n", set()),
    ("import json\nfor json in codecs: json.loads(x)\n", set()),
    ("import json\ntry: pass\nexcept E as json: json.loads(x)\n", set()),
    ("import json\nfrom codec import json\n", set()),
    ("import json\nfrom codec import json as json\n", set()),
    ("import json\ndef f(a, json=None): return json.loads(a)\n", set()),
    ("import json\ndef f[T](a: T, json=None): return json.loads(a)\n", set()),
    ("import json\ndef f(\n    a=')',\n    json=None,\n): return json.loads(a)\n", set()),
    ("import json\nf(lambda a, json=None: json.loads(a))\n", set()),
    ("import json\na, json = pair\n", set()),
    ("import json\nf(json := Codec())\n", set()),
    ("import json\nwith open(p) as json: json.loads(x)\n", set()),
    ("import json\nfrom codec import *\n", set()),
    # an import this reading does not follow: nothing is assumed
    ("x = 1; import json\njson.loads(x)\n", set()),
    ("import json, \\\n    os\njson.loads(x)\n", set()),
])
def test_names_bound_only_to_outside_modules(text, outside):
    assert outside_modules(text.encode(), {"codec"}) == {name.encode() for name in outside}


def test_line_numbers_count_line_breaks_as_the_parser_does():
    for data in (b"a\nb\nc", b"a\r\nb\r\nc", b"a\rb\rc", b"a\r\nb\rc"):
        assert [line_number(data, data.index(letter)) for letter in b"abc"] == [1, 2, 3]


@pytest.mark.parametrize("text, sources", [
    ("from codec import restore\n", ["codec"]),
    ("from .codec import restore as decode\n", [".codec"]),
    ("from codec import (\n    other,\n    restore,\n)\n", ["codec"]),
    ("from codec import other, \\\n    restore\n", ["codec"]),
    ("import restore\n", [""]),
    ("    from pkg.codec import restore  # in a function\n", ["pkg.codec"]),
    ("x = reimport(restore)\nfrom codec import restored\n", []),
    ("# from codec import restore\n", []),
    # a statement starts a line, or follows a `;` or a `:` (these once read as nothing)
    ("from flask import request; from codec import restore\n", ["codec"]),
    ("x = 1; import restore\n", [""]),
    ("if TYPE_CHECKING: from codec import restore\n", ["codec"]),
    ("from codec \\\n    import restore\n", ["codec"]),
])
def test_where_imports_take_a_name_from(text, sources):
    assert import_sources(text.encode(), "restore") == sources


@pytest.mark.parametrize("text, modules", [
    ("from .codec import *\nfrom pkg import *\n", [".codec", "pkg"]),
    ("from . import *\n", ["."]),
    ("import os\n", []),
    ("from codec \\\n    import *\n", None),
])
def test_star_imports(text, modules):
    assert star_imports(text.encode()) == modules
