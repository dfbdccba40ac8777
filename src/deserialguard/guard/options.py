"""The options a server configures: size and count limits and `max_age`, often read from the environment.

An unusable option is the server's mistake, not the client's, so it raises Misconfigured (HTTP 500), a
GuardError: the one handler that maps refusals covers it too. NaN is the dangerous case: every
comparison with it is false, so a signature's age would never exceed a NaN `max_age`.

    max_age = guard.max_age_from_env("CHECKPOINT_MAX_AGE")   # None when unset; Misconfigured for "nan"
"""
from __future__ import annotations

import math
import os
from collections.abc import Mapping
from numbers import Integral, Real

from .errors import Misconfigured

# Levels of nesting a JSON value or a pickle may have: far more than data needs, far less than a
# recursive walk of the value (json, ==, repr, copy) survives.
DEFAULT_MAX_DEPTH = 100


def count_option(value, name: str) -> int:
    """`value` as a whole number >= 0 (a byte, object or level count); Misconfigured otherwise."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
        raise Misconfigured(f"{name} must be a whole number >= 0, not {_shown(value)}")
    return int(value)


def max_age_option(value) -> float | None:
    """`value` as seconds (finite, >= 0), or None for no expiry; Misconfigured otherwise."""
    if value is None:
        return None
    if isinstance(value, Real) and not isinstance(value, bool):
        try:
            seconds = float(value)
        except (OverflowError, ValueError):      # an int too large for a float
            seconds = math.inf
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    raise Misconfigured(f"max_age must be None or a finite number of seconds >= 0, not {_shown(value)}")


def max_age_from_env(name: str, environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds from environment variable `name`, or None when it is unset or blank (no expiry).

    Raises Misconfigured naming the variable for anything but a finite number >= 0 ("nan", "inf",
    "-5", "5m"), so a typo cannot turn expiry off.
    """
    text = (os.environ if environ is None else environ).get(name, "").strip()
    if not text:
        return None
    try:
        return max_age_option(float(text))
    except (ValueError, Misconfigured):
        raise Misconfigured(f"environment variable {name} must be a finite number of seconds >= 0, "
                            f"not {text[:20]!r}") from None


def _shown(value) -> str:
    """Numbers as themselves, anything else by its type (never a long or secret repr)."""
    if isinstance(value, float) or (isinstance(value, int) and abs(value) < 10**15):
        return repr(value)
    return f"a {type(value).__name__}"
