"""NumPy: `numpy.load(..., allow_pickle=True)` -> `allow_pickle=False`: object arrays, the only part of the
.npy/.npz format that unpickles, are refused."""
from __future__ import annotations

from deserialguard.fix.calls import pass_keyword
from deserialguard.fix.model import Codemod
from deserialguard.fix.site import Applied, Outcome, Site

# Unsafe: the code asked for allow_pickle=True (numpy's default has been False since 1.16.3), so object
# arrays are likely part of what it loads.
NO_PICKLE = Codemod("no-pickle", safe=False, effect=(
    "Object arrays (dtype=object: ragged arrays, arrays of Python objects or mixed values) raise "
    "ValueError; numeric, string and structured arrays load as before."))


def fix(site: Site) -> Outcome:
    pass_keyword(site, "allow_pickle", "False", position=2)
    return Applied(NO_PICKLE, f"{site.call_text} now passes `allow_pickle=False`: numeric arrays load as "
                   "before, object arrays (pickles) raise ValueError.",
                   "Senders must save numeric (non-object) arrays; object data must travel as JSON.")
