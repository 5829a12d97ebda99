"""Python's side of PoolBenchmark: tiny tasks through Pool.map, apply_async round trip, pool start to first result.

Prints one line per scenario: `scenario=<id> value=<number> unit=<unit>`.
"""
import multiprocessing as mp
import sys
import time


def square(x):
    return x * x


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    mp.set_start_method("spawn")
    workers = mp.cpu_count()
    start = time.perf_counter()
    pool = mp.Pool(workers)
    pool.apply(square, (3,))
    print("scenario=python-pool-start-first-result value=%.2f unit=ms" % ((time.perf_counter() - start) * 1000))
    items = list(range(int(20_000 * seconds)))
    for chunksize, label in ((1, "chunksize-1"), (None, "default-chunks")):
        pool.map(square, items[:1000], chunksize)
        start = time.perf_counter()
        pool.map(square, items, chunksize)
        print("scenario=python-pool-map-%s value=%.1f unit=tasks/s"
              % (label, len(items) / (time.perf_counter() - start)), flush=True)
    for _ in range(200):
        pool.apply_async(square, (2,)).get()
    rounds = int(2000 * seconds)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        pool.apply_async(square, (2,)).get()
        times.append(time.perf_counter() - start)
    times.sort()
    print("scenario=python-pool-apply-async-median value=%.2f unit=us" % (times[len(times) // 2] * 1e6))
    pool.close()
    pool.join()


if __name__ == "__main__":
    main()
