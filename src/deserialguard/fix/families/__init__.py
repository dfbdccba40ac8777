"""One codemod per sink family. The catalog's sink rows give every finding its family; this table says
which codemod fixes it. A codemod is `fix(site) -> Applied | Manual | Refused`."""
from __future__ import annotations

from typing import Callable

from deserialguard.fix.families import jsonpickle, keras, manual, numpy, pickle, torch, transport, yaml
from deserialguard.fix.site import Outcome, Site

CODEMODS: dict[str, Callable[[Site], Outcome]] = {
    "pickle": pickle.fix,
    "jsonpickle": jsonpickle.fix,
    "yaml": yaml.fix,
    "torch": torch.fix,
    "numpy": numpy.fix,
    "keras": keras.fix,
    "pickle-transport": transport.fix,
    "joblib": manual.fix,
    "pandas": manual.fix,
    "shelve": manual.fix,
    "marshal": manual.fix,
}


def codemod_for(family: str) -> Callable[[Site], Outcome]:
    return CODEMODS.get(family, manual.fix)
