"""CPython baseline for bench_threadpool: tasks/s of ThreadPoolExecutor on a trivial task.

Prints one JSON object: {"python": version, "submit": tasks/s, "map": tasks/s} (median of repeats).
"""
import concurrent.futures as cf
import json
import statistics
import sys
import time


def noop(x=None):
    return x


def measure(n, workers, repeats):
    submit, mapped = [], []
    for _ in range(repeats):
        with cf.ThreadPoolExecutor(workers) as ex:
            t = time.perf_counter()
            fs = [ex.submit(noop, i) for i in range(n)]
            for f in fs:
                f.result()
            submit.append(n / (time.perf_counter() - t))
        with cf.ThreadPoolExecutor(workers) as ex:
            t = time.perf_counter()
            for _ in ex.map(noop, range(n)):
                pass
            mapped.append(n / (time.perf_counter() - t))
    return statistics.median(submit), statistics.median(mapped)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    s, m = measure(n, workers, repeats)
    print(json.dumps({"python": sys.version.split()[0], "submit": s, "map": m}))
