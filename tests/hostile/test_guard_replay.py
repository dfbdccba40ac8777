"""Issue 20 item 10: replay protection, as an option.

Without a store nothing changes: the seeds' plain-HMAC clients send the same signed request as often as
they like. With one, each signature is accepted once until it expires. The store is pluggable: the
tests run every property against the in-memory store and against a small SQLite-backed store written
here (a real store in the same process, standing in for Redis, through the same two-method interface).
"""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deserialguard import guard

KEY = b"replay-test-key-0123456789"
OTHER_KEY = b"replay-test-other-key-98765"


def plain_mac(data: bytes) -> str:
    return hmac.new(KEY, data, hashlib.sha256).hexdigest()


def timed(data: bytes, t: int | None = None, key: bytes = KEY) -> str:
    """The documented timestamped signature, computed without guard."""
    t = int(time.time()) if t is None else t
    derived = hmac.new(key, b"deserialguard.guard timestamped v1", hashlib.sha256).digest()
    return f"t={t},v1=" + hmac.new(derived, b"t=%d." % t + data, hashlib.sha256).hexdigest()


class SqliteReplayStore:
    """A replay store over SQLite: INSERT into a primary key is the atomic check-and-remember."""

    def __init__(self):
        self.db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, expires_at REAL)")
        self.lock = threading.Lock()

    def add(self, key: str, expires_at: float) -> bool:
        with self.lock:
            self.db.execute("DELETE FROM seen WHERE expires_at < ?", (time.time(),))
            inserted = self.db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, expires_at))
            return inserted.rowcount == 1

    def __len__(self) -> int:
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM seen").fetchone()[0]


STORES = {"memory": guard.MemoryReplayStore, "sqlite": SqliteReplayStore}


@pytest.fixture(params=sorted(STORES))
def store(request):
    return STORES[request.param]()


def test_without_a_store_the_plain_protocol_accepts_a_request_again_and_again():
    data = b'{"layers": 3}'
    signature = plain_mac(data)
    for _ in range(5):
        assert guard.load_signed_json(data, signature, keys=KEY) == {"layers": 3}
        assert guard.load_signed_json(data, timed(data), keys=KEY, max_age=60) == {"layers": 3}


@settings(max_examples=60, deadline=None)
@given(requests=st.lists(st.tuples(st.sampled_from([b"[1]", b'{"a": 2}', b'"x"']), st.integers(0, 3),
                                   st.sampled_from([KEY, OTHER_KEY])), min_size=1, max_size=25),
       kind=st.sampled_from(sorted(STORES)), through=st.sampled_from(["verify", "load_signed_json"]))
def test_each_signature_is_accepted_exactly_once(requests, kind, through):
    store, now, seen = STORES[kind](), int(time.time()), set()
    for data, seconds_ago, key in requests:
        signature = timed(data, now - seconds_ago, key)
        call = getattr(guard, through)
        if signature in seen:
            with pytest.raises(guard.Replayed) as refused:
                call(data, signature, keys=[KEY, OTHER_KEY], max_age=600, replay=store)
            assert refused.value.status == 403
        else:
            call(data, signature, keys=[KEY, OTHER_KEY], max_age=600, replay=store)
            seen.add(signature)
    assert len(store) == len(seen)


def test_only_authentic_fresh_signatures_reach_the_store(store):
    data = b'{"a": 1}'
    attempts = [(guard.BadSignature, timed(data, key=b"an-attackers-own-key-123")),
                (guard.BadSignature, timed(b'{"a": 2}')),
                (guard.Expired, timed(data, int(time.time()) - 3600)),
                (guard.Expired, plain_mac(data)),                          # no timestamp
                (guard.MissingSignature, None)]
    for error, signature in attempts:
        for _ in range(3):
            with pytest.raises(error):
                guard.verify(data, signature, keys=KEY, max_age=60, replay=store)
    assert len(store) == 0
    guard.verify(data, timed(data), keys=KEY, max_age=60, replay=store)
    assert len(store) == 1


def test_a_store_needs_max_age_and_an_add_method():
    data = b"[]"
    with pytest.raises(guard.Misconfigured, match="max_age"):
        guard.verify(data, plain_mac(data), keys=KEY, replay=guard.MemoryReplayStore())
    for not_a_store in (object(), "redis://localhost", 3, {"seen": 1}):
        with pytest.raises(guard.Misconfigured, match="add"):
            guard.verify(data, timed(data), keys=KEY, max_age=60, replay=not_a_store)


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_memory_store_forgets_a_signature_once_it_has_expired():
    clock = Clock(1000.0)
    store = guard.MemoryReplayStore(clock=clock)
    assert store.add("mac", 1060.0) is True
    for now in (1000.0, 1059.0, 1060.0):          # still valid up to and including its expiry
        clock.now = now
        assert store.add("mac", 1060.0) is False
    clock.now = 1060.5
    assert len(store) == 0
    assert store.add("mac", 1120.0) is True


@settings(max_examples=50, deadline=None)
@given(capacity=st.integers(1, 20), extra=st.integers(1, 5))
def test_the_memory_store_is_bounded_and_refuses_rather_than_forgets(capacity, extra):
    clock = Clock(0.0)
    store = guard.MemoryReplayStore(capacity, clock=clock)
    for n in range(capacity):
        assert store.add(f"mac{n}", 100.0 + n)
    for n in range(extra):
        with pytest.raises(guard.ReplayStoreFull) as refused:
            store.add(f"new{n}", 500.0)
        assert refused.value.status == 503
    assert all(store.add(f"mac{n}", 100.0 + n) is False for n in range(capacity))   # none forgotten early
    clock.now = 100.5                                                               # the first expired
    assert store.add("new0", 500.0) is True
    assert len(store) == capacity


@pytest.mark.parametrize("kind", sorted(STORES))
def test_concurrent_requests_with_one_signature_are_accepted_once(kind):
    store = STORES[kind]()
    data = b'{"device_id": "sensor-7"}'
    signature = timed(data)
    threads = 16
    start = threading.Barrier(threads)
    outcomes = []

    def send():
        start.wait()
        try:
            guard.load_signed_json(data, signature, keys=KEY, max_age=60, replay=store)
            outcomes.append("accepted")
        except guard.Replayed:
            outcomes.append("replayed")

    workers = [threading.Thread(target=send) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["accepted"] + ["replayed"] * (threads - 1)
