"""The demand-driven scan (the default) finds exactly what the exhaustive scan finds.

It parses only files that can hold a sink, then the files that call into them, found by name; these tests
compare both modes on every annotated case and on generated trees whose flows cross many files, most of
which hold no sink and are reached only through callers.
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_marks as cm  # noqa: E402
from deserialguard.catalog import threat_models  # noqa: E402
from deserialguard.engine import scan_paths  # noqa: E402

TESTS = Path(__file__).resolve().parent
CASES = cm.discover(TESTS / "corpus") + cm.discover(TESTS / "heldout")


class FalseNegative(AssertionError):
    """A finding the analysis misses today. A known miss is `xfail(strict=True, raises=FalseNegative)`, so
    the test's other assertions still fail it, and the day the finding comes it fails as XPASS."""


def known_miss(reason: str):
    return pytest.mark.xfail(strict=True, raises=FalseNegative, reason=reason)


def both(paths, models=threat_models.DEFAULT):
    demand = scan_paths(paths, models)
    exhaustive = scan_paths(paths, models, exhaustive=True)
    return [f.to_dict() for f in demand.findings], [f.to_dict() for f in exhaustive.findings]


@pytest.mark.parametrize("case_path", CASES, ids=[p.relative_to(TESTS).as_posix() for p in CASES])
def test_same_findings_on_the_annotated_cases(case_path, tmp_path):
    models = threat_models.parse(cm.load_case(case_path).threat_models)
    demand, exhaustive = both([case_path], models)
    assert demand == exhaustive
    if case_path.is_file():     # named on the command line, a file is always parsed: in a folder, the
        shutil.copy(case_path, tmp_path / case_path.name)           # prefilter decides
        demand, exhaustive_in_folder = both([tmp_path], models)
        assert demand == exhaustive_in_folder
        assert len(exhaustive_in_folder) == len(exhaustive)


def generate_tree(root: Path, seed: int) -> int:
    """A package where request data passes through a chain of helpers in separate modules before a sink,
    entry points that reach the chain at random depths (some with constants only), re-exports, a class
    whose field carries the data across files, and unrelated modules. Returns how many entry points
    pass request data."""
    rng = random.Random(seed)
    depth = rng.randint(4, 10)
    package = root / "service"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from .chain0 import step0 as entry_point\n")
    (package / "codec.py").write_text(
        "import base64\nimport pickle\n\n\n"
        "def restore(blob):\n    raw = base64.b64decode(blob)\n    return pickle.loads(raw)\n\n\n"
        "class Holder:\n    def __init__(self, payload):\n        self.payload = payload\n\n"
        "    def open(self):\n        return pickle.loads(self.payload)\n\n\n"
        "class Codec:\n    def restore(self, blob):\n        return restore(blob)\n\n\nCODEC = Codec()\n")
    for index in range(depth):
        module, function = ("codec", "restore") if index == depth - 1 else (f"chain{index + 1}", f"step{index + 1}")
        # each step imports the next as a name, as a module of the package, or by its absolute name; the
        # last calls the codec's function, or its method on an object made here or kept in the module
        callee, call = rng.choice([(f"from .{module} import {function} as next_step", "next_step"),
                                   (f"from . import {module}", f"{module}.{function}"),
                                   (f"import service.{module}", f"service.{module}.{function}"),
                                   *([("from .codec import Codec", "Codec().restore"),
                                      ("from .codec import CODEC", "CODEC.restore")] if module == "codec" else [])])
        transform = rng.choice(["value.strip()", "bytes(value)", "value[4:]", "value + b''"])
        (package / f"chain{index}.py").write_text(
            f"{callee}\n\n\ndef step{index}(value):\n    staged = {transform}\n    return {call}(staged)\n")
    tainted = 0
    for entry in range(rng.randint(3, 7)):
        target = rng.randrange(depth)
        constant = rng.random() < 0.3
        tainted += not constant
        argument = "b'fixed-value'" if constant else "request.get_data()"
        via_reexport = target == 0 and rng.random() < 0.5
        importer = "from service import entry_point as go" if via_reexport else rng.choice([
            f"from service.chain{target} import step{target} as go",
            f"import service.chain{target} as chain\ngo = chain.step{target}",
            f"import service.chain{target}\ngo = service.chain{target}.step{target}",
            f"from service import chain{target}\ngo = chain{target}.step{target}",
            f"from service.chain{target} import *\ngo = step{target}",
            f"from service.chain{target} import step{target}\n\n\ndef go(value):\n    return step{target}(value=value)"])
        # the imports on one line or on lines of their own; the Holder through the chain's call, or none
        imports = "; ".join if rng.random() < 0.5 else "\n".join
        holder = rng.random() < 0.7
        # the view calls the chain itself, or through a method, or through a field of an object
        helper, call = rng.choice([
            ("", "go(data)"),
            ("class Runner:\n    def run(self, value):\n        return go(value)\n\n\n", "Runner().run(data)"),
            ("class Job:\n    def __init__(self, value):\n        self.value = value\n\n"
             "    def run(self):\n        return go(self.value)\n\n\n", "Job(data).run()")])
        text = (imports(["from flask import Flask, request", importer]) + "\n"
                + ("from service.codec import Holder\n" if holder else "") +
                f"\n\n{helper}app = Flask(__name__)\n\n\n@app.post('/restore{entry}')\ndef restore{entry}():\n"
                f"    data = {argument}\n    {call}\n    return {'Holder(data).open()' if holder else 'None'}\n")
        if rng.random() < 0.3:      # a view of the package's own, importing relatively
            (package / "web").mkdir(exist_ok=True)
            (package / "web" / "__init__.py").write_text("")
            text = text.replace("from service.", "from ..").replace("from service import", "from .. import")
            (package / "web" / f"views{entry}.py").write_text(text)
        else:
            (root / f"views{entry}.py").write_text(text)
    for other in range(rng.randint(2, 6)):
        (root / f"unrelated{other}.py").write_text(f"def helper{other}(x):\n    return x * {other}\n")
    return tainted


@pytest.mark.parametrize("seed", range(8))
def test_same_findings_on_generated_trees(tmp_path, seed):
    tainted = generate_tree(tmp_path, seed)
    demand, exhaustive = both([tmp_path])
    assert demand == exhaustive
    entries = {s["path"] for f in exhaustive for s in f["sources"]}
    assert len(entries) == tainted            # every entry point that passes request data is found
    assert all(s["severity"] == "critical" for f in exhaustive for s in f["sources"])


def test_mutual_star_imports_with_missing_modules(tmp_path):
    """Packages whose modules star-import each other and modules that are not there (a tree taken in
    part, as sympy's is in the benchmark subsets): names resolve, unresolvable ones give up quickly, and
    both modes agree."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from .a import *\nfrom .b import *\n")
    for index, name in enumerate("abcdefgh"):
        others = "".join(f"from .{o} import *\n" for o in "abcdefgh" if o != name)
        (package / f"{name}.py").write_text(f"{others}from .missing{index} import *\n\n\n"
                                            f"def helper_{name}(x):\n    return unknown_{name}(x)\n")
    (package / "codec.py").write_text("from . import *\nimport pickle\n\n\n"
                                      "def restore(blob):\n    return pickle.loads(helper_a(blob))\n")
    (tmp_path / "app.py").write_text("from flask import Flask, request\nfrom pkg.codec import restore\n\n"
                                     "app = Flask(__name__)\n\n\n@app.post('/r')\ndef r():\n"
                                     "    return restore(request.data)\n")
    demand, exhaustive = both([tmp_path])
    assert demand == exhaustive
    assert [(Path(f["source"]["path"]).name, f["sink"]["line"]) for f in exhaustive] == [("app.py", 6)]


# --- what a module's methods read and store (the choice of sibling writers rests on it) -------------

ATTRIBUTE_SOURCES = {
    "plain": "class A:\n    def f(self):\n        self.a = self.b + 1\n        self.c += self.c\n",
    "targets": "class A:\n    def f(self, o):\n        self.a, (self.b, o.c) = 1, (2, 3)\n"
               "        with open(o) as self.e: pass\n        [*self.f] = [1]\n",
    "for target": "class A:\n    def f(self):\n        for self.d in []: pass\n",
    "annotated": "class A:\n    def f(self):\n        self.a: int = 1\n        self.b: int\n",
    "f-strings": "class A:\n    def f(self):\n        return f'{self.a=} {self.b = !r} {self.c=:>3}'\n",
    "spaced": "class A:\n    def f(self):\n        return (self\n                .a, self . b)\n",
    "shared": "import flask\nX = 0\nclass A:\n    def f(self):\n        global X\n        X = 1\n"
              "        flask.g.user = self.u\n        type(self).k = 1\n        cls.z = 2\n"
              "    def g(self):\n        def h():\n            nonlocal q\n        q = 1\n",
    "comprehension target": "class A:\n    def f(self, o):\n        return [1 for o.x in range(3)]\n",
    "comprehension, no store": "class A:\n    def f(self, o):\n        return [x for x in o.items]\n",
}


def assert_facts_cover_a_full_walk(module, where=None) -> None:
    """Stores and shared-state writes as a walk of every node finds them; reads at least those."""
    from deserialguard.engine import demand

    uses, writes = demand._attribute_facts(module)
    walked_uses, walked_writes = demand._attribute_facts_walking(module.tree)
    assert writes == walked_writes, where
    assert {u for u in uses if u[2]} == {u for u in walked_uses if u[2]}, where
    assert {u for u in walked_uses if not u[2]} <= {u for u in uses if not u[2]}, where


@pytest.mark.parametrize("name", ATTRIBUTE_SOURCES)
def test_attribute_facts_from_statements_and_text_cover_a_full_walk(name, tmp_path):
    from deserialguard.engine.parse import parse_file
    from deserialguard.engine.project import Project

    path = tmp_path / "m.py"
    path.write_text(ATTRIBUTE_SOURCES[name])
    assert_facts_cover_a_full_walk(Project().add(parse_file(path, "m.py")))


@pytest.mark.parametrize("text, in_code", [
    ("values = [v for self.last in items]\n", True),
    ("for obj.attr in items:\n    pass\n", True),
    ('"""Looks for os.environ in the settings."""\n', False),
    ("# for obj.attr in items: stores into obj\n", False),
    ("for item in items:\n    pass\n", False),
])
def test_a_loop_storing_into_an_attribute_is_looked_for_in_code(text, in_code):
    from deserialguard.engine.demand import _has_attribute_loop_target
    assert _has_attribute_loop_target(text.encode()) == in_code


def test_attribute_facts_on_every_annotated_case():
    from deserialguard.engine.parse import parse_file
    from deserialguard.engine.project import Project

    project = Project()
    for path in sorted({p for case in CASES for p in ([case] if case.is_file() else case.rglob("*.py"))}):
        assert_facts_cover_a_full_walk(project.add(parse_file(path, path.name)), path)


# --- callers of a module-level function: found through the imports that can reach it ---------------

def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


CODEC = "import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n"
VIEW = ("from flask import Flask, request\n{imports}\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/blobs')\ndef upload():\n    return repr({call}(request.get_data()))\n")


@pytest.mark.parametrize("imports, call, extra", [
    ("from core.codec import restore", "restore", {}),
    ("from core import restore", "restore", {"core/__init__.py": "from .codec import restore\n"}),
    ("import core", "core.restore", {"core/__init__.py": "from .codec import restore\n"}),
    ("import core", "core.restore", {"core/__init__.py": "from .codec import *\n"}),
    ("import core.codec", "core.codec.restore", {}),
    ("from core import codec", "codec.restore", {}),
    # re-exported by another package that star-imports it, used as that package's attribute
    ("import facade", "facade.restore", {"facade/__init__.py": "from core.codec import *\n"}),
    ("import facade", "facade.restore", {"facade/__init__.py": "from core.codec \\\n    import *\n"}),
    # re-exported by another package under the same name, imported from there
    ("from facade.api import restore", "restore",
     {"facade/__init__.py": "", "facade/api.py": "from core.codec import restore\n"}),
    ("from facade.api import *", "restore", {"facade/__init__.py": "", "facade/api.py": "from core.codec import restore\n"}),
    ("import facade.api", "facade.api.restore", {"facade/__init__.py": "", "facade/api.py": "from core.codec import *\n"}),
])
def test_callers_of_a_module_level_function_through_imports(tmp_path, imports, call, extra):
    write_tree(tmp_path, {"core/__init__.py": "", "core/codec.py": CODEC, **extra,
                          "web/views.py": VIEW.format(imports=imports, call=call)})
    demand, exhaustive = both([tmp_path])
    assert demand == exhaustive and len(exhaustive) == 1


def test_a_file_that_only_spells_the_name_is_not_parsed(tmp_path):
    from deserialguard.engine.demand import Inputs

    write_tree(tmp_path, {"core/__init__.py": "", "core/codec.py": CODEC,
                          "web/views.py": VIEW.format(imports="from core.codec import restore", call="restore"),
                          "tools/backup.py": "def restore(path):\n    return open(path).read()\n\n\n"
                                             "def main():\n    return restore('x')\n"})
    inputs = Inputs()
    assert len(scan_paths([tmp_path], inputs=inputs).findings) == 1
    parsed = {Path(p).relative_to(tmp_path).as_posix() for p in inputs.parsed}
    assert "web/views.py" in parsed and "tools/backup.py" not in parsed


HOLDER = ("import pickle\n\n\nclass Holder:\n    def __init__(self, payload):\n        self.payload = payload\n\n"
          "    def open(self):\n        return pickle.loads(self.payload)\n")
HOLDER_VIEW = ("from flask import Flask, request\n{imports}\n\napp = Flask(__name__)\n\n\n"
               "@app.post('/blobs')\ndef upload():\n    return repr({call}(request.get_data()).open())\n")


@pytest.mark.parametrize("imports, call, extra", [
    ("from core.codec import Holder", "Holder", {}),
    ("import core", "core.Holder", {"core/__init__.py": "from .codec import Holder\n"}),
    ("from core import codec as c", "c.Holder", {}),
    # a subclass that keeps the constructor, and one of its subclasses
    ("from core.sub import Sub", "Sub", {"core/sub.py": "from core.codec import Holder\n\n\nclass Sub(Holder):\n    pass\n"}),
    ("from core.subsub import SubSub", "SubSub",
     {"core/sub.py": "from core import codec\n\n\nclass Sub(codec.Holder):\n    kind = 'sub'\n",
      "core/subsub.py": "from core.sub import Sub\n\n\nclass SubSub(Sub):\n    def open_twice(self):\n"
                        "        return self.open(), self.open()\n"}),
])
def test_callers_of_a_constructor_through_imports(tmp_path, imports, call, extra):
    write_tree(tmp_path, {"core/__init__.py": "", "core/codec.py": HOLDER, **extra,
                          "web/views.py": HOLDER_VIEW.format(imports=imports, call=call),
                          "docs/notes.py": "# A Holder keeps the payload.\nHOLDER = 'Holder'\n"})
    from deserialguard.engine.demand import Inputs

    inputs = Inputs()
    demand = [f.to_dict() for f in scan_paths([tmp_path], inputs=inputs).findings]
    exhaustive = [f.to_dict() for f in scan_paths([tmp_path], exhaustive=True).findings]
    assert demand == exhaustive and len(exhaustive) == 1
    assert not any(p.endswith("notes.py") for p in inputs.parsed)


# --- constructors: wanted when a method of the class can deserialize the field they fill ----------------

STORE = ("import pickle\n\n\n{before}class Store{bases}:\n    def __init__(self, payload):\n        self.raw = payload\n"
         "        self.limit = 1 << 20\n\n{methods}")
STORE_VIEW = ("from flask import Flask, request\n\nfrom core.codec import Store\n\napp = Flask(__name__)\n\n\n"
              "@app.post('/blobs')\ndef upload():\n    store = Store(request.get_data())\n    store.prepare()\n"
              "    return repr(store.open())\n")
PREPARE = "    def prepare(self):\n        pass\n\n"


@pytest.mark.parametrize("before, bases, methods, found", [
    ("", "", PREPARE + "    def open(self):\n        return pickle.loads(self.raw)\n", 1),
    # through a method that returns the field
    ("", "", PREPARE + "    def blob(self):\n        return self.raw\n\n    def open(self):\n        return pickle.loads(self.blob())\n", 1),
    # copied into the field that is deserialized, by a method the deserializing one does not call
    ("", "", "    def prepare(self):\n        self.data = self.raw\n\n    def blob(self):\n        return self.data\n\n"
             "    def open(self):\n        return pickle.loads(self.blob())\n", 1),
    # through a property: its callers are searched all the same
    ("", "", PREPARE + "    @property\n    def blob(self):\n        return self.raw\n\n"
             "    def open(self):\n        return pickle.loads(self.blob)\n", 1),
])
def test_constructors_of_classes_that_deserialize_the_field_they_fill(tmp_path, before, bases, methods, found):
    from deserialguard.engine.demand import Inputs

    write_tree(tmp_path, {"core/__init__.py": "", "core/codec.py": STORE.format(before=before, bases=bases, methods=methods),
                          "web/views.py": STORE_VIEW})
    inputs = Inputs()
    demand = [f.to_dict() for f in scan_paths([tmp_path], inputs=inputs).findings]
    exhaustive = [f.to_dict() for f in scan_paths([tmp_path], exhaustive=True).findings]
    assert demand == exhaustive
    assert str(tmp_path / "web/views.py") in inputs.parsed
    if len(exhaustive) != found:
        raise FalseNegative(f"{len(exhaustive)} findings, want {found}")


@pytest.mark.parametrize("methods", [
    # a class method deserializes what it is given, not an instance's field
    "    @classmethod\n    def load(cls, path):\n        with open(path, 'rb') as f:\n            return cls(pickle.load(f))\n",
    # an instance method deserializes its parameter and reads another field
    "    def restore(self, blob):\n        if len(blob) > self.limit:\n            raise ValueError('too large')\n"
    "        return pickle.loads(blob)\n",
])
def test_constructors_of_classes_that_never_deserialize_the_field_are_not_searched(tmp_path, methods):
    from deserialguard.engine.demand import Inputs

    write_tree(tmp_path, {"core/__init__.py": "", "core/codec.py": STORE.format(before="", bases="", methods=methods),
                          "tools/build.py": "from core.codec import Store\n\n\ndef build(settings):\n"
                                            "    return Store(settings)\n"})
    inputs = Inputs()
    assert scan_paths([tmp_path], inputs=inputs).findings == []
    parsed = {Path(p).relative_to(tmp_path).as_posix() for p in inputs.parsed}
    assert "core/codec.py" in parsed and "tools/build.py" not in parsed


@pytest.mark.parametrize("source, hands_on", [
    ("def open(self):\n    return pickle.loads(self.raw)\n", False),
    ("def open(self):\n    return pickle.loads(self . raw)\n", False),
    ("def open(self):\n    return decode(self)\n", True),
    ("def open(self):\n    return pickle.loads(getattr(self, 'raw'))\n", True),
    ("def open(self): return pickle.loads(self.raw)\n", True),          # the parameter list is read too
    ("def open(this):\n    return pickle.loads(this.raw)\n", True),     # the text search looks for `self`
])
def test_a_method_that_hands_its_object_on(tmp_path, source, hands_on):
    from deserialguard.engine.demand import _hands_self_on
    from deserialguard.engine.parse import parse_file
    from deserialguard.engine.project import Project

    path = tmp_path / "codec.py"
    path.write_text("import pickle\n\n\nclass Store:\n" + "".join("    " + line + "\n" for line in source.splitlines()))
    module = Project().add(parse_file(path, path.name))
    assert _hands_self_on(module.classes["Store"].methods["open"]) == hands_on


# --- callers of a method: found where code calls it on something that can be ours ------------------------

CODEC_CLASS = "import pickle\n\n\nclass Codec:\n    def loads(self, blob):\n        return pickle.loads(blob)\n"
WEB = "from flask import Flask, request\n\nfrom core.codec import Codec\n\napp = Flask(__name__)\n"
METHOD_VIEW = WEB + "\n\n@app.post('/blobs')\ndef upload():\n    return repr(Codec().loads(request.get_data()))\n"
NOT_CALLERS = {
    # `json` is only ever the standard module here: json.loads cannot be Codec.loads
    "tools/config.py": "import json\n\n\ndef read(path):\n    with open(path) as f:\n        return json.loads(f.read())\n",
    # docstrings, comments and strings show the call; the code does not make it
    "tools/notes.py": ('"""Decode with Codec().loads(blob)."""\n\n\ndef describe(codec, blob):\n'
                       '    """Example: codec.loads(blob)"""\n    # codec.loads(blob) is the way\n'
                       "    return 'call codec.loads(blob)'\n"),
}


@pytest.mark.parametrize("shadow, followed", [
    # the name of a standard module, given another value: `json.loads` is Codec.loads
    ("import json\n\n" + WEB + "json = Codec()\n\n\n@app.post('/a')\ndef a():\n    return json.loads(request.get_data())\n",
     True),
    ("import json\n\n" + WEB + "\n\n@app.post('/b')\ndef b(json: Codec = Codec()):\n"
     "    return json.loads(request.get_data())\n", True),
    ("import json\n\n" + WEB + "\n\n@app.post('/c')\ndef c():\n    json = Codec()\n"
     "    return json.loads(request.get_data())\n", True),
    # in an f-string's field
    (WEB + "\n\n@app.post('/d')\ndef d():\n    return f'{Codec().loads(request.get_data())}'\n", True),
    # a star import may bring another `json`; a field may bear the name (the file is read)
    pytest.param("import json\nfrom core.codecs import *\n\n" + WEB + "\n\n@app.post('/e')\ndef e():\n"
                 "    return json.loads(request.get_data())\n", True,
                 marks=known_miss("a name a star import rebinds keeps the module it named before")),
    pytest.param("import json\n\n" + WEB + "\n\nclass Holder:\n    json = Codec()\n\n\n@app.post('/f')\ndef f():\n"
                 "    return Holder.json.loads(request.get_data())\n", True,
                 marks=known_miss("a class attribute holding an instance is not followed")),
])
def test_callers_of_a_method_are_where_code_can_call_it(tmp_path, shadow, followed):
    from deserialguard.engine.demand import Inputs

    write_tree(tmp_path, {"core/__init__.py": "", "core/codec.py": CODEC_CLASS,
                          "core/codecs.py": "from core.codec import Codec\n\njson = Codec()\n",
                          "web/views.py": METHOD_VIEW, "web/shadow.py": shadow, **NOT_CALLERS})
    inputs = Inputs()
    demand = [f.to_dict() for f in scan_paths([tmp_path], inputs=inputs).findings]
    exhaustive = [f.to_dict() for f in scan_paths([tmp_path], exhaustive=True).findings]
    assert demand == exhaustive
    parsed = {Path(p).relative_to(tmp_path).as_posix() for p in inputs.parsed}
    assert "web/shadow.py" in parsed and not parsed & set(NOT_CALLERS)
    sources = {Path(s["path"]).name for f in exhaustive for s in f["sources"]}
    assert "views.py" in sources and sources <= {"views.py", "shadow.py"}
    if ("shadow.py" in sources) != followed:
        raise (FalseNegative if followed else AssertionError)(f"sources {sorted(sources)}")


def test_summaries_keep_one_path_per_parameter_and_sink(tmp_path):
    """Each function calls the next one twice, in a loop (whose body is analysed twice): kept whole, the
    paths from the first function's parameter to the sink would number 4 ** depth (a real corpus ran out
    of memory so). One per parameter and sink, and the finding is still there, with its whole flow."""
    depth = 8
    lines = ["import pickle", "from flask import Flask, request", "app = Flask(__name__)", "",
             f"def step{depth}(blob, field):", "    return pickle.loads(blob)"]
    for level in reversed(range(depth)):
        lines += ["", f"def step{level}(blob, field):", "    for _ in range(2):",
                  f"        step{level + 1}(blob, field.data)", f"        step{level + 1}(blob, field.data)"]
    lines += ["", "@app.route('/restore', methods=['POST'])", "def restore():",
              "    return step0(request.data, request)"]
    write_tree(tmp_path, {"app.py": "\n".join(lines) + "\n"})
    from deserialguard.engine import Engine, Project
    engine = Engine(Project(), threat_models.DEFAULT)
    module = engine.load(tmp_path / "app.py")
    engine.run([module])
    summaries = {f.name: f.summary for f in engine.project.functions}
    assert [len(summaries[f"step{level}"].param_sinks) for level in range(depth + 1)] == [1] * (depth + 1)
    [finding] = engine.findings.values()
    assert finding.source.line == len(lines) and finding.sink.line == 6
    assert sum("passed to step" in step.label for step in finding.flow) == depth + 1


@pytest.mark.parametrize("first", ["wrap_one", "wrap_all"])
def test_the_summaries_of_mutually_recursive_functions_settle(tmp_path, first):
    """wrap_all and wrap_one hand their parameter to each other and return it. Analysed again (a field
    they read changed, a caller found later), each pass used to add the cycle's steps to their traces
    once more, so their summaries changed at every pass and the waves ran to MAX_WAVES (a real corpus:
    traces of a thousand steps, seconds of a scan). A trace is its origin, and the shortest path is kept."""
    functions = {"wrap_all": ("def wrap_all(blob, depth):\n    if depth:\n        return [wrap_one(blob, depth - 1)]\n"
                              "    return [blob]\n"),
                 "wrap_one": "def wrap_one(blob, depth):\n    return (wrap_all(blob, depth),)\n"}
    second = "wrap_all" if first == "wrap_one" else "wrap_one"
    write_tree(tmp_path, {"codec.py": functions[first] + "\n\n" + functions[second]})
    from deserialguard.engine import MAX_WAVES, Engine, Project

    class CountingWaves(Engine):
        waves = 0

        def rerun(self, *args):
            self.waves += 1
            return super().rerun(*args)

    engine = CountingWaves(Project(), threat_models.DEFAULT)
    module = engine.load(tmp_path / "codec.py")
    engine.run([module])
    by_name = {f.name: f for f in engine.project.functions}
    for name in (first, second):
        engine.waves = 0
        engine.refresh([by_name[name]], [], set())
        assert engine.waves < MAX_WAVES // 8, name
    [trace] = [t for t in by_name["wrap_all"].summary.returns.traces if t.origin.name == "blob"]
    start = by_name["wrap_all"].node.lineno
    assert [step.line for step in trace.steps] == [start, start + 3]       # received, returned: the base case


@pytest.mark.parametrize("read", ["pickle.loads(g.blob)", "decode(g.blob)"])
def test_a_parameter_stored_on_a_shared_object_that_code_deserializes(tmp_path, read):
    """`keep(data)` stores its parameter on flask.g, which any code may read: its callers are searched.
    (The demand-driven scan asked which fields a shared object's methods deserialize, and crashed.)"""
    write_tree(tmp_path, {
        "app/__init__.py": "",
        "app/state.py": ("import pickle\n\nfrom flask import g\n\n\ndef decode(raw):\n    return pickle.loads(raw)\n\n\n"
                         f"def load_blob():\n    return {read}\n\n\ndef keep(data):\n    g.blob = data\n"),
        "app/views.py": ("from flask import Flask, request\n\nfrom .state import keep, load_blob\n\n"
                         "app = Flask(__name__)\n\n\n@app.post('/keep')\ndef view():\n    keep(request.data)\n"
                         "    return load_blob()\n")})
    demand, exhaustive = both([tmp_path])
    assert demand == exhaustive and len(exhaustive) == 1
