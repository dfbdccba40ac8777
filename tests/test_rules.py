"""Every rule module is complete, and docs/rules.md is generated from the current modules."""
from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import deserialguard.rules as rules_package
from deserialguard.rules import REQUIRED_SECTIONS, RULES, find_rule, generate_docs, rule_for_family

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
FAMILIES = {"pickle", "jsonpickle", "shelve", "marshal", "yaml", "torch", "joblib", "numpy", "pandas",
            "keras", "pickle-transport"}
MODULES = [info.name for info in pkgutil.iter_modules(rules_package.__path__) if info.name.startswith("dg")]


def test_one_rule_per_family():
    assert {rule.family for rule in RULES.values()} == FAMILIES
    assert len(RULES) == len(FAMILIES) == len(MODULES)
    for family in FAMILIES:
        assert rule_for_family(family).family == family


@pytest.mark.parametrize("name", MODULES)
def test_rule_module_is_complete(name):
    module = importlib.import_module(f"deserialguard.rules.{name}")
    assert re.fullmatch(r"dg\d{3}_\w+", name)
    assert module.CODE == name[:5].upper()
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", module.NAME)
    for attribute in ("SUMMARY", "EXPLANATION", "REMEDIATION"):
        assert getattr(module, attribute).strip(), attribute
    assert not module.SUMMARY.endswith(".")
    doc = module.__doc__
    positions = [doc.find(section + "\n") for section in REQUIRED_SECTIONS]
    assert all(p >= 0 for p in positions), f"{name} lacks a section"
    assert positions == sorted(positions), f"{name}: sections out of order"
    example = doc.split("## Example\n", 1)[1].split("\n## ", 1)[0]
    how_to_fix = doc.split("## How to fix\n", 1)[1].split("\n## ", 1)[0]
    assert "```python" in example and "```python" in how_to_fix
    rule = RULES[module.CODE]
    assert rule.explanation == " ".join(module.EXPLANATION.split())
    assert rule.remediation == " ".join(module.REMEDIATION.split())


def test_codes_and_names_are_unique():
    assert len({rule.name for rule in RULES.values()}) == len(RULES)
    assert list(RULES) == sorted(RULES)


# The fixes the documentation names are the real APIs that make each sink safe.
REAL_FIXES = {
    "pickle": ["guard.load_signed_json(", "guard.keys_from_env(", "guard.restricted_loads("],
    "jsonpickle": ["guard.load_signed_json("],
    "shelve": ["guard.load_signed_json("],
    "marshal": ["guard.load_signed_json("],
    "yaml": ["yaml.safe_load(", "SafeLoader", 'YAML(typ="safe")'],
    "torch": ["weights_only=True", "safetensors.torch.load_file("],
    "joblib": ["skops.io.load("],
    "numpy": ["allow_pickle=False"],
    "pandas": ["pandas.read_parquet("],
    "keras": ["safe_mode=True"],
    "pickle-transport": ["guard.load_signed_json(", "authkey"],
}


@pytest.mark.parametrize("family, names", REAL_FIXES.items())
def test_how_to_fix_names_the_real_fix(family, names):
    how_to_fix = rule_for_family(family).documentation.split("## How to fix\n", 1)[1]
    for name in names:
        assert name in how_to_fix


def test_find_rule():
    assert find_rule("DG005").family == "yaml"
    assert find_rule("dg005").family == "yaml"
    assert find_rule("yaml-unsafe-load").code == "DG005"
    assert find_rule("torch").code == "DG006"
    assert find_rule("DG999") is None


def test_docs_rules_md_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == generate_docs(), \
        "docs/rules.md is stale: run `python -m deserialguard.rules docs/rules.md`"


def test_docs_generator_command(tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "deserialguard.rules", *args],
                                       capture_output=True, text=True)
    assert run("--check", str(DOCS)).returncode == 0
    target = tmp_path / "rules.md"
    assert run("--check", str(target)).returncode == 1
    assert run(str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == generate_docs()
    printed = run()
    assert printed.returncode == 0 and printed.stdout == generate_docs()


def test_docs_contain_every_rule():
    docs = generate_docs()
    for rule in RULES.values():
        assert f"## {rule.code} {rule.name}\n" in docs
        assert "### How to fix" in docs
