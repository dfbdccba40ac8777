"""`deserialguard fix`: rewrite each finding's sink into secure code, with libcst (formatting and comments
kept, imports added and removed cleanly).

    from deserialguard.fix import fix_paths, secure_code_for
    result = fix_paths(["app/"], strategy="auto", key_env="STATE_KEY", write=False)
    print(result.diff)                       # unified diff of every changed file
    result.applied, result.manual, result.refusals

Strategies (`auto` picks per finding): a pickle-family `loads` (or jsonpickle.decode) fed by a named part
of a web request becomes **signed-json** (signed_json.py, the seeds' fix); other pickles stay pickles but
go through guard's allowlist unpickler, **restricted** (restricted.py). Every other family has its own
codemod in families/ (safe YAML loaders, torch weights_only, numpy allow_pickle=False, keras safe_mode,
pickle transports); joblib, pandas, shelve and marshal get a manual instruction. Files with syntax errors
and changes that cannot be made safely are refused with the reason, and left as they were.
"""
from deserialguard.fix.driver import RecordFixes, fix_file, fix_paths, fix_scan, secure_code_for
from deserialguard.fix.model import (DEFAULT_KEY_ENV, STRATEGIES, AppliedFix, FileFix, FixOptions, FixResult,
                                     ManualAdvice, Refusal, unified_diff)

__all__ = [
    "fix_paths", "fix_scan", "fix_file", "secure_code_for", "RecordFixes",
    "FixOptions", "FixResult", "FileFix", "AppliedFix", "ManualAdvice", "Refusal",
    "STRATEGIES", "DEFAULT_KEY_ENV", "unified_diff",
]
