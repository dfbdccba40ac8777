"""Keras: `load_model(..., safe_mode=False)` -> `safe_mode=True`, which refuses Lambda layers' pickled
bytecode."""
from __future__ import annotations

from deserialguard.fix.calls import set_keyword
from deserialguard.fix.site import Applied, Outcome, Site


def fix(site: Site) -> Outcome:
    site.editor.replace(site.call, lambda u: set_keyword(u, "safe_mode", "True"))
    return Applied("safe-mode", f"{site.call_text} now passes `safe_mode=True`: models with Lambda layers "
                   "(arbitrary bytecode) are refused instead of executed.",
                   "Models must not use Lambda layers; register custom layers as classes instead.")
