"""pickle, _pickle/cPickle, dill, cloudpickle: `loads` fed by a named part of a web request becomes signed
JSON (the seeds' fix); everything else, and everything under --strategy restricted, keeps the pickle
format behind guard's allowlist unpickler."""
from __future__ import annotations

from deserialguard.fix import restricted, signed_json
from deserialguard.fix.site import Outcome, Refused, Site


def fix(site: Site) -> Outcome:
    api, strategy = site.api, site.options.strategy
    if api.endswith(".loads"):
        notes: tuple[str, ...] = ()
        if strategy != "restricted":
            plan = signed_json.prepare(site)
            if not isinstance(plan, str):
                return plan.apply()
            if strategy == "signed-json":
                return Refused(f"signed-json is not possible here: {plan}")
            notes = (f"Signed JSON was not used because {plan}; the restricted unpickler was used instead. "
                     "Prefer replacing the pickle with signed JSON where the protocol can change.",)
        return restricted.loads(site, notes)
    if strategy == "signed-json":
        return Refused(f"signed-json is not possible here: {site.call_text} reads a file or stream, and "
                       "there is no detached signature beside it (use --strategy auto or restricted)")
    if api.endswith("Unpickler().load"):
        return restricted.unpickler(site)
    if api.endswith(".load"):
        return restricted.load(site)
    return Refused(f"no codemod for {site.call_text}")
