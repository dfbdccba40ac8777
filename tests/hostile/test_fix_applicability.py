"""Issue 20, item 13: fixes that change behaviour for legitimate data are unsafe fixes (Ruff's name for
them). Every codemod says which it is; without --unsafe-fixes an unsafe fix is listed with what would
change and the file is left as it was; with it, the fix is made. Safe fixes are made either way."""
from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import deserialguard.fix
from deserialguard.engine import scan_paths
from deserialguard.fix import Codemod, fix_paths
from deserialguard.fix import restricted, signed_json
from deserialguard.fix.families import keras, numpy, torch, yaml

SEED_000 = Path(__file__).resolve().parents[1] / "data" / "seeds" / "000_a07901b222eb9dc2.txt"
README = Path(__file__).resolve().parents[2] / "README.md"

# One program per codemod that fix rewrites with exactly that codemod.
SAMPLES = {
    signed_json.SIGNED_JSON: re.search(r"## Vulnerable Code\n```python\n(.*?\n)```\n",
                                       SEED_000.read_text(), re.S).group(1),
    restricted.RESTRICTED: '''\
        import pickle
        import socket


        def serve(conn: socket.socket):
            return pickle.loads(conn.recv(65536))
        ''',
    torch.WEIGHTS_ONLY: '''\
        import torch
        from flask import request


        def restore():
            return torch.load(request.files["model"])
        ''',
    numpy.NO_PICKLE: '''\
        import numpy as np
        from huggingface_hub import hf_hub_download


        def fetch(repo):
            return np.load(hf_hub_download(repo, "x.npy"), allow_pickle=True)
        ''',
    keras.SAFE_MODE: '''\
        import keras
        from huggingface_hub import hf_hub_download


        def fetch(repo):
            return keras.models.load_model(hf_hub_download(repo, "m.keras"), safe_mode=False)
        ''',
    yaml.SAFE_LOADER: '''\
        import yaml
        from flask import request


        def settings():
            return yaml.load(request.data, Loader=yaml.Loader)
        ''',
    yaml.SAFE_LOADER_FOR_KWARGS: '''\
        import yaml
        from flask import request


        def settings(**options):
            return yaml.load(request.data, **options)
        ''',
}


def every_codemod() -> list[Codemod]:
    """Each Codemod that a module of deserialguard.fix defines (families included)."""
    found = []
    for module in pkgutil.walk_packages(deserialguard.fix.__path__, "deserialguard.fix."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, Codemod) and not any(value is known for known in found):
                found.append(value)
    return found


def test_every_codemod_is_classified_and_has_a_sample():
    codemods = every_codemod()
    assert len(codemods) >= 7
    for codemod in codemods:
        assert isinstance(codemod.safe, bool) and len(codemod.effect) > 40, codemod
    assert {id(c) for c in codemods} == {id(c) for c in SAMPLES}, "a codemod without a sample here"


def test_the_readme_names_every_codemod_and_its_applicability():
    section = README.read_text(encoding="utf-8").split("\n## Fix\n", 1)[1].split("\n## ", 1)[0]
    assert "--unsafe-fixes" in section
    for codemod in every_codemod():
        assert f"`{codemod.name}`" in section, codemod.name


@pytest.mark.parametrize("codemod", list(SAMPLES), ids=lambda c: f"{c.name}-{'safe' if c.safe else 'unsafe'}")
def test_unsafe_fixes_are_listed_not_made_unless_asked(tmp_path, codemod):
    path = tmp_path / "app.py"
    original = textwrap.dedent(SAMPLES[codemod])
    path.write_text(original)
    findings = scan_paths([path]).findings
    assert findings

    default = fix_paths([path], write=True)
    made = default.applied if codemod.safe else default.unsafe
    assert [fix.codemod for fix in made] == [codemod] * len(findings)
    assert not (default.unsafe if codemod.safe else default.applied)
    assert (path.read_text() == original) is (not codemod.safe)

    path.write_text(original)
    asked = fix_paths([path], write=True, unsafe_fixes=True)
    assert [fix.codemod for fix in asked.applied] == [codemod] * len(findings) and not asked.unsafe
    assert path.read_text() != original and not scan_paths([path]).findings


# --- the command line ------------------------------------------------------------------------------------

MIXED = '''\
import torch
import yaml
from flask import request


def restore():
    config = yaml.load(request.data, Loader=yaml.Loader)
    return config, torch.load(request.files['m'])
'''


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "deserialguard", "fix", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def test_unsafe_fixes_are_listed_with_what_changes(tmp_path):
    """The seed's own fix, signed JSON, changes the wire format: listed, with how to apply it."""
    seed = SAMPLES[signed_json.SIGNED_JSON]
    (tmp_path / "checkpoint.py").write_text(seed)
    for args in (["checkpoint.py"], ["--write", "checkpoint.py"]):
        done = run(*args, cwd=tmp_path)
        assert (done.returncode, done.stdout) == (1, ""), done.stderr
        assert (tmp_path / "checkpoint.py").read_text() == seed
        assert "unsafe   checkpoint.py:11  DG001 pickle.loads -> signed-json (unsafe fix, not applied)" \
            in done.stderr
        assert "With --unsafe-fixes: `pickle.loads()` on an HTTP header" in done.stderr
        assert "What changes: The wire format changes" in done.stderr
        assert re.search(r"0 fixes (proposed for|applied to) 0 files, 1 unsafe fix not applied", done.stderr)
        assert "--unsafe-fixes applies it." in done.stderr


def test_safe_fixes_are_made_and_the_unsafe_ones_of_the_same_file_left(tmp_path):
    (tmp_path / "mixed.py").write_text(MIXED)
    done = run("--write", "mixed.py", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    fixed = (tmp_path / "mixed.py").read_text()
    assert "yaml.safe_load(request.data)" in fixed and "torch.load(request.files['m'])" in fixed
    assert "fixed    mixed.py:7  DG005 yaml.load -> safe-loader\n" in done.stderr
    assert "unsafe   mixed.py:8  DG006 torch.load -> weights-only (unsafe fix, not applied)" in done.stderr
    assert "1 fix applied to 1 file, 1 unsafe fix not applied" in done.stderr
    assert run("--write", "--unsafe-fixes", "mixed.py", cwd=tmp_path).returncode == 1
    assert "torch.load(request.files['m'], weights_only=True)" in (tmp_path / "mixed.py").read_text()
    assert run("mixed.py", cwd=tmp_path).returncode == 0
