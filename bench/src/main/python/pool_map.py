"""Python's side of PoolBenchmark, on the same sizes: 2 workers, 10,000 tiny tasks per map.

Measures map with chunksize 1 and with the default chunking, the apply_async round trip (all on a pool started with
the default start method, before the clock), and a pool's start until its first result with the default start
method and with spawn (a fresh interpreter per worker, as a JVM pool starts).
"""
import multiprocessing as mp
import time

import benchlib

WORKERS = 2
ITEMS = 10_000
START_SHOTS = 3


def square(x):
    return x * x


def answer():
    return 42


def start_until_first_result_ms(context):
    """JMH's single-shot mode: one warm-up shot, then the mean of START_SHOTS."""
    times = []
    for _ in range(1 + START_SHOTS):
        start = time.perf_counter()
        pool = context.Pool(WORKERS)
        pool.apply(answer)
        times.append((time.perf_counter() - start) * 1e3)
        pool.terminate()
        pool.join()
    return sum(times[1:]) / START_SHOTS


def main():
    seconds = benchlib.seconds()
    items = list(range(ITEMS))
    with mp.Pool(WORKERS) as pool:
        pool.apply(answer)
        for chunksize, label in ((1, "chunksize-1"), (None, "default-chunks")):
            rate = benchlib.throughput(lambda: pool.map(square, items, chunksize), ITEMS, seconds)
            benchlib.emit("python-pool-map-" + label, rate, "tasks/s")
        rate = benchlib.throughput(lambda: pool.apply_async(answer).get(), 1, seconds)
        benchlib.emit("python-pool-apply-async", 1e6 / rate, "us")
    default = mp.get_start_method()
    for label, method in (("default", default), ("spawn", "spawn")):
        benchlib.emit("python-pool-start-first-result-" + label,
                      start_until_first_result_ms(mp.get_context(method)), "ms", method)


if __name__ == "__main__":
    main()
