"""Issue 20 item 7: whatever type an argument of the guard has, the caller gets a GuardError, never a
TypeError, so a handler's one `except guard.GuardError` covers it.

The data a request carries (payload, signature, pickle bytes, base64 text) of a wrong type is Malformed
(400); an option the server configures (keys, max_size, max_age, allow, limits, replay store) that is
unusable is Misconfigured (500). Values are drawn from every kind hypothesis makes: None, bools, ints,
floats with NaN and infinities, complex, decimals, fractions, str, bytes, bytearray, memoryviews of
bytes and of doubles, lists, tuples, dicts, sets and plain objects.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import pickle
import time
from array import array
from numbers import Integral, Real

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deserialguard import guard

KEY = b"types-test-key-0123456789"
DATA = b'{"layers": 3}'
SIGNATURE = hmac.new(KEY, DATA, hashlib.sha256).hexdigest()
PICKLE = pickle.dumps({"layers": [1, 2]})

ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.complex_numbers(), st.decimals(),
    st.fractions(), st.text(), st.binary(), st.binary().map(bytearray), st.binary().map(memoryview),
    st.lists(st.floats(), max_size=4).map(lambda items: memoryview(array("d", items))),
    st.lists(st.integers(), max_size=4), st.tuples(st.integers(), st.text()),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=4), st.sets(st.integers(), max_size=4),
    st.builds(object), st.just(float("nan")), st.just(float("inf")), st.just(-float("inf")))
BYTES_LIKE = (str, bytes, bytearray, memoryview)
NOT_BYTES = ANYTHING.filter(lambda value: not isinstance(value, BYTES_LIKE))


def timed_signature(data: bytes) -> str:
    return guard.sign(data, KEY, timestamp=int(time.time()))


# Each data argument of each function: a call with that argument replaced.
DATA_ARGUMENTS = {
    "load_signed_json(payload)": lambda value: guard.load_signed_json(value, SIGNATURE, keys=KEY),
    "load_signed_json(signature)": lambda value: guard.load_signed_json(DATA, value, keys=KEY),
    "verify(payload)": lambda value: guard.verify(value, SIGNATURE, keys=KEY),
    "verify(signature)": lambda value: guard.verify(DATA, value, keys=KEY),
    "b64decode(data)": lambda value: guard.b64decode(value),
    "restricted_loads(data)": lambda value: guard.restricted_loads(value),
    "sign(payload)": lambda value: guard.sign(value, KEY),
}

# Each option: a call with that option replaced, and the refusals a *valid* value of it may still cause
# with this data (a valid key that is not the signing one, a size limit smaller than the payload...).
OPTIONS = {
    "load_signed_json(keys)": (lambda value: guard.load_signed_json(DATA, SIGNATURE, keys=value),
                               (guard.BadSignature,)),
    "verify(keys)": (lambda value: guard.verify(DATA, SIGNATURE, keys=value), (guard.BadSignature,)),
    "sign(key)": (lambda value: guard.sign(DATA, value), ()),
    "load_signed_json(max_size)": (lambda value: guard.load_signed_json(DATA, SIGNATURE, keys=KEY,
                                                                        max_size=value), (guard.TooLarge,)),
    "verify(max_age)": (lambda value: guard.verify(DATA, timed_signature(DATA), keys=KEY, max_age=value),
                        (guard.Expired,)),
    "load_signed_json(max_age)": (lambda value: guard.load_signed_json(DATA, timed_signature(DATA), keys=KEY,
                                                                       max_age=value), (guard.Expired,)),
    "b64decode(max_size)": (lambda value: guard.b64decode("AAAA", max_size=value), (guard.TooLarge,)),
    "restricted_loads(allow)": (lambda value: guard.restricted_loads(PICKLE, allow=value), ()),
    "restricted_loads(max_size)": (lambda value: guard.restricted_loads(PICKLE, max_size=value),
                                   (guard.TooLarge,)),
    "restricted_loads(max_depth)": (lambda value: guard.restricted_loads(PICKLE, max_depth=value),
                                    (guard.Malformed,)),
    "restricted_loads(max_objects)": (lambda value: guard.restricted_loads(PICKLE, max_objects=value),
                                      (guard.TooLarge,)),
    "MemoryReplayStore(max_entries)": (lambda value: guard.MemoryReplayStore(value), ()),
}


@settings(max_examples=400, deadline=None)
@given(argument=st.sampled_from(sorted(DATA_ARGUMENTS)), value=NOT_BYTES)
def test_data_of_a_wrong_type_is_malformed(argument, value):
    if value is None and argument.endswith("(signature)"):
        expected = guard.MissingSignature              # an absent signature keeps its own error
    else:
        expected = guard.Malformed
    with pytest.raises(expected) as refused:
        DATA_ARGUMENTS[argument](value)
    assert refused.value.status == 400


@settings(max_examples=400, deadline=None)
@given(argument=st.sampled_from(sorted(DATA_ARGUMENTS)), value=ANYTHING)
def test_data_of_any_type_gives_a_result_or_a_guard_error(argument, value):
    try:
        DATA_ARGUMENTS[argument](value)
    except guard.GuardError as error:
        assert error.status < 500, f"{argument}={value!r}: client data refused as a server error"


@settings(max_examples=600, deadline=None)
@given(option=st.sampled_from(sorted(OPTIONS)), value=ANYTHING)
def test_an_option_of_any_type_is_used_or_misconfigured(option, value):
    call, refusals_of_valid_values = OPTIONS[option]
    try:
        call(value)
    except guard.Misconfigured as error:
        assert error.status == 500
    except refusals_of_valid_values:
        pass


NOT_A_COUNT = ANYTHING.filter(lambda value: isinstance(value, bool) or not isinstance(value, Integral))


@settings(max_examples=200, deadline=None)
@given(option=st.sampled_from(["load_signed_json(max_size)", "b64decode(max_size)",
                               "restricted_loads(max_size)", "restricted_loads(max_depth)",
                               "restricted_loads(max_objects)", "MemoryReplayStore(max_entries)"]),
       value=NOT_A_COUNT | st.integers(max_value=-1))
def test_limits_must_be_whole_numbers_of_zero_or_more(option, value):
    with pytest.raises(guard.Misconfigured):
        OPTIONS[option][0](value)


NOT_SECONDS = ANYTHING.filter(
    lambda value: value is not None and (isinstance(value, bool) or not isinstance(value, Real)
                                         or not math.isfinite(value) or value < 0))


@settings(max_examples=200, deadline=None)
@given(option=st.sampled_from(["verify(max_age)", "load_signed_json(max_age)"]),
       value=NOT_SECONDS | st.floats(max_value=-1e-9) | st.integers(max_value=-1))
def test_max_age_must_be_finite_seconds_of_zero_or_more(option, value):
    with pytest.raises(guard.Misconfigured):
        OPTIONS[option][0](value)


NOT_A_KEY = ANYTHING.filter(
    lambda value: value is not None and not isinstance(value, (str, bytes, bytearray)))


@settings(max_examples=200, deadline=None)
@given(value=NOT_A_KEY | st.lists(NOT_A_KEY, min_size=1, max_size=3)
       | st.dictionaries(st.text(max_size=3), NOT_A_KEY, min_size=1, max_size=2))
def test_keys_that_are_not_secrets_are_not_configured(value):
    with pytest.raises(guard.KeyNotConfigured):
        guard.verify(DATA, SIGNATURE, keys=value)


@settings(max_examples=200, deadline=None)
@given(value=(ANYTHING.filter(lambda value: not isinstance(value, (str, bytes, bytearray, memoryview)))
              .filter(lambda value: value is not None and not isinstance(value, (list, tuple, dict, set))))
       | st.lists(ANYTHING.filter(lambda value: not isinstance(value, str)), min_size=1, max_size=3)
       | st.lists(st.text().filter(lambda name: "." not in name and ":" not in name), min_size=1, max_size=3))
def test_an_allowlist_that_names_no_global_is_misconfigured(value):
    with pytest.raises(guard.Misconfigured):
        guard.restricted_loads(PICKLE, allow=value)


def test_the_decision_is_documented():
    """The rule (data -> Malformed, options -> Misconfigured, code -> TypeError/ValueError) is written
    where a caller reads it."""
    for documented in (guard.signing, guard.unpickle, guard.errors):
        text = " ".join(documented.__doc__.split())
        assert "Malformed" in text and "Misconfigured" in text, documented.__name__
    assert issubclass(guard.KeyNotConfigured, guard.Misconfigured)
    assert issubclass(guard.Misconfigured, guard.GuardError) and guard.Misconfigured.status == 500
