"""Function bodies and top-level statements let go while a scan runs (engine/bodies.py) come back as they
were, and the scan's findings do not depend on when they are let go: here every module's are let go as
soon as it is parsed.
Lines read from a file's bytes when asked (engine/parse.Lines) are the lines the parser numbers."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_marks as cm  # noqa: E402
import deserialguard.engine as engine  # noqa: E402
from deserialguard.catalog import threat_models  # noqa: E402
from deserialguard.engine import bodies, scan_paths  # noqa: E402
from deserialguard.engine.parse import Lines, lines_of, parse_source, source_lines  # noqa: E402
from deserialguard.engine.project import Project  # noqa: E402
from test_demand import CASES, TESTS, generate_tree  # noqa: E402

ROOT = TESTS.parent
REAL_FILES = sorted([*(TESTS / "corpus").rglob("*.py"), *(TESTS / "heldout").rglob("*.py"),
                     *(ROOT / "src").rglob("*.py")])

TRICKY = {
    "tabs": "class A:\n\tdef f(self, x):\n\t\ty = x\n\t\tz = y\n\t\treturn z\n",
    "form feed and carriage returns": "\x0c\r\nclass A:\r\n    def f(self):\r\n        a = 1\r\n\x0c\r\n"
                                      "        return a\r\n",
    "not ascii": "def f(name='é'):\n    t = 'ü' + name\n    u = t * 2\n    return u.encode()  # ß\n",
    "async, decorated, in a nested class": "import functools\n\n\nclass A:\n    class B:\n"
                                           "        @functools.cache\n        async def f(self):\n"
                                           "            await g()\n            await h()\n            return 2\n",
    "a signature over lines": "def f(\n    a,\n    b=(1,\n       2),\n) -> int:\n    c = a\n    d = c\n    return d\n",
    "a body on the header's line and after it": "def f(x): y = x; \\\n    z = y; \\\n    w = z\n\n\ndef g():\n    pass\n    pass\n    pass\n",
    "strings at the margin": 'def f():\n    s = """\nnot code\n"""\n    return s\n',
}


def functions_let_go(text: str, name: str = "case.py"):
    """(the module, its functions let go, the same functions parsed afresh)."""
    parsed = parse_source(text, Path(name), name)
    module = Project().add(parsed)
    bodies.let_go(module, set())
    fresh = Project().add(parse_source(text, Path(name), name))
    pairs = [(f, g) for f, g in zip(module.every_function, fresh.every_function) if bodies.is_let_go(f.node)]
    return module, pairs


def dump(node: ast.AST) -> str:
    return ast.dump(node, include_attributes=True)


@pytest.mark.parametrize("name", TRICKY)
def test_a_body_let_go_comes_back_as_it_was(name):
    _, pairs = functions_let_go(TRICKY[name])
    assert pairs
    for function, fresh in pairs:
        assert bodies.body_start(function.node) == (fresh.node.body[0].lineno, fresh.node.body[0].col_offset)
        assert dump(function.node) == dump(fresh.node)
        assert not bodies.is_let_go(function.node)      # a plain node again


def test_every_body_of_the_real_files_comes_back_as_it_was():
    count = 0
    for path in REAL_FILES:
        _, pairs = functions_let_go(path.read_text(encoding="utf-8"), str(path))
        for function, fresh in pairs:
            assert dump(function.node) == dump(fresh.node), (path, function.qualname)
        count += len(pairs)
    assert count > 500


CODE = {
    "an if block": "import sys\nif sys.version_info < (3, 8):\n    x = 1\n    y = [x,\n         2]\nelse:\n    x = 2\n",
    "a table over lines": "TABLE = {\n    'a': (1, 2),\n    'b': [3,\n          4],\n}\nOTHER = TABLE['a']\n",
    "after a semicolon": "import os; PATHS = [\n    os.sep,\n]\nz = 1\n",
    "after a line that goes on": "x = 1 + \\\n    2\ny = (x,\n     x)\n",
    "try and with": "try:\n    import json\nexcept ImportError:\n    json = None\n"
                    "with open(__file__) as f:\n    data = f.read()\n",
    "not ascii, tabs": "if True:\n\tname = 'é'\n\tsame = name * 2  # ß\n",
    "a docstring": '"""A module.\n\nOver lines.\n"""\nimport os\n',
    "a form feed": "\x0cif 1:\r\n    a = 1\r\n\x0c\r\n    b = a\r\n",
}


def code_let_go(text: str, name: str = "case.py"):
    """(the module with its top-level statements let go, the statements let go, the same module parsed afresh)."""
    module = Project().add(parse_source(text, Path(name), name))
    bodies.let_go_of_code(module)
    fresh = Project().add(parse_source(text, Path(name), name))
    return module, [node for node in module.tree.body if bodies.is_let_go(node)], fresh


@pytest.mark.parametrize("name", CODE)
def test_top_level_code_let_go_comes_back_as_it_was(name):
    module, let_go, fresh = code_let_go(CODE[name])
    assert let_go
    assert all(len(node.__dict__) == len(node._attributes) + 1 for node in let_go)     # fields gone but one
    list(ast.walk(module.tree))             # read: dump() would look at a class of the node let go
    assert dump(module.tree) == dump(fresh.tree)
    assert not any(bodies.is_let_go(node) for node in module.tree.body)


def test_all_top_level_code_of_the_real_files_comes_back_as_it_was():
    count = 0
    for path in REAL_FILES:
        module, let_go, fresh = code_let_go(path.read_text(encoding="utf-8"), str(path))
        list(ast.walk(module.tree))
        assert dump(module.tree) == dump(fresh.tree), path
        count += len(let_go)
    assert count > 150


def test_top_level_code_that_holds_a_definition_or_is_short_is_kept():
    text = ("import os\nif os.name == 'nt':\n    def f():\n        return 1\nelse:\n    f = None\n"
            "X = [1,\n     2]\nY = 3\n\n\ndef g():\n    a = 1\n    return a\n")
    module, let_go, _ = code_let_go(text)
    assert [node.lineno for node in let_go] == [7]
    assert module.every_function[0].node is module.tree.body[1].body[0]      # the node the project knows


def test_a_body_that_will_not_parse_alone_is_taken_from_the_whole_module(monkeypatch):
    parse = bodies._parse
    calls = []

    def alone_fails(source):
        calls.append(source)
        return None if len(calls) == 1 else parse(source)
    monkeypatch.setattr(bodies, "_parse", alone_fails)
    _, pairs = functions_let_go(TRICKY["tabs"])
    function, fresh = pairs[0]
    assert dump(function.node) == dump(fresh.node)
    assert len(calls) == 2 and "class A" in calls[1]


def test_what_holds_a_definition_or_is_short_is_kept():
    text = ("def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n\n\n"
            "def short():\n    return 1\n\n\ndef long():\n    a = 1\n    b = a\n    return b\n")
    module, pairs = functions_let_go(text)
    assert [f.qualname for f, _ in pairs] == ["case.long"]


@pytest.fixture
def let_go_at_once(monkeypatch):
    """Every module's bodies and top-level code let go as it is parsed; counts what is parsed again."""
    monkeypatch.setattr(engine, "KEEP_READ_SOON", 0)
    restored = []
    restore = bodies.restore
    monkeypatch.setattr(bodies, "restore", lambda node: restored.append(node) or restore(node))
    return restored


@pytest.mark.parametrize("case_path", CASES, ids=[p.relative_to(TESTS).as_posix() for p in CASES])
def test_the_annotated_cases_find_the_same_with_every_body_let_go(case_path, let_go_at_once):
    models = threat_models.parse(cm.load_case(case_path).threat_models)
    let_go = scan_paths([case_path], models, jobs=1)
    exhaustive = scan_paths([case_path], models, exhaustive=True)
    assert [f.to_dict() for f in let_go.findings] == [f.to_dict() for f in exhaustive.findings]
    assert not [e for e in let_go.errors if "internal error" in e.reason]


@pytest.mark.parametrize("seed", range(8))
def test_generated_trees_find_the_same_with_every_body_let_go(tmp_path, seed, let_go_at_once):
    generate_tree(tmp_path, seed)
    let_go = scan_paths([tmp_path], jobs=1)
    exhaustive = scan_paths([tmp_path], exhaustive=True)
    assert [f.to_dict() for f in let_go.findings] == [f.to_dict() for f in exhaustive.findings]
    assert let_go_at_once                  # bodies were let go, then read: parsed again


@given(st.text(alphabet="ab é\n\x0b\x0c\x1c\x85\u2028\U0001f600", max_size=40),
       st.integers(-3, 45), st.integers(-3, 45))
def test_lines_read_from_bytes_are_the_parsers_lines(text, start, stop):
    lines, expected = Lines(text.encode("utf-8")), source_lines(text)
    assert list(lines) == expected and len(lines) == len(expected)
    assert lines[start:stop] == expected[start:stop]
    if -len(expected) <= start < len(expected):
        assert lines[start] == expected[start]
    else:
        with pytest.raises(IndexError):
            lines[start]


@pytest.mark.parametrize("data, compact", [
    (b"x = 1\ny = 2\n", True),
    ("s = 'é'\n".encode(), True),
    (b"x = 1\r\ny = 2\r\n", False),                          # carriage returns: a list
    (b"\xef\xbb\xbfx = 1\n", False),                          # a byte order mark
    ("# -*- coding: latin-1 -*-\ns = 'é'\n".encode("latin-1"), False),
])
def test_lines_are_read_from_the_bytes_where_they_are_the_text(data, compact):
    from deserialguard.engine.parse import decode_source
    text = decode_source(data, "case.py")
    lines = lines_of(text, data)
    assert isinstance(lines, Lines) == compact
    assert list(lines) == source_lines(text)
