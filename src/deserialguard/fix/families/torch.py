"""PyTorch: `torch.load(...)` -> `torch.load(..., weights_only=True)`, which unpickles with torch's own
allowlist (tensors, containers, primitive types) and refuses everything else. A call that passes on its
caller's `**kwargs` keeps them, less `weights_only` and `pickle_module` (calls.pass_keyword): the safe
value holds for every caller, as it would if the call spelled it, and a caller's pickle_module, which
weights_only=True refuses, is dropped rather than made to fail."""
from __future__ import annotations

from deserialguard.fix.calls import keyword, pass_keyword
from deserialguard.fix.model import Codemod
from deserialguard.fix.site import Applied, Outcome, Refused, Site

# Unsafe: saving a whole model (`torch.save(model)`) is common, and such checkpoints stop loading.
WEIGHTS_ONLY = Codemod("weights-only", safe=False, effect=(
    "Checkpoints that pickle a whole model or other classes (`torch.save(model)` rather than its "
    "state_dict) are refused with an UnpicklingError, and a weights_only=False or pickle_module that a "
    "caller passes in **kwargs is ignored; state_dicts, tensors and plain containers load as before."))


def fix(site: Site) -> Outcome:
    call = site.call
    if keyword(call, "pickle_module") is not None or len([a for a in call.args if a.keyword is None
                                                          and not a.star]) > 2:
        return Refused(f"{site.call_text} passes its own pickle_module, which weights_only=True refuses; "
                       "drop the custom pickle module by hand")
    pass_keyword(site, "weights_only", "True", dropped=("pickle_module",))
    return Applied(WEIGHTS_ONLY, f"{site.call_text} now passes `weights_only=True`: only tensors, "
                   "primitive types and containers are unpickled; any other global raises an "
                   "UnpicklingError instead of running.",
                   "Checkpoints must hold only tensors and plain data (a state_dict); whole pickled "
                   "models or custom classes need torch.serialization.add_safe_globals([...]) by hand.")
