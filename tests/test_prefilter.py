"""The byte prefilter: every way code can spell a call to a sink makes its file a candidate; files that
merely mention a sink's module do not. (That the findings stay those of an exhaustive scan is
test_demand.py's job.)"""
from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

from deserialguard.engine.prefilter import Words, may_hold_sink, names_a_type, strings_and_comments

HOLDS = {
    "attribute": "import pickle\npickle.loads(data)\n",
    "module alias": "import pickle as p\np.loads(data)\n",
    "spaced attribute": "import yaml\nyaml . load(stream)\n",
    "from import": "from torch import load\nload(path)\n",
    "from import alias": "from pickle import loads as decode_it\ndecode_it(data)\n",
    "submodule alias": "from torch.serialization import load as tl\ntl(f)\n",
    "parenthesized import": "from pickle import (\n    dumps,\n    loads,\n)\n",
    "constructor sink": "import yaml\nyaml.Loader(stream).get_single_data()\n",
    "project unpickler subclass": "from .codec import SafeUnpickler\nSafeUnpickler(f).load()\n",
    "transport method": "import zmq\nsocket.recv_pyobj()\n",
    "numpy with allow_pickle": "import numpy as np\nnp.load(f, allow_pickle=True)\n",
    "aliased module": "import cPickle\ncPickle.loads(data)\n",
    "six alias": "from six.moves import cPickle\ncPickle.loads(data)\n",
}

HOLDS_NONE = {
    "module named only": "import pickle\n\ndef f(x):\n    return pickle.dumps(x)\n",
    "torch without load": "import torch\nmodel = torch.nn.Linear(2, 2)\nstate = model.load_state_dict(s)\n",
    "load of another module": "import json\nimport torch\njson.loads(text)\n",
    "numpy load without allow_pickle": "import numpy as np\nnp.load(path)\n",
    "no sink words": "def load(x):\n    return x.loads\n",
    "word inside a name": "import yaml\ndef downloads():\n    return yaml_loads_count\n",
}


@pytest.mark.parametrize("text", HOLDS.values(), ids=HOLDS.keys())
def test_every_spelling_of_a_sink_call_is_a_candidate(text):
    assert may_hold_sink(text.encode())


@pytest.mark.parametrize("text", HOLDS_NONE.values(), ids=HOLDS_NONE.keys())
def test_files_without_a_sink_call_are_not_candidates(text):
    assert not may_hold_sink(text.encode())


def mentioning(names, texts: dict) -> set:
    words = Words(names)
    return {key for key, data in texts.items() if words.in_bytes(data)}


def test_mentioning_finds_files_by_any_name():
    texts = {"a": b"x = restore(blob)", "b": b"Holder(payload).open()", "c": b"nothing here"}
    assert mentioning({"restore", "Holder"}, texts) == {"a", "b"}
    assert mentioning(set(), texts) == set()


def test_mentioning_is_by_whole_words():
    texts = {"call": b"ok = check(x)", "longer": b"checkpoint = 1", "inside": b"rechecked = 2"}
    assert mentioning({"check"}, texts) == {"call"}


def test_a_method_is_found_where_it_is_called_on_something():
    texts = {"attribute": b"codec.restore(x)", "self": b"self.restore(x)", "bare": b"restore(x)",
             "longer": b"codec.restored(x)"}
    assert mentioning({".restore"}, texts) == {"attribute", "self"}


def test_words_are_whole_beside_non_ascii_text():
    words = Words({"check", ".restore"})
    for text, expected in [("ok = check(x)", True), ("checkpoint = 1", False), ("codec.restore(x)", True),
                           ("restore(x)", False), ("# é check", True), ("écheck", False)]:
        assert words.in_bytes(text.encode()) is expected
    assert not Words(set()).in_bytes(b"check")


# --- what is code: names in docstrings, comments and strings do not call anything ------------------------

def in_code(names, text: str) -> list[str]:
    """The lines where the names occur in code."""
    data = text.encode()
    return [data[:start].decode().count("\n") + 1 for start in Words(names).starts_in_code(data)]


def test_names_in_docstrings_comments_and_strings_are_not_code():
    text = ('def view(blob):\n'                                   # 1
            '    """Example: codec.restore(blob)\n'               # 2
            '    restore it, then restore(blob) again."""\n'      # 3
            "    # restore(blob) would be wrong here\n"           # 4
            "    label = 'call restore(blob)'\n"                  # 5
            '    return codec.restore(blob)  # restore\n')        # 6
    assert in_code({"restore", ".restore"}, text) == [6, 6]


def test_f_string_fields_and_type_names_are_code():
    text = ('def view(blob: "Holder", other: "dict[str, Holder] | None"):\n'   # 1: string annotations
            '    note = f"{restore(blob)}"\n'                        # 2: an f-string field calls it
            "    again = rf'{restore(blob)}'\n"                      # 3
            "    text = 'Holder of things'\n")                       # 4: prose
    assert in_code({"restore", "Holder"}, text) == [1, 1, 2, 3]


def test_f_strings_that_nest_their_own_quotes_stay_code():
    """Python 3.12: `f"{d["k"] + restore(x)}"`. Read with the older rules, `"] + restore(x)}"` looks like
    a string of its own; it follows a name that is no string prefix, so it is read as code."""
    text = 'label = f"{d["k"] + restore(x)}"\nnote = "restore(y)"\nraw = rb"restore(z)"\n'
    assert in_code({"restore"}, text) == [1]


def test_quotes_inside_strings_and_comments_do_not_open_strings():
    text = ('a = "it\'s # not a comment"; restore(1)\n'              # 1
            "b = '\"\"\"'; restore(2)  # don't \"\"\" restore(3)\n"  # 2
            'c = """\n'                                              # 3
            "'restore(4)' \\\"\"\" still inside\n"                   # 4
            '"""; restore(5)\n'                                      # 5
            "d = r'\\'; restore(6)'\n")                              # 6: a raw string's \' does not end it
    assert in_code({"restore"}, text) == [1, 2, 5]


def python_files():
    root = Path(__file__).resolve().parent.parent
    return sorted([*(root / "src").rglob("*.py"), *(root / "tests").rglob("*.py")])


def test_strings_and_comments_are_those_of_the_tokenizer():
    """On every Python file of this project, annotated cases included: same comments and strings, where
    the tokenizer's string starts with its prefix (b, r, u; f-strings and type names are code here)."""
    checked = 0
    for path in python_files():
        data = path.read_bytes()
        try:
            tokens = list(tokenize.tokenize(io.BytesIO(data).readline))
        except (tokenize.TokenError, SyntaxError):
            continue
        starts = [0]
        for line in data.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))

        def offset(row: int, column: int) -> int:
            line = data[starts[row - 1]:starts[row]].decode("utf-8")
            return starts[row - 1] + len(line[:column].encode("utf-8"))

        expected = []
        for token in tokens:
            if token.type == tokenize.COMMENT:
                expected.append((offset(*token.start), offset(*token.end)))
            elif token.type == tokenize.STRING:
                quote = len(token.string) - len(token.string.lstrip("bBrRuUfF"))
                body = token.string[quote:]
                start = offset(*token.start)
                after_a_keyword = start > 0 and (data[start - 1:start].isalnum() or data[start - 1:start] == b"_")
                if "f" not in token.string[:quote].lower() and not names_a_type(body.encode()) \
                        and not after_a_keyword:
                    expected.append((start + quote, offset(*token.end)))
        assert list(strings_and_comments(data)) == expected, path
        checked += 1
    assert checked > 100


def test_quoted_answers_as_the_spans_do_at_every_offset():
    """Quoted reads as far as asked and judges only the piece an offset falls in: the same answers as
    strings_and_comments() at every offset, asked in order or not."""
    from deserialguard.engine.prefilter import Quoted
    text = ('x: "Holder" = f"{d["k"]}"  # a comment\n'
            's = """doc "quoted" \\""" """; t = rb\'raw\\\'\'\n'
            'return"x" + u"y" + \'\'\'z\n\'\'\'\n# last').encode()
    spans = list(strings_and_comments(text))
    expected = [any(start <= at < end for start, end in spans) for at in range(len(text))]
    assert [at in Quoted(text) for at in range(len(text))] == expected
    backwards = Quoted(text)
    assert [at in backwards for at in reversed(range(len(text)))] == expected[::-1]
    assert any(expected) and not all(expected)
