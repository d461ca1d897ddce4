#!/usr/bin/env python3
"""The CPython side of the differential suite.

`scenarios.py NAME` runs one scenario with the running interpreter's concurrent.futures and prints
what it observed, one JSON object {"k": key, "v": value} per line. fidelity_driver.cpp prints the
same keys for PoolScope's executors; run.py compares them. `scenarios.py --list` names them all.

Keys hold states, return values, messages (`Type: message`), counts and thread names as CPython
prints them. Where CPython itself races (how many futures are RUNNING a few ms after submit), a
key holds the invariant, not the count.
"""

import concurrent.futures as cf
import concurrent.futures.process as cfp
import logging
import os
import re
import sys
import threading
import time

SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


def out(key, value):
    import json

    print(json.dumps({"k": key, "v": value}), flush=True)


def exc(e):
    """`Type: message`, or `Type` alone when the message is empty (as a traceback's last line)."""
    msg = str(e)
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def attempt(fn):
    """Calls fn(); its return value, or the exception it raised as `Type: message`."""
    try:
        return fn()
    except BaseException as e:  # noqa: BLE001 - the point is to report anything
        return exc(e)


def norm(text):
    """Future reprs carry an address; the comparison is about the rest."""
    return re.sub(r"<Future at 0x[0-9a-f]+", "<Future at ID", text)


class Capture(logging.Handler):
    """Records of the "concurrent.futures" logger: the message, then the traceback's lines."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        lines = [norm(record.getMessage())]
        if record.exc_info:
            lines += logging.Formatter().formatException(record.exc_info).splitlines()
        self.records.append(lines)


def capture_log():
    cap = Capture()
    log = logging.getLogger("concurrent.futures")
    log.addHandler(cap)
    log.propagate = False
    return cap


def out_log(prefix, cap):
    """The parts of each log record that both sides can have: message, traceback header, last line."""
    out(prefix + ".count", len(cap.records))
    for i, lines in enumerate(cap.records):
        out(f"{prefix}.{i}.message", lines[0])
        out(f"{prefix}.{i}.traceback", len(lines) > 1 and lines[1] == "Traceback (most recent call last):")
        out(f"{prefix}.{i}.last", lines[-1] if len(lines) > 1 else None)


def wait_until(pred, timeout=5.0):
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise RuntimeError("wait_until timed out")
        time.sleep(0.001)


def later(delay, fn):
    t = threading.Timer(delay, fn)
    t.start()
    return t


# ---------------------------------------------------------------- Future


@scenario
def future_states():
    """Future states and transitions: cancel(), set_running_or_notify_cancel(), result()/exception() timeouts, InvalidStateError."""
    f = cf.Future()
    out("new.state", f._state)
    out("new.running", f.running())
    out("new.done", f.done())
    out("set_running", f.set_running_or_notify_cancel())
    out("running.state", f._state)
    out("running.cancel", f.cancel())
    out("running.set_running", attempt(f.set_running_or_notify_cancel))
    f.set_result(1)
    out("finished.state", f._state)
    out("finished.cancel", f.cancel())
    out("finished.result", f.result())
    out("finished.set_result", norm(attempt(lambda: f.set_result(2))))
    out("finished.set_exception", norm(attempt(lambda: f.set_exception(ValueError("x")))))

    g = cf.Future()
    out("cancel.first", g.cancel())
    out("cancel.state", g._state)
    out("cancel.again", g.cancel())
    out("cancel.cancelled", g.cancelled())
    out("cancel.done", g.done())
    out("cancel.result", attempt(g.result))
    out("cancel.exception", attempt(g.exception))
    out("cancel.set_result", norm(attempt(lambda: g.set_result(1))))
    out("cancel.set_running", g.set_running_or_notify_cancel())
    out("cancel.notified_state", g._state)
    out("cancel.notified_cancel", g.cancel())

    h = cf.Future()
    h.set_result(7)  # PENDING -> FINISHED is legal
    out("direct.state", h._state)
    out("direct.result", h.result())

    p = cf.Future()
    out("timeout.result", attempt(lambda: p.result(timeout=0.05)))
    out("timeout.exception", attempt(lambda: p.exception(timeout=0)))

    e = cf.Future()
    e.set_exception(ValueError("boom"))
    out("raised.result", attempt(e.result))
    out("raised.exception", exc(e.exception()))


@scenario
def future_unexpected_state_log():
    """set_running_or_notify_cancel() on a finished future: logged critically, RuntimeError."""
    cap = capture_log()
    f = cf.Future()
    f.set_result(1)
    out("result", attempt(f.set_running_or_notify_cancel))
    out("log.count", len(cap.records))
    out("log.0.message", re.sub(r"Future \d+ ", "Future ID ", cap.records[0][0]))


@scenario
def future_repr():
    """Future repr in every state, with the result's type name."""
    f = cf.Future()
    out("pending", norm(repr(f)))
    f.set_running_or_notify_cancel()
    out("running", norm(repr(f)))
    c = cf.Future()
    c.cancel()
    out("cancelled", norm(repr(c)))
    values = {"int": 1, "float": 1.5, "str": "s", "bool": True, "None": None, "list": [1], "bytes": b"b"}
    for name, value in values.items():
        g = cf.Future()
        g.set_result(value)
        out("returned." + name, norm(repr(g)))
    e = cf.Future()
    e.set_exception(ValueError("boom"))
    out("raised", norm(repr(e)))


@scenario
def future_set_exception_none():
    """set_exception(None): finished, result() returns None."""
    f = cf.Future()
    f.set_exception(None)
    out("state", f._state)
    out("result", attempt(f.result))
    out("exception", attempt(f.exception))
    out("repr", norm(repr(f)))


@scenario
def future_callbacks():
    """Done callbacks: order, completing thread, run at once when added late, a raising one logged with its traceback."""
    cap = capture_log()
    f = cf.Future()
    calls = []

    def cb(name, boom=False):
        def fn(fut):
            calls.append((name, threading.current_thread().name, fut is f))
            if boom:
                raise ValueError("cb boom")

        return fn

    f.add_done_callback(cb("a", boom=True))
    f.add_done_callback(cb("b"))
    f.add_done_callback(cb("c"))
    t = threading.Thread(target=lambda: f.set_result(3), name="completer")
    t.start()
    t.join()
    out("order", [c[0] for c in calls])
    out("threads", [c[1] for c in calls])
    out("argument_is_future", all(c[2] for c in calls))
    f.add_done_callback(cb("late"))
    out("late.ran", [c[0] for c in calls][-1])
    out("late.thread", calls[-1][1])
    out_log("log", cap)

    g = cf.Future()
    cancelled = []
    g.add_done_callback(lambda fut: cancelled.append(fut._state))
    g.cancel()
    out("cancel.callback_state", cancelled)


# ---------------------------------------------------------------- wait, as_completed


def done_future(value=None):
    f = cf.Future()
    f.set_result(value)
    return f


@scenario
def wait_basics():
    """wait(): duplicates, timeout without exception, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED."""
    a = done_future(1)
    done, not_done = cf.wait([a, a])
    out("duplicates.done", len(done))
    out("duplicates.not_done", len(not_done))

    p = cf.Future()
    t0 = time.monotonic()
    done, not_done = cf.wait([p], timeout=0.1)
    out("timeout.done", len(done))
    out("timeout.not_done", len(not_done))
    out("timeout.waited_at_least_timeout", time.monotonic() - t0 >= 0.095)

    done, not_done = cf.wait([a, p], return_when=cf.FIRST_COMPLETED)
    out("first_completed.done", len(done))

    done, not_done = cf.wait([a, p], timeout=0.05, return_when=cf.FIRST_EXCEPTION)
    out("first_exception.no_exception.done", len(done))
    out("first_exception.no_exception.not_done", len(not_done))
    e = cf.Future()
    e.set_exception(ValueError("x"))
    done, not_done = cf.wait([a, e, p], return_when=cf.FIRST_EXCEPTION)
    out("first_exception.raised.done", len(done))

    q = cf.Future()
    later(0.05, lambda: q.set_result(1))
    done, not_done = cf.wait([a, q], timeout=5)
    out("all_completed.done", len(done))
    out("all_completed.not_done", len(not_done))


@scenario
def wait_cancelled_not_notified():
    """cancel() does not wake wait(); set_running_or_notify_cancel() does."""
    c = cf.Future()
    c.cancel()
    done, not_done = cf.wait([c], timeout=0.05)
    out("cancelled.done", len(done))
    out("cancelled.not_done", len(not_done))
    c.set_running_or_notify_cancel()
    done, not_done = cf.wait([c], timeout=0.05)
    out("notified.done", len(done))

    # A waiter sees a cancel only when the executor's set_running_or_notify_cancel() runs.
    d = cf.Future()
    later(0.05, d.cancel)
    later(0.3, d.set_running_or_notify_cancel)
    t0 = time.monotonic()
    done, _ = cf.wait([d], timeout=5, return_when=cf.FIRST_COMPLETED)
    out("waiter.woke_after_notify", time.monotonic() - t0 >= 0.25)
    out("waiter.done", len(done))


@scenario
def as_completed_order():
    """as_completed(): finished futures first, then completion order, duplicates once."""
    a = done_future("a")
    b, c = cf.Future(), cf.Future()
    later(0.05, lambda: c.set_result("c"))
    later(0.15, lambda: b.set_result("b"))
    out("order", [f.result() for f in cf.as_completed([b, a, c, a], timeout=5)])


@scenario
def as_completed_timeout():
    """as_completed() timeout: TimeoutError('N (of M) futures unfinished')."""
    p = cf.Future()
    it = cf.as_completed([p, done_future("y")], timeout=0.1)
    out("first", next(it).result())
    out("second", attempt(lambda: next(it)))


@scenario
def as_completed_clock_starts_at_first_next():
    """as_completed()'s deadline starts at the first next()."""
    # as_completed() is a generator function: nothing runs, not even the deadline, until next().
    f = cf.Future()
    t0 = time.monotonic()
    later(0.6, lambda: f.set_result("late"))
    it = cf.as_completed([f], timeout=0.5)
    time.sleep(0.3)
    out("first_next", attempt(lambda: next(it).result()))
    out("waited_for_the_future", time.monotonic() - t0 >= 0.55)


@scenario
def as_completed_snapshot_at_first_next():
    """as_completed() takes its snapshot of finished futures at the first next()."""
    # Which futures count as "already finished" is decided at the first next(), too.
    a, b = cf.Future(), cf.Future()
    it = cf.as_completed([a, b], timeout=5)
    b.set_result("b")
    later(0.05, lambda: a.set_result("a"))
    out("order", [f.result() for f in it])


# ---------------------------------------------------------------- map


@scenario
def map_results_and_eager_submit():
    """map(): eager submit, input order, chunksize ignored by the thread pool."""
    started = []
    with cf.ThreadPoolExecutor(1) as ex:
        gen = ex.map(lambda x: started.append(x) or x * x, range(5))
        wait_until(lambda: len(started) == 5)
        out("started_before_first_next", len(started))
        out("results", list(gen))
        out("two_iterables", list(ex.map(lambda x, y: x + y, [1, 2, 3], [10, 20])))
        out("chunksize_ignored", list(ex.map(lambda x: -x, [1, 2], chunksize=100)))


@scenario
def map_timeout_cancels_rest():
    """map() timeout: bare TimeoutError, the rest cancelled."""
    ran = []
    with cf.ThreadPoolExecutor(1) as ex:
        gen = ex.map(lambda x: ran.append(x) or time.sleep(0.3), range(4), timeout=0.1)
        out("first_next", attempt(lambda: next(gen)))
        out("after_timeout_next", attempt(lambda: next(gen)))
    out("ran", len(ran))


@scenario
def map_deadline_from_call():
    """map()'s deadline starts at the map() call."""
    # map()'s deadline, unlike as_completed()'s, is computed in map() itself, before the generator.
    with cf.ThreadPoolExecutor(1) as ex:
        gen = ex.map(lambda x: time.sleep(0.6), [0], timeout=0.4)
        time.sleep(0.3)
        out("first_next", attempt(lambda: next(gen)))


@scenario
def map_exception_cancels_rest():
    """map(): a task's exception propagates, the rest cancelled."""
    ran = []

    def task(x):
        ran.append(x)
        if x == 0:
            raise ValueError("map boom")
        time.sleep(0.2)
        return x

    with cf.ThreadPoolExecutor(1) as ex:
        gen = ex.map(task, range(4))
        out("first_next", attempt(lambda: next(gen)))
    # The worker may or may not have dequeued the second item before the generator cancelled it.
    out("ran_one_or_two", len(ran) in (1, 2))


@scenario
def map_close_cancels_rest():
    """map(): closing the iterator early cancels the rest."""
    ran = []
    with cf.ThreadPoolExecutor(1) as ex:
        gen = ex.map(lambda x: ran.append(x) or time.sleep(0.05) or x, range(5))
        out("first", next(gen))
        gen.close()
        out("after_close_next", attempt(lambda: next(gen)))
    # The worker may or may not have dequeued the second item before close() cancelled it.
    out("ran_one_or_two", len(ran) in (1, 2))


@scenario
def map_dropped_before_first_next():
    """map(): an iterator dropped or closed before its first next() cancels nothing."""
    # An unstarted generator's finally never runs: nothing is cancelled, every task runs.
    ran = []
    with cf.ThreadPoolExecutor(1) as ex:
        gen = ex.map(lambda x: ran.append(x) or time.sleep(0.02), range(5))
        del gen
    out("ran", len(ran))
    ran2 = []
    with cf.ThreadPoolExecutor(1) as ex:
        gen = ex.map(lambda x: ran2.append(x) or time.sleep(0.02), range(5))
        gen.close()
        out("closed_unstarted_next", attempt(lambda: next(gen)))
    out("closed_unstarted.ran", len(ran2))


# ---------------------------------------------------------------- ThreadPoolExecutor


@scenario
def thread_pool_arguments():
    """ThreadPoolExecutor max_workers: default min(32, cpu_count + 4), <= 0 is ValueError."""
    ex = cf.ThreadPoolExecutor()
    out("default_max_workers", ex._max_workers)
    out("formula", min(32, (os.cpu_count() or 1) + 4))
    ex.shutdown()
    out("zero", attempt(lambda: cf.ThreadPoolExecutor(0)))
    out("negative", attempt(lambda: cf.ThreadPoolExecutor(-1)))


@scenario
def thread_pool_names_and_reuse():
    """ThreadPoolExecutor thread names and reuse of an idle thread."""
    barrier = threading.Barrier(2)
    with cf.ThreadPoolExecutor(2) as ex:
        fs = [ex.submit(lambda: barrier.wait() and None or threading.current_thread().name) for _ in range(2)]
        out("default_names", sorted(f.result() for f in fs))
    with cf.ThreadPoolExecutor(2, thread_name_prefix="worker") as ex:
        barrier.reset()
        fs = [ex.submit(lambda: barrier.wait() and None or threading.current_thread().name) for _ in range(2)]
        out("prefix_names", sorted(f.result() for f in fs))
    with cf.ThreadPoolExecutor(4) as ex:
        names = []
        for _ in range(3):
            names.append(ex.submit(lambda: threading.current_thread().name).result())
            time.sleep(0.05)  # the thread parks and releases the idle semaphore
        out("sequential.names", names)
        out("sequential.threads", len(ex._threads))


@scenario
def thread_pool_initializer_failure():
    """ThreadPoolExecutor failing initializer: BrokenThreadPool, logged with its traceback."""
    cap = capture_log()

    def init():
        raise ValueError("init boom")

    ex = cf.ThreadPoolExecutor(1, initializer=init)
    f = ex.submit(lambda: 1)
    out("queued.exception", attempt(f.result))
    out("submit_after", attempt(lambda: ex.submit(lambda: 2)))
    ex.shutdown()
    out_log("log", cap)


@scenario
def thread_pool_shutdown():
    """ThreadPoolExecutor shutdown(cancel_futures=True): queued futures stay CANCELLED, submit refused."""
    ex = cf.ThreadPoolExecutor(1)
    gate = threading.Event()
    first = ex.submit(gate.wait)
    wait_until(first.running)
    queued = [ex.submit(lambda: 1) for _ in range(3)]
    ex.shutdown(wait=False, cancel_futures=True)
    out("queued_states", [f._state for f in queued])
    out("submit_after", attempt(lambda: ex.submit(lambda: 1)))
    gate.set()
    ex.shutdown(wait=True)
    out("first_state", first._state)
    out("queued_states_after", [f._state for f in queued])


@scenario
def thread_pool_shutdown_twice():
    """ThreadPoolExecutor shutdown(wait=False) then shutdown(wait=True) joins."""
    # shutdown(wait=False), then shutdown(wait=True): the second one joins the threads.
    ex = cf.ThreadPoolExecutor(1)
    f = ex.submit(time.sleep, 0.3)
    wait_until(f.running)
    ex.shutdown(wait=False)
    ex.shutdown(wait=True)
    out("state_after_second", f._state)


@scenario
def thread_pool_task_shuts_down_own_pool():
    """A task calling shutdown(wait=True) on its own thread pool."""
    ex = cf.ThreadPoolExecutor(1)
    f = ex.submit(lambda: ex.shutdown(wait=True))
    out("task", attempt(f.result))
    out("submit_after", attempt(lambda: ex.submit(lambda: 1)))
    ex.shutdown()


@scenario
def thread_pool_callback_thread():
    """ThreadPoolExecutor done callbacks run on the pool thread."""
    with cf.ThreadPoolExecutor(1, thread_name_prefix="w") as ex:
        seen = []
        f = ex.submit(time.sleep, 0.05)
        f.add_done_callback(lambda fut: seen.append(threading.current_thread().name))
        f.result()
        wait_until(lambda: seen)
        out("callback_thread", seen[0])


# ---------------------------------------------------------------- ProcessPoolExecutor (fork)


def fork_pool(*args, **kwargs):
    import multiprocessing

    return cf.ProcessPoolExecutor(*args, mp_context=multiprocessing.get_context("fork"), **kwargs)


def raise_value_error(message):
    raise ValueError(message)


def sleep_s(s):
    time.sleep(s)
    return os.getpid()


def die():
    os.kill(os.getpid(), 9)


def square(x):
    return x * x


@scenario
def process_pool_arguments():
    """ProcessPoolExecutor arguments: max_workers, max_tasks_per_child, chunksize, EXTRA_QUEUED_CALLS."""
    out("zero", attempt(lambda: fork_pool(0)))
    out("max_tasks_zero", attempt(lambda: cf.ProcessPoolExecutor(1, max_tasks_per_child=0)))
    with fork_pool(1) as ex:
        out("chunksize_zero", attempt(lambda: ex.map(square, [1], chunksize=0)))
        out("map_chunks", list(ex.map(square, range(7), chunksize=3)))
    out("extra_queued_calls", cfp.EXTRA_QUEUED_CALLS)


@scenario
def process_pool_results_and_errors():
    """ProcessPoolExecutor results, a task's exception, callbacks off the caller, submit after shutdown."""
    with fork_pool(2) as ex:
        out("result", ex.submit(square, 12).result())
        out("exception", attempt(ex.submit(raise_value_error, "proc boom").result))
        seen = []
        f = ex.submit(sleep_s, 0.2)
        f.add_done_callback(lambda fut: seen.append(threading.current_thread() is threading.main_thread()))
        f.result()
        wait_until(lambda: seen)
        out("callback_on_main_thread", seen[0])
    out("submit_after_shutdown", attempt(lambda: ex.submit(square, 1)))


@scenario
def process_pool_running_on_call_queue_entry():
    """ProcessPoolExecutor futures turn RUNNING on entering the call queue."""
    workers = 2
    with fork_pool(workers) as ex:
        ex.submit(square, 1).result()  # every worker is up
        fs = [ex.submit(sleep_s, 0.4) for _ in range(6)]
        time.sleep(0.15)
        running = sum(f.running() for f in fs)
        # RUNNING means it entered the call queue (max_workers + EXTRA_QUEUED_CALLS slots), not that a
        # worker started it: more futures are RUNNING than there are workers, and they cannot be cancelled.
        out("running_more_than_workers", running > workers)
        out("running_at_most_workers_plus_queue", running <= workers + workers + cfp.EXTRA_QUEUED_CALLS)
        cancels = [f.cancel() for f in fs]
        out("cancel_fails_exactly_for_running", all(c != (f._state == "RUNNING") for c, f in zip(cancels, fs)))


@scenario
def process_pool_broken():
    """ProcessPoolExecutor with a killed worker: BrokenProcessPool messages."""
    ex = fork_pool(2)
    ex.submit(square, 1).result()
    f = ex.submit(die)
    out("dead_worker_future", attempt(f.result))
    out("submit_after", attempt(lambda: ex.submit(square, 1)))
    ex.shutdown()


@scenario
def process_pool_callback_shuts_down_pool():
    """A done callback (on the manager thread) calling shutdown(wait=True) on its process pool."""
    cap = capture_log()
    ex = fork_pool(1)
    f = ex.submit(sleep_s, 0.2)
    ran = threading.Event()

    def cb(fut):
        try:
            ex.shutdown(wait=True)
        finally:
            ran.set()

    f.add_done_callback(cb)
    f.result()
    ran.wait(5)
    out("submit_after", attempt(lambda: ex.submit(square, 1)))
    ex.shutdown(wait=True)
    out_log("log", cap)


@scenario
def process_pool_shutdown_twice():
    """ProcessPoolExecutor shutdown(wait=False) then shutdown(wait=True): the second returns at once."""
    ex = fork_pool(1)
    f = ex.submit(sleep_s, 0.5)
    wait_until(f.running)
    ex.shutdown(wait=False)
    ex.shutdown(wait=True)
    out("state_after_second", f._state)
    out("result", isinstance(f.result(timeout=5), int))


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(SCENARIOS))
        return 0
    if len(argv) != 2 or argv[1] not in SCENARIOS:
        print(f"usage: {argv[0]} --list | SCENARIO", file=sys.stderr)
        return 2
    SCENARIOS[argv[1]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
