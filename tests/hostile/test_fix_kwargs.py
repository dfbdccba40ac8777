"""Issue 20, item 12: a fixed call that passes on its caller's `**kwargs` keeps working for every caller.
`torch.load(path, **kwargs)` used to become `torch.load(path, **kwargs, weights_only=True)`, which raises
TypeError (got multiple values) whenever a caller passes weights_only itself, as mlflow's loader does.

The family: calls of every keyword-setting codemod (torch weights_only, numpy allow_pickle, keras
safe_mode, PyYAML's Loader) with one to three `**mappings` of several shapes among their other
arguments. Each generated module is fixed, then the original and the fixed functions both really run, in
a subprocess, against stub packages on sys.path that record the arguments they get, for a set of callers
(with and without the keyword, with the unsafe value, with other options). Whatever call the original
made, the fixed one makes the same call but with the safe value, and never a TypeError the original did
not raise. Decision (documented in fix/calls.py): the safe value wins over a caller's explicit unsafe one,
as it does where the call itself spells the keyword; an opt-out must be written at the call, where the
scanner and a reviewer see it."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from deserialguard.engine import scan_paths
from deserialguard.fix import fix_paths

STUBS = {
    "_record.py": '''
        import inspect
        CALLS = []

        def record(function, *args, **kwargs):
            bound = inspect.signature(function).bind(*args, **kwargs)
            bound.apply_defaults()
            CALLS.append([f"{function.__module__}.{function.__name__}",
                          {name: plain(value) for name, value in bound.arguments.items()}])

        def plain(value):
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            if isinstance(value, type):
                return value.__name__
            return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        ''',
    "huggingface_hub/__init__.py": '''
        def hf_hub_download(repo_id, filename):
            return f"{repo_id}/{filename}"
        ''',
    "torch/__init__.py": '''
        from _record import record

        def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
                 **pickle_load_args):
            record(load, f, map_location, pickle_module, weights_only=weights_only, mmap=mmap,
                   **pickle_load_args)
        ''',
    "numpy/__init__.py": '''
        from _record import record

        def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding="ASCII", *,
                 max_header_size=10000):
            record(load, file, mmap_mode, allow_pickle, fix_imports, encoding,
                   max_header_size=max_header_size)
        ''',
    "keras/__init__.py": '''
        from . import models
        ''',
    "keras/models.py": '''
        from _record import record

        def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
            record(load_model, filepath, custom_objects, compile, safe_mode)
        ''',
    "yaml/__init__.py": '''
        from _record import record

        class Loader: pass
        class FullLoader: pass
        class SafeLoader: pass

        def load(stream, Loader):
            record(load, stream, Loader)

        def load_all(stream, Loader):
            record(load_all, stream, Loader)

        def full_load(stream):
            record(full_load, stream)

        def unsafe_load(stream):
            record(unsafe_load, stream)

        def safe_load(stream):
            record(safe_load, stream)

        def safe_load_all(stream):
            record(safe_load_all, stream)
        ''',
}

# What a caller may put in the mapping, per family (the driver builds the values).
CALLERS = {
    "torch": ["{}", "{'weights_only': True}", "{'weights_only': False}", "{'pickle_module': 'dill'}",
              "{'map_location': 'cuda'}", "{'mmap': True}", "{'encoding': 'latin1'}",
              "{'weights_only': False, 'pickle_module': 'dill', 'mmap': True}"],
    "numpy": ["{}", "{'mmap_mode': 'r'}", "{'allow_pickle': True}", "{'encoding': 'bytes'}",
              "{'max_header_size': 5}", "{'fix_imports': False, 'mmap_mode': 'c'}"],
    "keras": ["{}", "{'compile': False}", "{'safe_mode': False}", "{'custom_objects': 'layers'}"],
    "yaml": ["{}", "{'Loader': yaml.Loader}", "{'Loader': yaml.FullLoader}",
             "{'Loader': yaml.SafeLoader}", "{'stream': 'other'}"],
}

# The call of each family: the callee, its data argument, and the keywords it may be given literally
# (each a choice of values); the codemod's keyword comes first where the call must spell it.
CALLS = {
    "torch": ("torch.load", 'hf_hub_download(repo, "m.pt")',
              [("weights_only", ["False", None]), ("map_location", ["'cpu'", None]),
               ("mmap", ["False", None])]),
    "numpy": ("numpy.load", 'hf_hub_download(repo, "x.npy")',
              [("allow_pickle", ["True"]), ("mmap_mode", ["None", None]), ("encoding", ["'latin1'", None])]),
    "keras": ("keras.models.load_model", 'hf_hub_download(repo, "m.keras")',
              [("safe_mode", ["False"]), ("compile", ["False", None])]),
    "yaml": (None, 'hf_hub_download(repo, "c.yaml")', []),
}
YAML_FUNCTIONS = ["load", "load_all", "full_load", "unsafe_load"]
# Shapes of the mapping expression: the function's own **kwargs, and mappings it is given.
SPLATS = ["kwargs", "mappings[0]", "dict(mappings[1])", "(mappings[2] or {})"]

DRIVER = '''
import importlib, json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import _record
import yaml
plan = json.loads(sys.argv[3])
out = []
for module_name in ("original", "fixed"):
    module = importlib.import_module(module_name)
    for function, splat, caller in plan:
        mapping = eval(caller)
        mappings, kwargs = [{}, {}, {}], {}
        if splat == "kwargs":
            kwargs = mapping
        else:
            mappings[int(splat.split("[")[1][0])] = mapping
        _record.CALLS.clear()
        try:
            getattr(module, function)("repo", mappings, **kwargs)
            out.append(["ok", _record.CALLS[-1]])
        except TypeError as error:
            out.append(["TypeError", str(error)])
print(json.dumps(out))
'''


@st.composite
def call_shapes(draw):
    """(family, code of one call with at least one **mapping, the splat shapes it uses)."""
    family = draw(st.sampled_from(sorted(CALLS)))
    callee, data, keywords = CALLS[family]
    if family == "yaml":
        callee = f"yaml.{draw(st.sampled_from(YAML_FUNCTIONS))}"
    spelled = []
    for name, values in keywords:
        value = draw(st.sampled_from(values))
        if value is not None:
            spelled.append(f"{name}={value}")
    splats = draw(st.lists(st.sampled_from(SPLATS), min_size=1, max_size=3, unique=True))
    named = draw(st.permutations(spelled + [f"**{splat}" for splat in splats]))
    return family, f"{callee}({', '.join([data, *named])})", splats


def module_text(shapes) -> str:
    lines = ["import keras", "import numpy", "import torch", "import yaml",
             "from huggingface_hub import hf_hub_download", ""]
    for index, (_, call, _) in enumerate(shapes):
        lines += ["", f"def call_{index}(repo, mappings, **kwargs):", f"    return {call}", ""]
    return "\n".join(lines)


def write_stubs(root: Path) -> None:
    for name, text in STUBS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def run_both(stubs: Path, code: Path, plan: list) -> list:
    done = subprocess.run([sys.executable, "-c", DRIVER, str(stubs), str(code), json.dumps(plan)],
                          capture_output=True, text=True, timeout=60, cwd=code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def safe_call(family: str, original: list) -> list:
    """The call the fixed code must make for the call the original made."""
    name, arguments = original
    arguments = dict(arguments)
    if family == "torch":
        arguments.update(weights_only=True, pickle_module=None)
    elif family == "numpy":
        arguments["allow_pickle"] = False
    elif family == "keras":
        arguments["safe_mode"] = True
    else:
        name = name.replace(".load", ".safe_load").replace(".full_load", ".safe_load")
        name = name.replace(".unsafe_load", ".safe_load")
        arguments = {"stream": arguments["stream"]}
    return [name, arguments]


@settings(max_examples=20, deadline=None)
@given(shapes=st.lists(call_shapes(), min_size=1, max_size=4))
def test_every_caller_of_a_fixed_keyword_splat_call_still_works(tmp_path_factory, shapes):
    root = tmp_path_factory.mktemp("kwargs")
    stubs, code = root / "stubs", root / "code"
    write_stubs(stubs)
    code.mkdir()
    text = module_text(shapes)
    (code / "original.py").write_text(text)
    fixed = code / "fixed.py"
    fixed.write_text(text)

    result = fix_paths([fixed], write=True, unsafe_fixes=True)
    assert not result.refusals and not result.manual, [r.reason for r in result.refusals]
    assert len(result.applied) == len(shapes), fixed.read_text()
    assert not scan_paths([fixed]).findings, fixed.read_text()

    plan = [[f"call_{index}", splat, caller] for index, (family, _, splats) in enumerate(shapes)
            for splat in splats for caller in CALLERS[family]]
    outcomes = run_both(stubs, code, plan)
    originals, fixes = outcomes[: len(plan)], outcomes[len(plan):]
    families = {f"call_{index}": family for index, (family, _, _) in enumerate(shapes)}
    for (function, splat, caller), (kind, call), (fixed_kind, fixed_call) in zip(plan, originals, fixes):
        if kind != "ok":            # the original call fails for this caller too (e.g. a clash it spells)
            continue
        where = f"{function} with **{splat} = {caller}:\n{fixed.read_text()}"
        assert fixed_kind == "ok", f"{fixed_call}\n{where}"
        assert fixed_call == safe_call(families[function], call), where


def test_the_mlflow_shape(tmp_path):
    """mlflow's pyfunc loader passes weights_only in **kwargs; the fixed loader takes it, and loads with
    weights_only=True whether the caller passes True, False or nothing."""
    stubs, code = tmp_path / "stubs", tmp_path / "code"
    write_stubs(stubs)
    code.mkdir()
    text = textwrap.dedent('''\
        import torch
        from huggingface_hub import hf_hub_download


        def _load_model(repo, mappings, **kwargs):
            return torch.load(hf_hub_download(repo, "model.pth"), **kwargs)
        ''')
    (code / "original.py").write_text(text)
    (code / "fixed.py").write_text(text)
    fix_paths([code / "fixed.py"], write=True, unsafe_fixes=True)
    assert (code / "fixed.py").read_text() == text.replace(
        '    return torch.load(hf_hub_download(repo, "model.pth"), **kwargs)\n',
        '    return torch.load(\n'
        '        hf_hub_download(repo, "model.pth"),\n'
        '        **{k: v for k, v in kwargs.items() if k not in ("weights_only", "pickle_module")},\n'
        '        weights_only=True,\n'
        '    )\n')
    callers = ["{}", "{'weights_only': True}", "{'weights_only': False}", "{'map_location': 'cpu'}"]
    plan = [["_load_model", "kwargs", caller] for caller in callers]
    outcomes = run_both(stubs, code, plan)
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    assert [call[1]["weights_only"] for _, call in outcomes] == [None, True, False, None] + [True] * 4
    assert outcomes[-1][1][1]["map_location"] == "cpu"
