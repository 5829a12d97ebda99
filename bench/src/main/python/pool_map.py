"""Python's side of PoolBenchmark, on the same sizes: 2 workers, 10,000 tiny tasks.

Measures map with chunksize 1 and with the default chunking, the apply_async round trip, and a spawn-method pool's
start until its first result (the way a JVM pool starts: a fresh interpreter per worker).
Prints one line per scenario: `scenario=<id> value=<number> unit=<unit>`.
"""
import multiprocessing as mp
import statistics
import sys
import time

WORKERS = 2
ITEMS = 10_000


def square(x):
    return x * x


def answer():
    return 42


def mean_rate(pool, items, chunksize, rounds):
    rates = []
    for _ in range(rounds + 1):
        start = time.perf_counter()
        pool.map(square, items, chunksize)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.mean(rates[1:])


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    rounds = max(2, int(4 * seconds))
    items = list(range(ITEMS))
    spawn = mp.get_context("spawn")
    with spawn.Pool(WORKERS) as pool:
        for chunksize, label in ((1, "chunksize-1"), (None, "default-chunks")):
            print("scenario=python-pool-map-%s value=%.1f unit=tasks/s"
                  % (label, mean_rate(pool, items, chunksize, rounds)), flush=True)
        for _ in range(200):
            pool.apply_async(answer).get()
        n = int(2000 * seconds)
        start = time.perf_counter()
        for _ in range(n):
            pool.apply_async(answer).get()
        print("scenario=python-pool-apply-async value=%.2f unit=us" % ((time.perf_counter() - start) / n * 1e6))
    times = []
    for _ in range(rounds + 1):
        start = time.perf_counter()
        pool = spawn.Pool(WORKERS)
        pool.apply(answer)
        times.append((time.perf_counter() - start) * 1e3)
        pool.terminate()
        pool.join()
    print("scenario=python-pool-start-first-result value=%.1f unit=ms" % statistics.mean(times[1:]))


if __name__ == "__main__":
    main()
