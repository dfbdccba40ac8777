"""Issue 20 item 15: a fixed application does not pull the scanner's dependencies into production.

`import deserialguard.guard` loads the standard library and the package, nothing else, and the package's
own dependencies are version ranges that admit older releases than the ones tested, so `pip install`
can put it beside a project that caps one of them (the issue's case: `platformdirs<4.5`).
"""
from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import deserialguard

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_importing_the_guard_loads_only_the_standard_library():
    # -S: no site-packages, no .pth hooks; the package is found only where it lies.
    package_root = str(Path(deserialguard.__file__).resolve().parents[1])
    code = (f"import sys; sys.path.insert(0, {package_root!r}); import deserialguard.guard; "
            "import json; print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout)
    assert "deserialguard.guard" in modules
    outside = [name for name in modules if name != "__main__" and name.split(".")[0] != "deserialguard"
               and name.split(".")[0] not in sys.stdlib_module_names]
    assert outside == []


def dependencies() -> list[Requirement]:
    tomllib = pytest.importorskip("tomllib")                        # Python 3.11+
    with open(PYPROJECT, "rb") as handle:
        return [Requirement(text) for text in tomllib.load(handle)["project"]["dependencies"]]


def bound(requirement: Requirement, operator: str) -> Version:
    return next(Version(spec.version) for spec in requirement.specifier if spec.operator == operator)


def test_each_dependency_is_a_range_that_holds_the_installed_release():
    for requirement in dependencies():
        operators = {spec.operator for spec in requirement.specifier}
        assert not operators & {"==", "===", "~="}, f"{requirement} is a pin"
        assert {">=", "<"} <= operators, f"{requirement} needs a lower and an upper bound"
        assert bound(requirement, ">=").release[:2] < bound(requirement, "<").release[:2], requirement
        assert requirement.specifier.contains(version(requirement.name)), \
            f"{requirement} excludes the installed {version(requirement.name)}"


def test_the_issue_case_installs_beside_an_older_platformdirs():
    platformdirs = next(requirement for requirement in dependencies() if requirement.name == "platformdirs")
    assert platformdirs.specifier.contains("4.4.0")
