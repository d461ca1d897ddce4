"""CPython baseline for bench_processpool: round trips/s of ProcessPoolExecutor (fork), 2 workers.

Usage: cpython_processpool.py N [workers] [repeats]
Prints one JSON object (medians of the repeats):
  {"python": version, "submit": /s, "map_c1": /s, "map_c100": /s}
submit: N submits of a trivial function, then result() in order; map_c1: N items with
chunksize 1; map_c100: 10*N items with chunksize 100. The pool is started (its workers
forked) before the clock starts, as in the C++ benchmark.
"""
import concurrent.futures as cf
import json
import multiprocessing as mp
import statistics
import sys
import time


def noop(x):
    return x


def warm_pool(workers):
    ex = cf.ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
    ex.submit(noop, 0).result()
    return ex


def submit_rate(n, workers):
    with warm_pool(workers) as ex:
        t = time.perf_counter()
        fs = [ex.submit(noop, i) for i in range(n)]
        for f in fs:
            f.result()
        return n / (time.perf_counter() - t)


def map_rate(n, workers, chunksize):
    with warm_pool(workers) as ex:
        t = time.perf_counter()
        for _ in ex.map(noop, range(n), chunksize=chunksize):
            pass
        return n / (time.perf_counter() - t)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    out = {"python": sys.version.split()[0]}
    out["submit"] = statistics.median(submit_rate(n, workers) for _ in range(repeats))
    out["map_c1"] = statistics.median(map_rate(n, workers, 1) for _ in range(repeats))
    out["map_c100"] = statistics.median(map_rate(10 * n, workers, 100) for _ in range(repeats))
    print(json.dumps(out))
