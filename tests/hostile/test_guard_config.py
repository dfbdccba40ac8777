"""Issue 20 item 9: configuration that would switch a protection off is refused when it is configured.

A NaN `max_age` (an environment variable set to "nan") made every expiry comparison false, so a
10-year-old signature passed; infinities and negative ages are refused the same way, both as the
argument and through `max_age_from_env`. Keys shorter than 16 bytes are refused when read, with
KeyNotConfigured naming the variable.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deserialguard import guard
from deserialguard.guard import cli

KEY = b"config-test-key-0123456789"
DATA = b'{"layers": 3}'
TEN_YEARS = 10 * 365 * 24 * 3600


def timed_mac(key: bytes, t: int, data: bytes) -> str:
    """The documented timestamped signature, computed without guard."""
    derived = hmac.new(key, b"deserialguard.guard timestamped v1", hashlib.sha256).digest()
    return f"t={t},v1=" + hmac.new(derived, b"t=%d." % t + data, hashlib.sha256).hexdigest()


UNUSABLE_AGES = st.sampled_from([math.nan, math.inf, -math.inf]) | st.floats(max_value=-1e-9) \
    | st.integers(max_value=-1)


@settings(max_examples=100, deadline=None)
@given(max_age=UNUSABLE_AGES, signed_ago=st.integers(0, TEN_YEARS))
def test_an_unusable_max_age_refuses_every_signature(max_age, signed_ago):
    signature = timed_mac(KEY, int(time.time()) - signed_ago, DATA)
    for check in (guard.verify, guard.load_signed_json):
        with pytest.raises(guard.Misconfigured, match="max_age") as refused:
            check(DATA, signature, keys=KEY, max_age=max_age)
        assert refused.value.status == 500


def test_a_ten_year_old_signature_is_expired_under_any_usable_max_age():
    signature = timed_mac(KEY, int(time.time()) - TEN_YEARS, DATA)
    for max_age in (0, 1, 3600.5, TEN_YEARS - 3600):
        with pytest.raises(guard.Expired):
            guard.load_signed_json(DATA, signature, keys=KEY, max_age=max_age)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=12) | st.sampled_from(["nan", "NaN", " nan ", "-nan", "inf", "Infinity",
                                                    "-inf", "1e999", "-1", "-0.5", "5m", "0x10", "1_0"]))
def test_max_age_from_env_gives_finite_seconds_or_names_the_variable(text):
    try:
        expected = float(text) if text.strip() else None
    except ValueError:
        expected = "refused"
    if expected is not None and expected != "refused" and not (math.isfinite(expected) and expected >= 0):
        expected = "refused"
    if expected == "refused":
        with pytest.raises(guard.Misconfigured, match="DG_MAX_AGE"):
            guard.max_age_from_env("DG_MAX_AGE", {"DG_MAX_AGE": text})
    else:
        assert guard.max_age_from_env("DG_MAX_AGE", {"DG_MAX_AGE": text}) == expected


def test_max_age_from_env_reads_the_environment(monkeypatch):
    monkeypatch.delenv("DG_TEST_MAX_AGE", raising=False)
    assert guard.max_age_from_env("DG_TEST_MAX_AGE") is None
    monkeypatch.setenv("DG_TEST_MAX_AGE", "600")
    assert guard.max_age_from_env("DG_TEST_MAX_AGE") == 600.0
    monkeypatch.setenv("DG_TEST_MAX_AGE", "nan")
    with pytest.raises(guard.Misconfigured, match="DG_TEST_MAX_AGE"):
        guard.max_age_from_env("DG_TEST_MAX_AGE")


SHORT_SECRETS = st.binary(min_size=1, max_size=15).map(lambda raw: raw.hex()[:len(raw)]) \
    | st.text(st.characters(codec="utf-8", exclude_characters=",:", exclude_categories=["Z", "C"]),
              min_size=1, max_size=15).filter(lambda text: len(text.strip().encode()) < 16 and text.strip())
LONG_SECRETS = st.text(st.characters(codec="utf-8", exclude_characters=",:", exclude_categories=["Z", "C"]),
                       min_size=16, max_size=40)


@settings(max_examples=200, deadline=None)
@given(short=SHORT_SECRETS, others=st.lists(LONG_SECRETS, max_size=2), position=st.integers(0, 2),
       with_id=st.booleans())
def test_a_short_key_in_the_environment_is_refused_naming_the_variable(short, others, position, with_id):
    def refusal(secret: str) -> str:
        entries = [f"k{i}:{other}" for i, other in enumerate(others)]
        entries.insert(min(position, len(entries)), f"short:{secret}" if with_id else secret)
        with pytest.raises(guard.KeyNotConfigured, match="DG_TEST_KEYS") as refused:
            guard.keys_from_env("DG_TEST_KEYS", {"DG_TEST_KEYS": ",".join(entries)})
        return str(refused.value)

    assert refusal(short) == refusal("x"), "the message depends on the secret"


@settings(max_examples=100, deadline=None)
@given(secrets=st.lists(LONG_SECRETS, min_size=1, max_size=3))
def test_keys_of_16_bytes_or_more_are_accepted(secrets):
    environ = {"DG_TEST_KEYS": ",".join(f"k{i}:{secret}" for i, secret in enumerate(secrets))}
    keys = guard.keys_from_env("DG_TEST_KEYS", environ)
    assert [key.secret for key in keys] == [secret.strip().encode() for secret in secrets]


@pytest.mark.parametrize("length", range(0, guard.MIN_KEY_BYTES))
def test_short_keys_are_refused_however_they_are_given(length):
    secret = b"k" * length
    for attempt in (lambda: guard.Key(secret), lambda: guard.Key(secret, "kid"),
                    lambda: guard.sign(DATA, secret), lambda: guard.sign(DATA, secret.decode()),
                    lambda: guard.verify(DATA, "0" * 64, keys={"kid": secret}),
                    lambda: guard.verify(DATA, "0" * 64, keys=[b"x" * 16, secret])):
        with pytest.raises(guard.KeyNotConfigured):
            attempt()
    assert guard.sign(DATA, b"k" * guard.MIN_KEY_BYTES)


def test_the_command_line_refuses_an_unusable_max_age(tmp_path, monkeypatch, capsys):
    path = tmp_path / "state.json"
    path.write_bytes(DATA)
    monkeypatch.setenv("DG_TEST_CLI_KEY", KEY.decode())
    signature = timed_mac(KEY, int(time.time()) - TEN_YEARS, DATA)
    for max_age in ("nan", "inf", "-1"):
        with pytest.raises(SystemExit) as exited:
            cli.main(["verify", "--key-env", "DG_TEST_CLI_KEY", "--signature", signature,
                      "--max-age", max_age, str(path)])
        assert exited.value.code == 2
        assert "--max-age" in capsys.readouterr().err
    assert cli.main(["verify", "--key-env", "DG_TEST_CLI_KEY", "--signature", signature, "--max-age", "60",
                     str(path)]) == 1
    assert "expired" in capsys.readouterr().err
