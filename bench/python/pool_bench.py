"""Python's multiprocessing.Pool on the sizes of dev.mproc.bench.PoolBenchmark, for the ratios in the README.

    python3 bench/python/pool_bench.py [workers] [items]

Prints tasks per second of map with chunksize 1 and with the default chunking, the apply_async round trip, and the
start of a spawn-method pool until its first result (the way a JVM pool starts: a fresh interpreter per worker).
"""
import multiprocessing as mp
import statistics
import sys
import time


def square(x):
    return x * x


def answer():
    return 42


def best_rate(pool, items, chunksize, rounds=5):
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        if chunksize is None:
            pool.map(square, items)
        else:
            pool.map(square, items, chunksize)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.mean(rates[1:])


def main():
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    items = list(range(n))
    with mp.get_context("fork").Pool(workers) as pool:
        print(f"map chunksize 1:      {best_rate(pool, items, 1):12.0f} tasks/s")
        print(f"map default chunks:   {best_rate(pool, items, None):12.0f} tasks/s")
        rounds = 2000
        for _ in range(200):
            pool.apply_async(answer).get()
        start = time.perf_counter()
        for _ in range(rounds):
            pool.apply_async(answer).get()
        print(f"apply_async round trip: {(time.perf_counter() - start) / rounds * 1e6:10.1f} us")
    spawn = mp.get_context("spawn")
    times = []
    for _ in range(6):
        start = time.perf_counter()
        pool = spawn.Pool(workers)
        pool.apply(answer)
        times.append((time.perf_counter() - start) * 1e3)
        pool.terminate()
        pool.join()
    print(f"spawn pool start until first result: {statistics.mean(times[1:]):8.1f} ms")


if __name__ == "__main__":
    main()
