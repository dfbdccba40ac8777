"""Keras: `load_model(..., safe_mode=False)` -> `safe_mode=True`, which refuses Lambda layers' pickled
bytecode."""
from __future__ import annotations

from deserialguard.fix.calls import pass_keyword
from deserialguard.fix.model import Codemod
from deserialguard.fix.site import Applied, Outcome, Site

# Unsafe: the code asked for safe_mode=False, so its models likely hold Lambda layers.
SAFE_MODE = Codemod("safe-mode", safe=False, effect=(
    "Models with Lambda layers (arbitrary Python bytecode) are refused with a ValueError; models made of "
    "built-in and registered layers load as before."))


def fix(site: Site) -> Outcome:
    pass_keyword(site, "safe_mode", "True")
    return Applied(SAFE_MODE, f"{site.call_text} now passes `safe_mode=True`: models with Lambda layers "
                   "(arbitrary bytecode) are refused instead of executed.",
                   "Models must not use Lambda layers; register custom layers as classes instead.")
