"""Library entry points (issue 21, item 8): a package's public functions and classes are the `library`
threat model's sources, whether or not the package calls them itself. Generated packages vary every part
of what makes a name public (its spelling, its module's and package's, `__all__`, a re-export from the
package's `__init__`) and whether the package calls it too; both scan modes must agree.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deserialguard.engine import scan_paths

DEFINITIONS = {   # the definition, and how the package's own code calls it with a trusted path
    "function": ("def {name}(path):\n    return pickle.load(open(path, 'rb'))\n", "{name}('own.pkl')"),
    "class": ("class {name}:\n    def __init__(self, path):\n        self.state = pickle.load(open(path, 'rb'))\n",
              "{name}('own.pkl')"),
    "method": ("class {name}:\n    def read(self, path):\n        return pickle.load(open(path, 'rb'))\n",
               "{name}().read('own.pkl')"),
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(DEFINITIONS)), private_name=st.booleans(), private_module=st.booleans(),
       private_package=st.booleans(), module_all=st.sampled_from([None, "listed", "other"]),
       reexported=st.booleans(), init_all=st.sampled_from([None, "listed", "other"]), called=st.booleans())
def test_a_public_name_is_an_entry_point_even_where_the_package_calls_it(
        tmp_path_factory, kind, private_name, private_module, private_package, module_all, reexported, init_all,
        called):
    root = tmp_path_factory.mktemp("library")
    name = ("_" if private_name else "") + ("load" if kind == "function" else "Loader")
    folder = root / "pkg" / ("_impl" if private_package else "impl")
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    module = ("_store" if private_module else "store")
    dotted = f"{folder.name}.{module}"
    definition, call = DEFINITIONS[kind]
    listing = {None: "", "listed": f"__all__ = [{name!r}]\n", "other": "__all__ = ['other']\n"}
    (folder / f"{module}.py").write_text(f"import pickle\n{listing[module_all]}\n\n{definition.format(name=name)}")
    init = f"from .{dotted} import {name}\n" if reexported else ""
    (root / "pkg" / "__init__.py").write_text(init + listing[init_all])
    (root / "pkg" / "defaults.py").write_text(
        f"from .{dotted} import {name}\n\n\ndef default():\n    return {call.format(name=name)}\n" if called else "")

    exported_by_module = module_all == "listed" if module_all else True
    exported_by_init = reexported and (init_all == "listed" if init_all else True)
    public = not private_name and exported_by_module and (not (private_module or private_package) or exported_by_init)

    found = []
    for exhaustive in (False, True):
        result = scan_paths([root], frozenset({"library"}), exhaustive=exhaustive, jobs=1)
        assert not result.errors
        found.append(sorted((Path(f.source.path).name, f.source.line, f.threat_model) for f in result.findings))
    assert found[0] == found[1]
    parameter = 4 + len(listing[module_all].splitlines()) + (0 if kind == "function" else 1)
    assert found[0] == ([(f"{module}.py", parameter, "library")] if public else [])
