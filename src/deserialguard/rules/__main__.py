"""Generate docs/rules.md from the rule modules, as Ruff generates its rule docs.

    python -m deserialguard.rules                  print the document
    python -m deserialguard.rules docs/rules.md    write it
    python -m deserialguard.rules --check docs/rules.md   exit 1 if the file is out of date
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from deserialguard.rules import generate_docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deserialguard.rules", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", help="file to write (default: print to stdout)")
    parser.add_argument("--check", action="store_true", help="only check that PATH is up to date")
    args = parser.parse_args(argv)
    text = generate_docs()
    if args.path is None:
        sys.stdout.write(text)
        return 0
    path = Path(args.path)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            print(f"{path} is out of date: run `python -m deserialguard.rules {path}`", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
