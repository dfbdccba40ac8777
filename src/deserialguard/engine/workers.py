"""Groups of files scanned side by side, one process each at a time, on the processors the machine gives.

Processes, not threads: the analysis is Python code, which one interpreter runs one thread at a time. A
worker is a fork of the scan, so it starts with the files already read, and sends back only what it found.
Where fork is missing or unsafe (Windows, macOS), or one processor is all there is, the groups are scanned
one after another in this process, with the same result; so is a group whose worker failed.
"""
from __future__ import annotations

import gc
import os
import queue
import sys


def available_processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def side_by_side(groups: list, scan, jobs: int, weights: list[int], progress) -> list:
    """[scan(group, progress) for group in groups]: in workers the heaviest groups first; those of weight 0
    (nothing to analyse: not worth a worker), and all of them when no worker can be had, in this process,
    the heaviest last. `progress` hears the sum of what the groups report."""
    results: list = [None] * len(groups)
    tally = Tally(progress, len(groups))
    heavy = sorted((i for i, weight in enumerate(weights) if weight), key=lambda i: -weights[i])
    # What exists now is left out of the collections between groups (see _scan_one): they walk what the
    # groups made, and a forked worker never touches, so never copies, what it inherits.
    gc.freeze()
    try:
        if jobs > 1 and len(heavy) > 1 and can_fork():
            for index, result in _in_workers(groups, scan, weights, heavy, min(jobs, len(heavy)), tally):
                results[index] = result
        for index in sorted(range(len(groups)), key=weights.__getitem__):     # the heaviest last: its
            if results[index] is None:                                          # garbage is never walked
                results[index] = _scan_one(scan, groups[index], tally.reporter(index), weights[index])
    finally:
        gc.unfreeze()
    return results


_GARBAGE = False       # this process scanned a group since it last collected


def _scan_one(scan, group, progress, weight: int):
    """scan(group, progress), after freeing what the group this process scanned before left: a scan
    disables the cycle collector (engine._scanning()), and a group's modules and functions refer to one
    another, so one process scanning group after group would hold them all. The largest group is scanned
    first by a worker of its own, or last in this process: its garbage is never walked."""
    global _GARBAGE
    if _GARBAGE and not gc.isenabled():
        gc.collect()
    _GARBAGE = weight > 0
    return scan(group, progress)


def can_fork() -> bool:
    import multiprocessing      # here, as below: a re-scan that reuses its cache starts no worker
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


class Tally:
    """The sum of the groups' progress, passed on as one (what, done, total, findings so far)."""

    def __init__(self, progress, count: int):
        self.progress = progress
        self.latest = [(0, 0, 0)] * count

    def reporter(self, index: int):
        return lambda what, done, total, findings: self.report(index, what, done, total, findings)

    def report(self, index: int, what: str, done: int, total: int, findings: int) -> None:
        self.latest[index] = (done, total, findings)
        self.progress(what, *map(sum, zip(*self.latest)))


_TASK: tuple | None = None      # (groups, scan, weights, progress queue): set before the workers fork


def _in_workers(groups: list, scan, weights: list[int], order: list[int], jobs: int, tally: Tally):
    """(index, result) of each group a worker scanned; groups whose worker failed are left out. Each group
    has a worker of its own, forked for it, which exits when it has sent its result: what a group's syntax
    trees took goes back to the system at once (a pool's worker would keep it while it waits for the
    next group, and the largest group is still being scanned then)."""
    global _TASK
    import multiprocessing
    from multiprocessing.connection import wait
    context = multiprocessing.get_context("fork")
    reports = context.Queue()
    _TASK = (groups, scan, weights, reports)
    todo, running = list(order), {}
    try:
        while todo or running:
            while todo and len(running) < jobs:
                index = todo.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                worker = context.Process(target=_work, args=(index, sender), daemon=True)
                worker.start()
                sender.close()
                running[receiver] = (worker, index)
            ready = wait(list(running), timeout=0.2)
            _relay(reports, tally)
            for receiver in ready:
                worker, index = running.pop(receiver)
                result = _received(receiver)
                worker.join()
                if result is not None:
                    yield index, result[0]
        _relay(reports, tally)
    finally:
        for worker, _ in running.values():     # the scan was interrupted: its workers go with it
            worker.terminate()
            worker.join()
        _TASK = None


def _work(index: int, sender) -> None:
    groups, scan, weights, reports = _TASK
    try:
        result = (_scan_one(scan, groups[index], lambda *state: reports.put((index, *state)), weights[index]),)
    except Exception:           # a bug or a lack of memory in this worker: the group is scanned again here
        result = None
    reports.close()             # its progress reaches the parent first: once it has the result, it waits
    reports.join_thread()       # for this process to end, and would no longer read them
    sender.send(result)
    sender.close()


def _received(receiver) -> tuple | None:
    """(result,) from a worker, or None if it failed or died before it sent one."""
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None
    finally:
        receiver.close()


def _relay(reports, tally: Tally) -> None:
    while True:
        try:
            tally.report(*reports.get_nowait())
        except queue.Empty:
            return
