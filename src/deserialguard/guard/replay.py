"""Replay protection: accept each signed request once, not every time it is sent again.

Why: a signature proves who made a payload, not that this is the first time it arrives. Whoever saw one
signed request (a log, a proxy, a browser history) can send it again, as often as they like, for as
long as the signature is valid: forever without `max_age`. With a replay store, `verify` and
`load_signed_json` remember the MAC of every signature they accept until it expires (its signed time
plus `max_age`) and refuse the same signature again with Replayed (403). It is an option: without a
store, a valid signature is accepted any number of times, as the plain-HMAC protocol always did.

    REPLAYS = guard.MemoryReplayStore()                 # one per process, shared by its threads
    state = guard.load_signed_json(data, signature, keys=keys, max_age=300, replay=REPLAYS)

Clients then sign with a timestamp (``sign(..., timestamp=True)``, ``python -m deserialguard.guard
send --timestamp``), and sending the same bytes twice means signing them twice, in different seconds.

A store is any object with ``add(key: str, expires_at: float) -> bool``: remember `key` until the Unix
time `expires_at` and return True, or return False if it is already remembered; the check and the write
must be one atomic step, or two threads could both accept one signature. The in-memory store serves
one process; several processes (gunicorn workers, replicas) need a shared one, e.g. Redis, whose
``SET key value NX EXAT t`` is exactly that step::

    class RedisReplayStore:
        def __init__(self, client, prefix="deserialguard:replay:"):
            self.client, self.prefix = client, prefix

        def add(self, key, expires_at):
            return bool(self.client.set(self.prefix + key, b"1", nx=True, exat=math.ceil(expires_at)))

A store that cannot answer (Redis down) should raise: the request then fails (500) instead of passing
unchecked.
"""
from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable

from .errors import Misconfigured, Replayed, ReplayStoreFull
from .options import count_option

DEFAULT_MAX_ENTRIES = 100_000


class MemoryReplayStore:
    """Signatures remembered in this process until they expire, at most `max_entries` at a time.

    When it is full of unexpired signatures, `add` raises ReplayStoreFull (503) rather than forget one
    early, which would let that one be replayed. Only authentic, fresh signatures reach the store, so
    filling it takes the signing key. Thread-safe. `clock` returns the Unix time (tests replace it).
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES, *, clock: Callable[[], float] = time.time):
        self.max_entries = count_option(max_entries, "max_entries")
        self._clock = clock
        self._expiry: dict[str, float] = {}
        self._queue: list[tuple[float, str]] = []     # (expires_at, key), soonest first
        self._lock = threading.Lock()

    def add(self, key: str, expires_at: float) -> bool:
        with self._lock:
            self._forget_expired(self._clock())
            if key in self._expiry:
                return False
            if len(self._expiry) >= self.max_entries:
                raise ReplayStoreFull(f"the replay store holds {self.max_entries} unexpired signatures")
            self._expiry[key] = expires_at
            heapq.heappush(self._queue, (expires_at, key))
            return True

    def __len__(self) -> int:
        """The number of unexpired signatures remembered."""
        with self._lock:
            self._forget_expired(self._clock())
            return len(self._expiry)

    def _forget_expired(self, now: float) -> None:
        while self._queue and self._queue[0][0] < now:
            _, key = heapq.heappop(self._queue)
            del self._expiry[key]


def check_store(store, max_age: float | None) -> None:
    """Misconfigured unless `store` is None or a store (an `add` method) used with a `max_age`."""
    if store is None:
        return
    if not callable(getattr(store, "add", None)):
        raise Misconfigured(f"replay must be a store with an add(key, expires_at) method, "
                            f"not a {type(store).__name__}")
    if max_age is None:
        raise Misconfigured("replay protection needs max_age: a signature is remembered until it expires")


def refuse_replay(store, key: str, expires_at: float) -> None:
    """Remember `key` in `store` until `expires_at`; Replayed if it was already there."""
    if not store.add(key, expires_at):
        raise Replayed("this signature was already used; sign the payload again to send it again")
