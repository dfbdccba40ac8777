"""Path helpers the formats share."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable


def same_file(a: str, b: str) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def short_names(paths: Iterable[str]) -> dict[str, str]:
    """Each path's name relative to the deepest folder holding all of them, with forward slashes:
    /src/app.py and /src/lib/codec.py become app.py and lib/codec.py."""
    paths = list(dict.fromkeys(paths))
    absolute = {p: os.path.abspath(p) for p in paths}
    if not paths:
        return {}
    try:
        root = os.path.commonpath([os.path.dirname(a) for a in absolute.values()])
    except ValueError:                      # different drives on Windows: keep them as they are
        return {p: Path(p).as_posix() for p in paths}
    return {p: Path(os.path.relpath(a, root)).as_posix() for p, a in absolute.items()}

