"""JSON: exactly ScanResult.to_dict() -- {"findings": [Finding.to_dict()...], "errors": [{"path",
"reason"}]} -- indented by two spaces, with a final newline."""
from __future__ import annotations

import json

from deserialguard.findings import ScanResult


def render(result: ScanResult) -> str:
    return json.dumps(result.to_dict(), indent=2) + "\n"
