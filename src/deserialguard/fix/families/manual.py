"""Families without an automatic fix: joblib, pandas, shelve, marshal (and anything unknown). The finding
keeps a precise instruction of what to change by hand. No codemod, so no applicability: what Ruff would
call a display-only fix, shown with or without --unsafe-fixes and never applied."""
from __future__ import annotations

from deserialguard.fix.site import Manual, Outcome, Site

ADVICE = {
    "joblib": ("joblib.load unpickles and has no safe mode. Load only files your own service wrote: verify a "
               "signature or a pinned SHA-256 of the file (made with a server-held key) before loading, or "
               "move to a data-only format (skops.io with trusted types, ONNX, safetensors)."),
    "pandas": ("pandas.read_pickle unpickles and has no safe mode. Exchange data frames in a data-only "
               "format instead (read_parquet, read_feather, read_csv, read_json)."),
    "shelve": ("A shelf stores pickles: never open one whose path or contents an attacker can influence. "
               "Open only a fixed, server-owned path, or store the data as JSON or in sqlite3."),
    "marshal": ("marshal has no safe mode and its code objects must never be executed from untrusted input. "
                "Send data as JSON (guard.load_signed_json when a client must be trusted) and never exec "
                "code received from outside."),
}
DEFAULT = ("No automatic fix exists for this deserializer: replace it with a data-only format (JSON) and "
           "verify a signature made with a server-held key before parsing.")


def fix(site: Site) -> Outcome:
    return Manual(f"{site.call_text}: {ADVICE.get(site.finding.family, DEFAULT)}")
