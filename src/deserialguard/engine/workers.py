"""Groups of files scanned side by side, in processes forked for batches of groups, on the processors the
machine gives.

Processes, not threads: the analysis is Python code, which one interpreter runs one thread at a time. A
worker is a fork of the scan, so it starts with the files already read, and sends back only what it found,
group by group. Where fork is missing or unsafe (Windows, macOS), or one processor is all there is, the
groups are scanned one after another in this process, with the same result.
"""
from __future__ import annotations

import gc
import os
import queue
import signal
import sys

BATCHES_PER_JOB = 4     # batches of about equal weight per worker slot: a slow one leaves others work to do
MIN_BATCH = 8           # files to analyse that make a fork worth its cost


def available_processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def side_by_side(groups: list, scan, jobs: int, weights: list[int], progress, failed) -> list:
    """[scan(group, progress) for group in groups]: in workers, heaviest first, in batches; those of weight
    0 (nothing to analyse: not worth a worker), and all of them when no worker can be had, in this
    process, the heaviest last. `progress` hears the sum of what the groups report. A group whose scan
    raised, or whose worker died while scanning it, has failed(group, reason) for its result: scanned
    again here, what killed a worker (the kernel, out of memory) could take the whole run down."""
    results: list = [None] * len(groups)
    done = [False] * len(groups)
    tally = Tally(progress, len(groups))
    heavy = sorted((i for i, weight in enumerate(weights) if weight), key=lambda i: -weights[i])
    # What exists now is left out of the collections between groups (see _scan_one): they walk what the
    # groups made, and a forked worker never touches, so never copies, what it inherits.
    gc.freeze()
    try:
        if jobs > 1 and len(heavy) > 1 and can_fork():
            for index, result in _in_workers(groups, scan, weights, batches(heavy, weights, jobs), jobs, tally):
                results[index], done[index] = _outcome(result, groups[index], failed), True
        for index in sorted(range(len(groups)), key=weights.__getitem__):     # the heaviest last: its
            if not done[index]:                                                 # garbage is never walked
                outcome = _scan_one(scan, groups[index], tally.reporter(index), weights[index])
                results[index] = _outcome(outcome, groups[index], failed)
    finally:
        gc.unfreeze()
    return results


def batches(order: list[int], weights: list[int], jobs: int) -> list[list[int]]:
    """The groups in `order` (heaviest first) cut into runs of about equal weight, a worker forked for each:
    a fork per group made ten thousand small groups cost ten thousand forks. A group heavier than a share
    is a batch of its own; a share is never less than MIN_BATCH."""
    share = max(sum(weights[i] for i in order) / (BATCHES_PER_JOB * jobs), MIN_BATCH)
    found, batch, weight = [], [], 0
    for index in order:
        batch.append(index)
        weight += weights[index]
        if weight >= share:
            found.append(batch)
            batch, weight = [], 0
    return found + [batch] if batch else found


class Failure:
    """A group's scan that raised, or whose worker died: why."""

    def __init__(self, reason: str):
        self.reason = reason


def _outcome(result, group, failed):
    return failed(group, result.reason) if isinstance(result, Failure) else result


COLLECT_AFTER = 32     # the weight of the groups scanned since the last collection that makes another worth it
_GARBAGE = 0           # the weight of the groups this process scanned since it last collected


def _scan_one(scan, group, progress, weight: int):
    """scan(group, progress), after freeing what the groups this process scanned before left: a scan
    disables the cycle collector (engine._scanning()), and a group's modules and functions refer to one
    another, so one process scanning group after group would hold them all. Small groups leave little, so
    a collection waits for enough of them; what survives one is frozen, out of the later ones' way (the
    results, kept to the end). The largest group is scanned first by a worker of its own, or last in
    this process: its garbage is never walked. A Failure if it raised."""
    global _GARBAGE
    if _GARBAGE >= COLLECT_AFTER and not gc.isenabled():
        gc.collect()
        gc.freeze()
        _GARBAGE = 0
    _GARBAGE += weight
    try:
        return scan(group, progress)
    except Exception as error:
        return Failure(f"{type(error).__name__}: {error}")


def can_fork() -> bool:
    import multiprocessing      # here, as below: a re-scan that reuses its cache starts no worker
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


class Tally:
    """The sum of the groups' progress, passed on as one (what, done, total, findings so far)."""

    def __init__(self, progress, count: int):
        self.progress = progress
        self.latest = [(0, 0, 0)] * count
        self.sums = [0, 0, 0]           # of latest, kept as it changes: summed anew, ten thousand groups cost n²

    def reporter(self, index: int):
        return lambda what, done, total, findings: self.report(index, what, done, total, findings)

    def report(self, index: int, what: str, done: int, total: int, findings: int) -> None:
        now = (done, total, findings)
        self.sums = [sum_ + new - old for sum_, new, old in zip(self.sums, now, self.latest[index])]
        self.latest[index] = now
        self.progress(what, *self.sums)


_TASK: tuple | None = None      # (groups, scan, weights, progress queue): set before the workers fork


def _in_workers(groups: list, scan, weights: list[int], todo: list[list[int]], jobs: int, tally: Tally):
    """(index, result) of each group the workers scanned, as they send them. A worker is forked for each
    batch and exits when it has sent the batch's results: what its groups' syntax trees took goes back to
    the system at once. The group a worker was scanning when it died gets a Failure; the groups of its
    batch it had not begun go to a new worker."""
    global _TASK
    import multiprocessing
    from multiprocessing.connection import wait
    context = multiprocessing.get_context("fork")
    reports = context.Queue()
    _TASK = (groups, scan, weights, reports)
    running = {}
    try:
        while todo or running:
            while todo and len(running) < jobs:
                batch = todo.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                worker = context.Process(target=_work, args=(batch, sender), daemon=True)
                worker.start()
                sender.close()
                running[receiver] = (worker, batch, [])
            ready = wait(list(running), timeout=0.2)
            _relay(reports, tally)
            for receiver in ready:
                worker, batch, received = running[receiver]
                message = _received(receiver)
                if message is not None:
                    received.append(message[0])
                    yield message
                    continue
                del running[receiver]
                receiver.close()
                worker.join()
                left = [index for index in batch if index not in received]
                if left:
                    yield left[0], Failure(f"the process scanning it died ({_death(worker.exitcode)})")
                    if left[1:]:
                        todo.insert(0, left[1:])
        _relay(reports, tally)
    finally:
        for worker, _, _ in running.values():     # the scan was interrupted: its workers go with it
            worker.terminate()
            worker.join()
        _TASK = None


def _work(batch: list[int], sender) -> None:
    groups, scan, weights, reports = _TASK
    for index in batch:
        result = _scan_one(scan, groups[index], lambda *state, index=index: reports.put((index, *state)),
                           weights[index])
        sender.send((index, result))
        del result
    reports.close()             # its progress reaches the parent first: once it has the results, it waits
    reports.join_thread()       # for this process to end, and would no longer read them
    sender.close()


def _received(receiver) -> tuple | None:
    """(index, result) from a worker, or None once it has ended or died."""
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"killed by {name}" + (", out of memory?" if name == "SIGKILL" else "")
    return f"exit status {exitcode}"


def _relay(reports, tally: Tally) -> None:
    while True:
        try:
            tally.report(*reports.get_nowait())
        except queue.Empty:
            return
