"""NumPy: `numpy.load(..., allow_pickle=True)` -> `allow_pickle=False`: object arrays, the only part of the
.npy/.npz format that unpickles, are refused."""
from __future__ import annotations

from deserialguard.fix.calls import set_keyword
from deserialguard.fix.site import Applied, Outcome, Site


def fix(site: Site) -> Outcome:
    site.editor.replace(site.call, lambda u: set_keyword(u, "allow_pickle", "False", position=2))
    return Applied("no-pickle", f"{site.call_text} now passes `allow_pickle=False`: numeric arrays load as "
                   "before, object arrays (pickles) raise ValueError.",
                   "Senders must save numeric (non-object) arrays; object data must travel as JSON.")
