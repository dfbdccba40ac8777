"""jsonpickle: `decode` of a named request part becomes signed JSON; otherwise there is no safe mode to
switch on (jsonpickle builds any class a document names), so the finding gets a manual instruction."""
from __future__ import annotations

from deserialguard.fix import signed_json
from deserialguard.fix.site import Manual, Outcome, Refused, Site

ADVICE = ("jsonpickle rebuilds any class a document names (py/object, py/reduce), and no option makes it "
          "safe. Parse the data with json.loads (or guard.load_signed_json when it comes from a client "
          "that can sign it) and build your objects from the plain values explicitly.")


def fix(site: Site) -> Outcome:
    if site.options.strategy != "restricted" and site.api == "jsonpickle.decode":
        plan = signed_json.prepare(site)
        if not isinstance(plan, str):
            return plan.apply()
        if site.options.strategy == "signed-json":
            return Refused(f"signed-json is not possible here: {plan}")
        return Manual(f"{site.call_text}: {ADVICE} (Signed JSON could not be applied automatically: {plan}.)")
    return Manual(f"{site.call_text}: {ADVICE}")
