"""`deserialguard fix`: rewrite each finding's sink into secure code, with libcst (formatting and comments
kept, imports added and removed cleanly).

    from deserialguard.fix import fix_paths, secure_code_for
    result = fix_paths(["app/"], strategy="auto", key_env="STATE_KEY", write=False)
    print(result.diff)                       # unified diff of every changed file
    result.applied, result.unsafe, result.manual, result.refusals

Each codemod is safe or unsafe (a `Codemod` attribute beside its code, as Ruff classifies fixes): an
unsafe fix changes what happens to some legitimate data, and is listed in `result.unsafe` instead of made
unless `unsafe_fixes=True`.

Strategies (`auto` picks per finding): a pickle-family `loads` (or jsonpickle.decode) fed by a named part
of a web request becomes **signed-json** (signed_json.py, the seeds' fix); other pickles stay pickles but
go through guard's allowlist unpickler, **restricted** (restricted.py). Every other family has its own
codemod in families/ (safe YAML loaders, torch weights_only, numpy allow_pickle=False, keras safe_mode,
pickle transports); joblib, pandas, shelve and marshal get a manual instruction. Files with syntax errors
and changes that cannot be made safely are refused with the reason, and left as they were.
"""
from importlib import import_module

# Loaded on first use (PEP 562): `deserialguard scan` builds the `fix` subcommand's parser, and libcst
# alone takes longer to import than a cached re-scan takes to run.
_EXPORTS = {
    **dict.fromkeys(["fix_paths", "fix_scan", "fix_file", "secure_code_for", "RecordFixes"], "driver"),
    **dict.fromkeys(["FixOptions", "FixResult", "FileFix", "AppliedFix", "Codemod", "ManualAdvice", "Refusal",
                     "STRATEGIES", "DEFAULT_KEY_ENV", "unified_diff"], "model"),
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"deserialguard.fix.{_EXPORTS[name]}"), name)
