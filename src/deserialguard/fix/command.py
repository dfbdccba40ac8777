"""`deserialguard fix`: the command line over fix_paths(). The unified diff goes to stdout (so it can be
piped to `patch -p1` or `git apply`); what was fixed, the unsafe fixes left out, what needs manual work
and what was refused go to stderr."""
from __future__ import annotations

import argparse
import sys
import textwrap

from deserialguard.fix.model import DEFAULT_KEY_ENV, STRATEGIES, AppliedFix, FixResult

EXIT_NOTHING = 0       # no findings: nothing to fix
EXIT_FIXES = 1         # fixes proposed (--diff) or applied (--write), or findings left (unsafe, manual)
EXIT_REFUSED = 3       # some file or finding was refused; nothing was changed for it

EPILOG = f"""\
strategies (pickle-family and jsonpickle sinks; every other family gets its own fix):
  auto         signed JSON (guard.load_signed_json) where the payload is a named header, JSON or form
               field, query parameter or cookie of a web request, read beside a detached signature
               (header X-Foo -> X-Foo-Signature, field -> `signature`, cookie foo -> foo_signature);
               otherwise the restricted unpickler. The default.
  signed-json  signed JSON only; findings where it is not possible are refused
  restricted   keep the pickle format, unpickle with guard's allowlist (guard.restricted_loads)

The signed-json fix reads its keys from the environment variable named by --key-env (default
{DEFAULT_KEY_ENV}) at run time: clients must then send JSON with a valid HMAC-SHA256 signature.

safe and unsafe fixes:
  A safe fix keeps every legitimate input working as before (YAML's safe loaders). An unsafe fix changes
  what happens to some legitimate data or callers: signed JSON changes the wire format, the restricted
  unpickler refuses every class, weights_only=True refuses whole pickled models, allow_pickle=False object
  arrays, safe_mode=True Lambda layers. Unsafe fixes are listed with what would change, and applied only
  with --unsafe-fixes.

exit status:
  0  nothing to fix: the scan found nothing
  1  fixes were proposed (--diff) or applied (--write), or some findings are left: unsafe fixes not
     applied, or manual work (both listed)
  2  usage error: bad arguments, a PATH that does not exist, an unknown threat model or strategy
  3  some files or findings were refused (a syntax error, a change that cannot be made safely); they are
     listed with the reason and left unchanged (other files are still fixed)

Running fix a second time changes nothing: fixed code has no findings left.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    from deserialguard.cli import add_target_arguments

    add_target_arguments(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print the fixes as a unified diff (the default)")
    mode.add_argument("--write", action="store_true", help="apply the fixes to the files in place")
    parser.add_argument("--strategy", choices=STRATEGIES, default="auto",
                        help="how pickle-family sinks are fixed (default: auto; see below)")
    parser.add_argument("--key-env", default=DEFAULT_KEY_ENV, metavar="NAME", type=_env_name,
                        help=f"environment variable the fixed code reads its signing keys from "
                             f"(default: {DEFAULT_KEY_ENV})")
    parser.add_argument("--max-size", type=_positive_int, metavar="BYTES",
                        help="largest payload the fixed code accepts (default: guard's, 1 MiB)")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="apply unsafe fixes too, which change behaviour for some legitimate data "
                             "(without it they are listed, with what would change, and not applied)")
    parser.epilog = EPILOG


def run(args: argparse.Namespace) -> int:
    from deserialguard.cli import _check_paths

    _check_paths(args.paths)
    from deserialguard.fix.driver import fix_paths     # libcst: only when fixing
    result = fix_paths(args.paths, strategy=args.strategy, key_env=args.key_env, write=args.write,
                       threat_models_enabled=args.threat_models, max_size=args.max_size,
                       unsafe_fixes=args.unsafe_fixes)
    if not args.write:
        sys.stdout.write(result.diff)
        sys.stdout.flush()
    report(result, written=args.write, file=sys.stderr)
    return exit_status(result)


def exit_status(result: FixResult) -> int:
    if result.refusals:
        return EXIT_REFUSED
    return EXIT_FIXES if result.scan.findings else EXIT_NOTHING


def report(result: FixResult, *, written: bool, file) -> None:
    for file_fix in result.files:
        for fix in file_fix.applied:
            _fix_entry(file, "fixed" if written and file_fix.written else "fix", fix)
        for fix in file_fix.unsafe:
            _fix_entry(file, "unsafe", fix)
        for advice in file_fix.manual:
            _entry(file, "manual", f"{advice.finding.sink.path}:{advice.finding.sink.line}",
                   f"{advice.finding.rule} {advice.finding.sink_api}: no automatic fix", [advice.text])
        for refusal in file_fix.refusals:
            where = (f"{refusal.finding.sink.path}:{refusal.finding.sink.line}" if refusal.finding
                     else refusal.path)
            _entry(file, "refused", where, refusal.reason, [])
    applied, unsafe = len(result.applied), len(result.unsafe)
    manual, refused = len(result.manual), len(result.refusals)
    files = len(result.changed_files)
    verb = "applied to" if written else "proposed for"
    print(f"deserialguard: {applied} fix{'' if applied == 1 else 'es'} {verb} {files} "
          f"file{'' if files == 1 else 's'}, {unsafe} unsafe fix{'' if unsafe == 1 else 'es'} not applied, "
          f"{manual} need{'s' if manual == 1 else ''} manual work, {refused} refused", file=file)
    if unsafe:
        one = unsafe == 1
        print(f"{unsafe} unsafe fix{'' if one else 'es'} listed above change{'s' if one else ''} behaviour "
              f"for some legitimate data (read what changes); --unsafe-fixes applies {'it' if one else 'them'}.",
              file=file)


def _fix_entry(file, kind: str, fix: AppliedFix) -> None:
    """A fix made, proposed, or (kind "unsafe") left out; an unsafe one says what changes for legitimate
    data."""
    finding = fix.finding
    headline = f"{finding.rule} {finding.sink_api} -> {fix.strategy}"
    if not fix.safe:
        headline += " (unsafe fix, not applied)" if kind == "unsafe" else " (unsafe fix)"
    summary = f"With --unsafe-fixes: {fix.summary}" if kind == "unsafe" else fix.summary
    details = [summary, *([f"Callers: {fix.callers}"] if fix.callers else []), *fix.notes]
    if not fix.safe:
        details.append(f"What changes: {fix.codemod.effect}")
    _entry(file, kind, f"{finding.sink.path}:{finding.sink.line}", headline, details)


def _entry(file, kind: str, where: str, headline: str, details: list[str]) -> None:
    print(f"{kind:<8} {where}  {headline}", file=file)
    for detail in details:
        print(textwrap.fill(detail, width=100, initial_indent=" " * 9, subsequent_indent=" " * 9), file=file)


def _env_name(text: str) -> str:
    if not text.isidentifier():
        raise argparse.ArgumentTypeError(f"not an environment variable name: {text!r}")
    return text


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"not a positive number of bytes: {text!r}")
    return value
