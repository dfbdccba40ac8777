"""A MAC check protects a sink only when every way to the sink passes it (issue 20, item 17):
`if compare_digest(...) or request.args.get("debug")` authenticates nothing. Conditions are generated
from a check of the body (C), a check of something else (K) and request flags (D, E), joined with
and/or/not and placed where the sink runs when F holds (`if F: sink`, `if not F: abort()`, `assert F`) or
when it does not (`if F: abort()`, `else:`). Whatever the condition, a sink that some assignment of truth
values reaches without C being true must be reported; one reached only when C and-ed with anything holds
(or-ed, negated, for the false side) must not be.
"""
from __future__ import annotations

import itertools
import textwrap

from hypothesis import given, settings, strategies as st

from deserialguard.engine import scan_paths

LEAVES = {
    "C": 'hmac.compare_digest(hmac.new(SECRET, blob, "sha256").hexdigest(), request.headers.get("X-Sig", ""))',
    "K": 'hmac.compare_digest(request.args.get("token", ""), API_TOKEN)',
    "D": 'request.args.get("debug")',
    "E": 'request.args.get("dry_run")',
}
PROGRAM = '''\
import hmac
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
SECRET = b"replace-me"
API_TOKEN = "replace-me-too"


@app.post("/jobs")
def resume():
    blob = request.get_data()
{guarded}
'''
# Each shape, and whether the sink runs when the condition is true (else when it is false).
SHAPES = {
    "if": ("if {f}:\n    return pickle.loads(blob)\nabort(403)", True),
    "abort unless": ("if not ({f}):\n    abort(403)\nreturn pickle.loads(blob)", True),
    "assert": ("assert {f}\nreturn pickle.loads(blob)", True),
    "abort if": ("if {f}:\n    abort(403)\nreturn pickle.loads(blob)", False),
    "else": ("if {f}:\n    abort(403)\nelse:\n    return pickle.loads(blob)", False),
}

conditions = st.recursive(
    st.sampled_from(sorted(LEAVES)),
    lambda inner: st.one_of(st.tuples(st.just("not"), inner),
                            st.tuples(st.sampled_from(["and", "or"]), inner, inner)),
    max_leaves=6)


def render(f) -> str:
    if isinstance(f, str):
        return LEAVES[f]
    if f[0] == "not":
        return f"not ({render(f[1])})"
    return f"({render(f[1])}) {f[0]} ({render(f[2])})"


def holds(f, truth: dict) -> bool:
    if isinstance(f, str):
        return truth[f]
    if f[0] == "not":
        return not holds(f[1], truth)
    return (holds(f[1], truth) and holds(f[2], truth)) if f[0] == "and" else (holds(f[1], truth) or holds(f[2], truth))


def protects(f, when: bool) -> bool:
    """Every assignment under which the sink runs (the condition is `when`) makes C true."""
    return all(truth["C"] for values in itertools.product([False, True], repeat=len(LEAVES))
               if holds(f, truth := dict(zip(sorted(LEAVES), values))) == when)


def conjuncts(f, when: bool = True) -> list:
    """What must all hold for the condition to be `when`: the parts of an and (of an or, for false)."""
    if isinstance(f, tuple) and f[0] == "not":
        return conjuncts(f[1], not when)
    if isinstance(f, tuple) and f[0] == ("and" if when else "or"):
        return conjuncts(f[1], when) + conjuncts(f[2], when)
    return [f] if when else [("not", f)]


def reported(tmp_path_factory, f, shape: str) -> bool:
    path = tmp_path_factory.mktemp("condition") / "app.py"
    guarded = textwrap.indent(SHAPES[shape][0].format(f=render(f)), "    ")
    path.write_text(PROGRAM.format(guarded=guarded))
    result = scan_paths([path])
    assert not result.errors, result.errors
    return bool(result.findings)


@settings(max_examples=150, deadline=None)
@given(f=conditions, shape=st.sampled_from(sorted(SHAPES)))
def test_a_sink_reachable_without_the_check_is_reported(tmp_path_factory, f, shape):
    when = SHAPES[shape][1]
    if not protects(f, when):
        assert reported(tmp_path_factory, f, shape), f"{render(f)} lets a sink run unchecked ({shape})"
    elif "C" in conjuncts(f, when):
        assert not reported(tmp_path_factory, f, shape), f"{render(f)} checks the MAC first ({shape})"


def test_the_named_hole_is_in_the_family(tmp_path_factory):
    hole, de_morgan = ("or", "C", "D"), ("and", ("not", "C"), ("not", "D"))
    assert not protects(hole, True) and reported(tmp_path_factory, hole, "if")
    assert not protects(de_morgan, False) and reported(tmp_path_factory, de_morgan, "abort if")
    both = ("and", "C", "D")
    assert protects(both, True) and "C" in conjuncts(both) and not reported(tmp_path_factory, both, "if")
