"""The `deserialguard` command: scan, explain, rules (fix and inspect come later).

Each subcommand is one entry in SUBCOMMANDS: a name, a help line, a function that adds its arguments
to its argparse parser and a function that runs it and returns the exit status. Adding `fix` or
`inspect` is adding an entry; `add_target_arguments` gives them the same PATH/--threat-model arguments
as `scan`.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from dataclasses import dataclass
from typing import Callable

from deserialguard import __version__
from deserialguard.catalog import threat_models
from deserialguard.findings import ScanResult, Severity

EXIT_OK = 0            # nothing at or above --fail-on
EXIT_FINDINGS = 1      # at least one finding at or above --fail-on
EXIT_USAGE = 2         # bad arguments, missing path, unknown threat model or rule
EXIT_SCAN_ERRORS = 3   # files could not be analysed (and no finding gave 1), unless --ignore-errors

SCAN_EPILOG = f"""\
threat models: {', '.join(threat_models.ALL)} (default: {', '.join(m for m in threat_models.ALL if m in threat_models.DEFAULT)})

exit status:
  0  no finding at or above --fail-on (default: low, i.e. any finding fails)
  1  at least one finding at or above --fail-on
  2  usage error: bad arguments, a PATH that does not exist, an unknown threat model
  3  some files could not be analysed and no finding gave 1 (0 instead with --ignore-errors)

Files that cannot be read, decoded or parsed are listed as errors in every format (path and reason) and
the scan goes on without them; the exit status says so, because a file that was not analysed may hold
a finding. Exclude such files in .gitignore, or pass --ignore-errors to accept them.
"""


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    epilog: str | None = None


class UsageError(Exception):
    """Reported as `deserialguard: error: ...` with exit status 2."""


# --- scan --------------------------------------------------------------------------------------------

def _threat_model_names(text: str) -> frozenset[str]:
    try:
        return threat_models.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _severity(text: str) -> Severity:
    try:
        return Severity.parse(text)
    except KeyError:
        raise argparse.ArgumentTypeError(
            f"invalid severity {text!r}; choose from critical, high, medium, low") from None


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """PATH... and --threat-model, shared by scan and (later) fix."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    parser.add_argument("--threat-model", dest="threat_models", type=_threat_model_names,
                        default=threat_models.DEFAULT, metavar="NAMES",
                        help="comma-separated threat models whose sources count, or 'all' "
                             "(default: remote,network,download)")


def _configure_scan(parser: argparse.ArgumentParser) -> None:
    from deserialguard.report import FORMATS
    add_target_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--fail-on", type=_severity, default=Severity.LOW, metavar="SEVERITY",
                        help="lowest severity that makes the exit status 1: critical, high, medium or "
                             "low (default: low)")
    parser.add_argument("--exhaustive", action="store_true",
                        help="parse and analyse every file, not only those that can hold a sink and the "
                             "code reaching them (same findings; also reports syntax errors in every file)")
    parser.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                        help="processes to scan in, side by side, each a group of files no import joins "
                             "(default: one per processor; 1: this process only). --exhaustive uses one")
    parser.add_argument("--ignore-errors", action="store_true",
                        help="exit 0 rather than 3 when files could not be analysed and nothing was found")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither use nor update the cache of earlier scans (in the user cache folder, "
                             "or DESERIALGUARD_CACHE_DIR); --exhaustive never uses it")


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more; got {text!r}")
    return jobs


def _check_paths(paths: list[str]) -> None:
    missing = [path for path in paths if not os.path.lexists(path)]     # a broken link is listed as an error
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")


def exit_status(result: ScanResult, fail_on: Severity, ignore_errors: bool = False) -> int:
    if any(finding.severity >= fail_on for finding in result.findings):
        return EXIT_FINDINGS
    if result.errors and not ignore_errors:
        return EXIT_SCAN_ERRORS
    return EXIT_OK


def _run_scan(args: argparse.Namespace) -> int:
    from deserialguard import report
    from deserialguard.engine import scan_paths
    from deserialguard.engine.cache import cached_scan

    _check_paths(args.paths)
    with progress_bar() as progress:
        if args.exhaustive or args.no_cache:
            result = scan_paths(args.paths, args.threat_models, exhaustive=args.exhaustive, progress=progress,
                                jobs=args.jobs)
        else:
            result = cached_scan(args.paths, args.threat_models, progress=progress, jobs=args.jobs)
    status = exit_status(result, args.fail_on, args.ignore_errors)
    hooks = _record_fixes(result) if args.format == "markdown" else {}
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="\n") as file:
                report.write(result, args.format, file, root=os.getcwd(), **hooks)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        n, m = len(result.findings), len(result.errors)
        print(f"deserialguard: {n} finding{'' if n == 1 else 's'}, {m} error{'' if m == 1 else 's'}; "
              f"{args.format} report written to {args.output}", file=sys.stderr)
    else:
        report.write(result, args.format, sys.stdout, root=os.getcwd(), **hooks)
    return status


@contextlib.contextmanager
def progress_bar():
    """Files and findings so far, on stderr, only where a person watches it: not when stderr is piped or
    redirected, nor in CI. Gone once the scan ends, so the report starts on a clean line."""
    if not sys.stderr.isatty() or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("files  {task.fields[findings]} findings"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("scanning", total=None, findings=0)

        def update(what: str, done: int, total: int, findings: int) -> None:
            bar.update(task, description=what, completed=done, total=total, findings=findings)

        yield update


def _record_fixes(result: ScanResult) -> dict:
    """The markdown record's Secure Code (the output of `fix`) and its Remediation note (what changed)."""
    from deserialguard.fix import RecordFixes
    fixes = RecordFixes(result.findings)
    return {"secure_code": fixes.secure_code, "remediation_note": fixes.remediation}


# --- fix (deserialguard.fix.command) -------------------------------------------------------------------

def _configure_fix(parser: argparse.ArgumentParser) -> None:
    from deserialguard.fix.command import configure
    configure(parser)


def _run_fix(args: argparse.Namespace) -> int:
    from deserialguard.fix.command import run
    return run(args)


# --- explain and rules -------------------------------------------------------------------------------

def _configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE", help="a rule code (DG001), name or sink family")


def _rule_list() -> str:
    from deserialguard.rules import RULES
    width = max(len(rule.name) for rule in RULES.values())
    return "\n".join(f"{rule.code}  {rule.name.ljust(width)}  {rule.summary}" for rule in RULES.values())


def _run_explain(args: argparse.Namespace) -> int:
    from deserialguard.rules import find_rule
    rule = find_rule(args.rule)
    if rule is None:
        print(f"deserialguard: unknown rule {args.rule!r}; the rules are:\n{_rule_list()}", file=sys.stderr)
        return EXIT_USAGE
    document = f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\n{rule.documentation}\n"
    from deserialguard.report.text import make_console
    console = make_console()
    if console.is_terminal:
        from rich.markdown import Markdown
        console.print(Markdown(document))
    else:
        sys.stdout.write(document)
    return EXIT_OK


def _run_rules(args: argparse.Namespace) -> int:
    print(_rule_list())
    return EXIT_OK


SUBCOMMANDS: list[Subcommand] = [
    Subcommand("scan", "find untrusted data flowing into deserializers", _configure_scan, _run_scan,
               SCAN_EPILOG),
    Subcommand("explain", "print the documentation of one rule", _configure_explain, _run_explain),
    Subcommand("rules", "list the rules", lambda parser: None, _run_rules),
    Subcommand("fix", "rewrite each finding into secure code (--diff to preview, --write to apply)",
               _configure_fix, _run_fix),
    # inspect is added here when it exists (see the module docstring).
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deserialguard",
        description="Find, explain and fix insecure deserialization (CWE-502) in Python code.",
        epilog="Run `deserialguard scan --help` for the scan options and exit codes.")
    parser.add_argument("--version", action="version", version=f"deserialguard {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in SUBCOMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help,
                                  epilog=command.epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
        command.configure(sub)
        sub.set_defaults(run=command.run, parser=sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        try:
            return args.run(args)
        except UsageError as exc:
            args.parser.print_usage(sys.stderr)
            print(f"{args.parser.prog}: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    except SystemExit as exc:           # argparse: --help, --version (0) and usage errors (2)
        if exc.code is None:
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:             # `deserialguard scan . | head`: the reader went away
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())   # as the Python docs advise, so exit doesn't fail again
        return 1


def console() -> None:
    """The `deserialguard` command. A scan ends holding gigabytes of small objects (syntax trees) that the
    cycle collector would walk and free for seconds at exit, for nothing: once its output is flushed, the
    scan process ends without that (as mypy does)."""
    argv = sys.argv[1:]
    scanning = argv[:1] == ["scan"]
    if scanning:
        gc.disable()
    status = main(argv)
    if not scanning:
        raise SystemExit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = status or 1
    os._exit(status)
